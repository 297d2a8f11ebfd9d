import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_TYPES, POSTABLE_EVENT_TYPES } from '@ledger/domain';
import { ADMIN_KEY, Fixtures, TestLedger, bearer, unique, useLedger } from './support/ledger';
import {
  compile,
  generateTypes,
  lint,
  run,
  scratchDir,
  validate,
  writeClientProject,
} from './support/openapi-tools';
import { operationsOf, schemaProblems } from './support/openapi-walk';

/**
 * The OpenAPI document as client generators use it. Real: the app on PGlite, listening on a port;
 * swagger-parser, `redocly lint` (recommended rules), openapi-typescript, tsc and openapi-fetch from
 * node_modules. Faked: nothing. Generated files live in a scratch directory, never in the checkout.
 */
type Doc = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};
type Operation = Record<string, unknown> & {
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
};
type Schema = Record<string, unknown>;

/** Warnings the recommended rules may give, each with the reason it stays. */
const ACCEPTED_WARNINGS: Record<string, string> = {
  'info-license-strict': 'the product is proprietary (UNLICENSED): there is no license text to link to',
};

describe('the OpenAPI document (/docs-json)', () => {
  let ledger: TestLedger;
  let doc: Doc;
  let url: string;
  const dir = scratchDir();
  useLedger('pglite', (l) => {
    ledger = l;
  });
  beforeAll(async () => {
    await ledger.app.listen(0, '127.0.0.1');
    url = (await ledger.app.getUrl()).replace('[::1]', '127.0.0.1');
    doc = (await ledger.http.get('/docs-json').expect(200)).body as Doc;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is valid OpenAPI 3.0 for swagger-parser', async () => {
    expect(doc).toHaveProperty('openapi', expect.stringMatching(/^3\.0\./));
    await expect(validate(doc)).resolves.toBeUndefined();
  });

  it(
    'is clean under redocly lint’s recommended rules: ' + 'no error, only the warnings argued above',
    async () => {
      const report = await lint(doc, dir);
      const unexpected = report.problems.filter(
        (p) => p.severity === 'error' || !(p.ruleId in ACCEPTED_WARNINGS),
      );
      expect(unexpected).toEqual([]);
      expect(report.errors).toBe(0);
      expect(report.warnings).toBeLessThanOrEqual(Object.keys(ACCEPTED_WARNINGS).length);
    },
    60_000,
  );

  it('writes schemas the OpenAPI 3.0 way: exclusiveMinimum a boolean, nullable always beside a type', () => {
    expect(schemaProblems(doc)).toEqual([]);
  });

  it('declares the bearer key scheme, and security: [] exactly where the guard lets anyone through', () => {
    const scheme = (doc as unknown as { components: { securitySchemes: Record<string, Schema> } }).components
      .securitySchemes.apiKey;
    expect(scheme).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: expect.stringContaining('plk_'),
    });
    expect(scheme.bearerFormat).not.toMatch(/JWT/);
    const publicOps = operationsOf(doc, ledger.app)
      .filter((o) => o.access === 'public')
      .map((o) => o.name);
    expect(publicOps.sort()).toEqual([
      'GET /health',
      'GET /metrics',
      'GET /v1/ledger/key-rotations',
      'GET /v1/ledger/public-key',
    ]);
  });

  it('gives every operation a summary, the guard’s roles (description, x-roles) and its errors', () => {
    const ops = operationsOf(doc, ledger.app);
    expect(ops).toHaveLength(62);
    for (const { name, operation, access } of ops) {
      const statuses = Object.keys(operation.responses);
      expect({ name, summary: operation.summary }).toEqual({
        name,
        summary: expect.stringMatching(/^\S.{3,60}$/),
      });
      if (access === 'public') {
        expect({ name, security: operation.security, roles: operation['x-roles'] }).toEqual({
          name,
          security: [],
          roles: undefined,
        });
        expect({ name, statuses }).toEqual({ name, statuses: expect.not.arrayContaining(['401', '403']) });
      } else {
        const line = `${access.length === 1 ? 'Role' : 'Roles'}: ${access.join(', ')}.`;
        expect({
          name,
          roles: operation['x-roles'],
          description: String(operation.description).split('\n')[0],
        }).toEqual({ name, roles: access, description: line });
        expect({ name, statuses }).toEqual({ name, statuses: expect.arrayContaining(['401', '403', '503']) });
        expect(operation.responses['403'].description).toContain(`(allowed: ${access.join(', ')})`);
      }
      expect({ name, statuses }).toEqual({
        name,
        statuses: expect.arrayContaining(['429', 'default', expect.stringMatching(/^2/)]),
      });
      if (operation.requestBody)
        expect({ name, statuses }).toEqual({ name, statuses: expect.arrayContaining(['400', '413', '415']) });
      if ((operation.parameters as unknown[]).length > 0)
        expect({ name, statuses }).toEqual({ name, statuses: expect.arrayContaining(['400']) });
      if (name.includes('{partnershipId}'))
        expect({ name, statuses }).toEqual({ name, statuses: expect.arrayContaining(['404']) });
    }
  });

  it('answers every error as application/problem+json (Problem), and types every success', () => {
    for (const { name, operation } of operationsOf(doc, ledger.app)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        const content = (response.content ?? {}) as Record<string, { schema?: Schema }>;
        if (status.startsWith('2')) {
          const schemas = Object.values(content).map((c) => c.schema);
          if (status !== '204')
            expect({ name, status, schemas }).toEqual({
              name,
              status,
              schemas: [expect.objectContaining({})],
            });
          // A named schema (metrics: text); never an untyped object.
          for (const schema of schemas)
            expect({ name, status, typed: schema?.$ref ?? schema?.type }).toEqual({
              name,
              status,
              typed: expect.stringMatching(/^(#\/components\/schemas\/\w+|string)$/),
            });
        } else {
          expect({ name, status, content }).toEqual({
            name,
            status,
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
          });
        }
      }
    }
    type Body = { content: Record<string, { schema: { $ref: string } }> };
    const bodies = operationsOf(doc, ledger.app).flatMap(({ name, operation }) =>
      operation.requestBody ? [{ name, body: operation.requestBody as Body }] : [],
    );
    expect(bodies).toHaveLength(18);
    for (const { name, body } of bodies) {
      const schema = { $ref: expect.stringMatching(/^#\/components\/schemas\/\w+$/) };
      expect({ name, body }).toEqual({
        name,
        body: { required: true, content: { 'application/json': { schema } } },
      });
      const named = doc.components.schemas[body.content['application/json'].schema.$ref.split('/').pop()!];
      // Closed like the server: a single schema directly, the append body's union in its members.
      if (named.properties)
        expect({ name, closed: named.additionalProperties }).toEqual({ name, closed: false });
    }
    expect(doc.paths['/metrics'].get.responses['200'].content).toEqual({
      'text/plain': { schema: expect.objectContaining({ type: 'string' }) },
    });
  });

  it('makes posted events a discriminated union on type: one closed variant per postable type', () => {
    const schemas = doc.components.schemas;
    for (const [union, extra] of [
      ['EventInput', []],
      ['AppendOneEvent', ['expectedVersion']],
    ] as const) {
      const member = (type: string) => `#/components/schemas/${union}.${type}`;
      expect(schemas[union]).toEqual({
        oneOf: POSTABLE_EVENT_TYPES.map((type) => ({ $ref: member(type) })),
        discriminator: {
          propertyName: 'type',
          mapping: Object.fromEntries(POSTABLE_EVENT_TYPES.map((type) => [type, member(type)])),
        },
      });
      for (const type of POSTABLE_EVENT_TYPES) {
        const variant = schemas[`${union}.${type}`] as Schema & { properties: Record<string, Schema> };
        expect(variant).toMatchObject({
          type: 'object',
          additionalProperties: false,
          required: ['type', 'occurredAt', 'data'],
        });
        expect(variant.properties.type).toEqual({ type: 'string', enum: [type] });
        expect(variant.properties.data).toEqual({ $ref: `#/components/schemas/EventData.${type}` });
        expect(Object.keys(variant.properties).sort()).toEqual(
          [...extra, 'data', 'eventId', 'occurredAt', 'type'].sort(),
        );
      }
    }
    expect(schemas['EventInput.partnership.formed']).toBeUndefined();
    for (const type of EVENT_TYPES)
      expect(schemas[`EventData.${type}`]).toMatchObject({ type: 'object', additionalProperties: false });
  });

  it('takes one event or a batch as non-overlapping, closed alternatives with their required fields', () => {
    const schemas = doc.components.schemas;
    const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
    const append = doc.paths['/v1/partnerships/{partnershipId}/events'].post;
    expect(append.requestBody).toEqual({
      required: true,
      content: { 'application/json': { schema: ref('AppendEventsBody') } },
    });
    expect(schemas.AppendEventsBody.oneOf).toEqual([ref('AppendOneEvent'), ref('AppendEventBatch')]);
    expect(schemas.AppendEventBatch).toEqual({
      type: 'object',
      description: expect.any(String),
      required: ['events'],
      additionalProperties: false,
      properties: {
        expectedVersion: ref('ExpectedVersion'),
        events: { type: 'array', minItems: 1, maxItems: 1000, items: ref('EventInput') },
      },
    });
    // Disjoint: a single event must have `type` and may not have `events`; a batch the other way round.
    for (const type of POSTABLE_EVENT_TYPES)
      expect(schemas[`AppendOneEvent.${type}`].properties).not.toHaveProperty('events');
    const [integer, keyword] = (schemas.ExpectedVersion as { oneOf: Schema[] }).oneOf;
    expect([integer.type, keyword]).toEqual(['integer', { type: 'string', enum: ['any', 'exists'] }]);
  });

  it('closes what the server closes: an unknown field in body, event or data answers 400', async () => {
    const { keys, partnershipId } = await new Fixtures(ledger).world(unique('closed'));
    const event = {
      type: 'cost.incurred',
      occurredAt: '2026-01-10T09:00:00Z',
      data: { amount: '1.00', category: 'mdf' },
    };
    const post = (body: object) =>
      ledger.http.post(`/v1/partnerships/${partnershipId}/events`).set(bearer(keys.a)).send(body);
    for (const body of [
      { ...event, note: 1 },
      { events: [{ ...event, note: 1 }] },
      { ...event, data: { ...event.data, note: 1 } },
      { events: [event], note: 1 },
    ]) {
      const res = await post(body).expect(400);
      expect(res.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ path: expect.stringMatching(/note$/) })]),
      );
    }
    // The other bodies too, as their closed schemas say.
    const org = { orgId: unique('closed-org'), name: 'Closed', note: 1 };
    const res = await ledger.http.post('/v1/organizations').set(bearer(ADMIN_KEY)).send(org).expect(400);
    expect(res.body.errors).toEqual([{ path: 'note', message: 'is not an allowed field' }]);
  });

  it('types read events as a discriminated union on type too', () => {
    const schemas = doc.components.schemas;
    const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
    expect(Object.keys((schemas.LedgerEvent.discriminator as { mapping: object }).mapping)).toEqual(
      EVENT_TYPES,
    );
    for (const type of EVENT_TYPES) {
      expect(schemas[`LedgerEvent.${type}`].allOf).toEqual([
        ref('LedgerEventEnvelope'),
        {
          type: 'object',
          required: ['type', 'data'],
          properties: { type: { type: 'string', enum: [type] }, data: ref(`EventData.${type}`) },
        },
      ]);
    }
    for (const list of ['PartnershipEventsDto', 'LedgerEventsDto']) {
      expect((schemas[list].properties as Record<string, Schema>).items).toEqual({
        type: 'array',
        items: ref('LedgerEvent'),
      });
    }
  });

  it('generates a client that compiles (--strict), refuses a mixed-up deal.won, and works', async () => {
    const types = await generateTypes(doc, dir, 'ledger.d.ts');
    expect(types).toContain('"AppendOneEvent.deal.won"');
    writeClientProject(dir, join(__dirname, 'openapi-client', 'main.ts'));
    // Without its @ts-expect-error line, the mix-up is the one thing the compiler refuses, for that reason.
    const program = readFileSync(join(dir, 'main.ts'), 'utf8');
    writeFileSync(join(dir, 'main.ts'), program.replace(/^\s*\/\/ @ts-expect-error.*\n/m, ''));
    const refused = await compile(dir);
    expect(refused.stdout.split('\n').filter((line) => line.startsWith('main.ts('))).toHaveLength(1);
    expect(refused.stdout).toContain(
      "Object literal may only specify known properties, and 'customerId' does not exist",
    );
    writeFileSync(join(dir, 'main.ts'), program);
    expect(await compile(dir)).toEqual({ code: 0, stdout: '', stderr: '' });

    const env = { LEDGER_URL: url, LEDGER_ADMIN_KEY: ADMIN_KEY, RUN_ID: unique('gen') };
    const ran = await run(join(dir, 'out', 'main.js'), [], { cwd: dir, env });
    expect(ran).toMatchObject({ code: 0 });
    expect(JSON.parse(ran.stdout)).toEqual({
      statuses: [201, 201, 409],
      conflict: { status: 409, currentVersion: 3 },
      version: 3,
      wonAmounts: ['1250.00'],
      customers: ['c-1'],
      jointRevenue: '1250.00',
      health: 'ok',
      metrics: true,
    });
  }, 180_000);
});
