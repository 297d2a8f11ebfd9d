import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { headBytes, proveWitnessKey } from '@ledger/verification';
import {
  ADMIN_KEY,
  Fixtures,
  TestLedger,
  bearer,
  testBackends,
  unique,
  useLedger,
  witnessKey,
} from '../test/support/ledger';
import { record } from './support/figures';

/**
 * Issue 5, item 7 — fuzzed input. fast-check generates requests for every write route and for the read
 * routes that take a query string: valid bodies mutated field by field (other types, lengths, Unicode,
 * huge and non-finite numbers, deep nesting, duplicate keys written into the raw JSON, keys named like
 * Object.prototype members, mass-assigned server fields), raw-text damage (truncation, stray bytes,
 * invalid UTF-8), header variants (Content-Type, Content-Encoding, Accept, missing or garbled
 * Authorization), random query strings and path parameters. Over real HTTP to a listening server.
 *
 * Expected of every answer: never a 5xx; every 4xx an application/problem+json document whose status is
 * the HTTP status; the ledger's head unchanged by every request that was not accepted (checked after
 * each request), and GET /v1/events unchanged except for the events of accepted appends (checked every
 * CHECK_EVERY requests and at the end). Unmutated valid requests (controls) must be accepted.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const REQUEST_TIMEOUT_MS = 30_000;
const CHECK_EVERY = 250;

/* ------------------------------------------------------------------ JSON mutation engine */

type Path = (string | number)[];
/** A value written verbatim into the JSON text (numbers JSON.stringify cannot produce, invalid literals). */
const RAW = (literal: string) => `\u0001RAW:${literal}\u0001`;
/** A key written verbatim into the JSON text, producing a duplicate key. */
const DUP = (key: string) => `\u0001DUP:${key}`;

function putOwn(
  target: Record<string | number, unknown> | unknown[],
  key: string | number,
  value: unknown,
): void {
  // defineProperty, never `target[key] =`: a key named __proto__ must become a field, not a prototype.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Every path into the value, breadth first, down to 40 levels and at most 2000 of them (a nested op may build
 * 5000 levels).
 */
function allPaths(root: unknown): Path[] {
  const out: Path[] = [];
  const queue: { value: unknown; path: Path }[] = [{ value: root, path: [] }];
  while (queue.length > 0 && out.length < 2000) {
    const { value, path } = queue.shift()!;
    out.push(path);
    if (path.length >= 40) continue;
    if (Array.isArray(value))
      value.slice(0, 50).forEach((v, i) => queue.push({ value: v, path: [...path, i] }));
    else if (value !== null && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) queue.push({ value: v, path: [...path, k] });
  }
  return out;
}

function parentOf(root: unknown, path: Path): unknown {
  let node = root as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  return node;
}

function getAt(root: unknown, path: Path): unknown {
  return path.length === 0 ? root : (parentOf(root, path) as Record<string | number, unknown>)[path.at(-1)!];
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  putOwn(parentOf(root, path) as Record<string, unknown>, path.at(-1)!, value);
  return root;
}

type Op =
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'delete'; at: number }
  | { kind: 'add'; at: number; key: string; value: unknown }
  | { kind: 'duplicate'; at: number; value: unknown }
  | { kind: 'wrap'; at: number; how: 'array' | 'object' | 'string' }
  | { kind: 'nest'; at: number; depth: number; how: 'array' | 'object' };

type TextOp =
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'cut'; at: number; length: number }
  | { kind: 'bom' }
  | { kind: 'trailing'; text: string }
  | { kind: 'bytes'; at: number; bytes: number[] }
  | { kind: 'whole'; text: string };

function applyOp(root: unknown, original: Op): unknown {
  // Generated values may be shared instances (constants): copy them, or an op could insert a value into
  // itself.
  const op =
    'value' in original && original.value !== undefined
      ? { ...original, value: clone(original.value) }
      : original;
  const paths = allPaths(root);
  const path = paths[op.at % paths.length];
  const target = getAt(root, path);
  switch (op.kind) {
    case 'replace':
      return setAt(root, path, op.value);
    case 'delete': {
      if (path.length === 0) return undefined;
      const parent = parentOf(root, path) as Record<string | number, unknown>;
      if (Array.isArray(parent)) parent.splice(Number(path.at(-1)), 1);
      else delete parent[path.at(-1)!];
      return root;
    }
    case 'add': {
      const objects = paths.filter((p) => {
        const v = getAt(root, p);
        return v !== null && typeof v === 'object' && !Array.isArray(v);
      });
      if (objects.length === 0) return root;
      putOwn(getAt(root, objects[op.at % objects.length]) as Record<string, unknown>, op.key, op.value);
      return root;
    }
    case 'duplicate': {
      const keyed = paths.filter((p) => p.length > 0 && typeof p.at(-1) === 'string');
      if (keyed.length === 0) return root;
      const p = keyed[op.at % keyed.length];
      putOwn(parentOf(root, p) as Record<string, unknown>, DUP(String(p.at(-1))), op.value);
      return root;
    }
    case 'wrap':
      return setAt(
        root,
        path,
        op.how === 'array'
          ? [target]
          : op.how === 'object'
            ? { value: target }
            : JSON.stringify(target ?? null),
      );
    case 'nest': {
      if (op.depth > 100) {
        // Written into the text directly: JSON.stringify itself would run out of stack.
        const inner = serialize(target ?? null);
        return setAt(
          root,
          path,
          RAW(
            op.how === 'array'
              ? `${'['.repeat(op.depth)}${inner}${']'.repeat(op.depth)}`
              : `${'{"x":'.repeat(op.depth)}${inner}${'}'.repeat(op.depth)}`,
          ),
        );
      }
      let v: unknown = target ?? null;
      for (let i = 0; i < op.depth; i += 1) v = op.how === 'array' ? [v] : { x: v };
      return setAt(root, path, v);
    }
  }
}

function serialize(value: unknown): string {
  if (value === undefined) return '';
  return JSON.stringify(value)
    .replace(/"\\u0001RAW:((?:[^"\\]|\\.)*?)\\u0001"/g, (_m, literal: string) => JSON.parse(`"${literal}"`))
    .replace(/"\\u0001DUP:((?:[^"\\]|\\.)*)"/g, '"$1"');
}

function applyText(text: string, op: TextOp | null): Buffer {
  if (!op) return Buffer.from(text, 'utf8');
  const at = (f: number) => Math.floor(f * (text.length + 1)) % (text.length + 1);
  switch (op.kind) {
    case 'truncate':
      return Buffer.from(text.slice(0, at(op.at)), 'utf8');
    case 'insert':
      return Buffer.from(text.slice(0, at(op.at)) + op.text + text.slice(at(op.at)), 'utf8');
    case 'cut':
      return Buffer.from(text.slice(0, at(op.at)) + text.slice(at(op.at) + op.length), 'utf8');
    case 'bom':
      return Buffer.from(`\ufeff${text}`, 'utf8');
    case 'trailing':
      return Buffer.from(text + op.text, 'utf8');
    case 'bytes': {
      const bytes = Buffer.from(text, 'utf8');
      const i = Math.floor(op.at * (bytes.length + 1)) % (bytes.length + 1);
      return Buffer.concat([bytes.subarray(0, i), Buffer.from(op.bytes), bytes.subarray(i)]);
    }
    case 'whole':
      return Buffer.from(op.text, 'utf8');
  }
}

/* ------------------------------------------------------------------ arbitraries */

const PROTO_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  'isPrototypeOf',
];
const SERVER_FIELDS = [
  'position',
  'version',
  'hash',
  'recordedAt',
  'recordedBy',
  'partnershipId',
  'streamId',
  'id',
  'keyId',
  'role',
];
const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u2028\u2029',
  '\u202eevil',
  '🙂',
  '𝕏'.repeat(64),
  'e\u0301',
  '\ufeff',
  '%00',
  '%ZZ',
  '../../etc/passwd',
  "'; DROP TABLE events; --",
  '<script>alert(1)</script>',
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  'null',
  'true',
  'NaN',
  '1e400',
  '-0',
  '0x10',
  '2026-02-30T00:00:00Z',
  '2026-01-01',
  '2026-01-01T00:00:00',
  '9999-12-31T23:59:59Z',
  '0000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '2026-01-01T00:00:00+25:00',
  '1250.001',
  '1,250.00',
  '-1.00',
  '1e3',
  ' 12.00',
  '00012.00',
  '99999999999999999999999999.99',
  'EUR',
  'eur',
  'XXX',
  'USD',
  'admin',
  'partner',
  'auditor',
  'governance',
  'deal.registered',
  'partnership.formed',
  'event.retracted',
  'any',
  'exists',
  '00000000-0000-0000-0000-000000000000',
  'ed25519-0000000000000000',
];
const RAW_LITERALS = [
  '1e400',
  '-1e400',
  '1e-400',
  '123456789012345678901234567890',
  '-0',
  '1E+2',
  '9007199254740993',
  '-9007199254740993',
  '0.1e1',
  'NaN',
  'Infinity',
  '01',
  '+1',
  '.5',
  '0x10',
  'undefined',
  "'x'",
];
const NASTY_NUMBERS = [
  0,
  -0,
  -1,
  1.5,
  0.1,
  2 ** 31,
  2 ** 53,
  2 ** 53 + 2,
  Number.MAX_SAFE_INTEGER,
  -Number.MAX_SAFE_INTEGER,
  1e21,
  1e308,
  -1e308,
  5e-324,
  1000,
  1001,
];

const nastyString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom(201, 1000, 10_000, 300_000).map((n) => 'x'.repeat(n)) },
);
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nastyString },
  { weight: 2, arbitrary: fc.oneof(fc.constantFrom(...NASTY_NUMBERS), fc.integer(), fc.double()) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], { '': '' }, ['a', 'a']) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(...RAW_LITERALS).map(RAW) },
  { weight: 1, arbitrary: fc.array(fc.constant({ a: 1 }), { minLength: 1001, maxLength: 1001 }) },
);
const keyName = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PROTO_KEYS) },
  { weight: 2, arbitrary: fc.constantFrom(...SERVER_FIELDS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', ' ', 'a\u0000b', '\ud800', 'é', 'type', 'data', 'events', 'eventId'),
  },
);
const index = fc.nat({ max: 10_000 });
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant('replace' as const), at: index, value: nastyValue }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: index }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('add' as const), at: index, key: keyName, value: nastyValue }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at: index, value: nastyValue }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('wrap' as const),
      at: index,
      how: fc.constantFrom('array' as const, 'object' as const, 'string' as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('nest' as const),
      at: index,
      depth: fc.constantFrom(2, 31, 33, 200, 5000),
      how: fc.constantFrom('array' as const, 'object' as const),
    }),
  },
);
const fraction = fc.double({ min: 0, max: 1, noNaN: true });
const textOp: fc.Arbitrary<TextOp> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fraction }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fraction,
    text: fc.oneof(
      fc.constantFrom(',', '}', ']', '"', '\\', ':', '{', '\u0000', '\\u0000', '\\ud800', '/*x*/', 'NaN'),
      fc.string({ maxLength: 5 }),
    ),
  }),
  fc.record({ kind: fc.constant('cut' as const), at: fraction, length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('bom' as const) }),
  fc.record({
    kind: fc.constant('trailing' as const),
    text: fc.constantFrom('x', '{}', ',', '\n\n', '\u0000', ' garbage'),
  }),
  fc.record({
    kind: fc.constant('bytes' as const),
    at: fraction,
    bytes: fc.array(fc.constantFrom(0x00, 0x80, 0xbf, 0xc0, 0xc3, 0xe2, 0xed, 0xf0, 0xf8, 0xfe, 0xff), {
      minLength: 1,
      maxLength: 4,
    }),
  }),
  fc.record({
    kind: fc.constant('whole' as const),
    text: fc.oneof(
      fc.constantFrom(
        '',
        ' ',
        'null',
        'true',
        '0',
        '"x"',
        '[]',
        '{}',
        '[{}]',
        'name=x&role=admin',
        '<a/>',
        '{"a":1}{"b":2}',
      ),
      fc.json({ maxDepth: 3 }),
    ),
  }),
);

const CONTENT_TYPES = [
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json;charset=UTF-8',
  'application/problem+json',
  'application/vnd.api+json',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json; charset=bogus',
  'application/json; boundary=x',
  'text/plain',
  'text/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  '*/*',
  'application/*',
  'json',
  '',
  ';;;',
  'application/json, text/plain',
];
const AUTH_KINDS = [
  'missing',
  'empty',
  'bearer-only',
  'bearer-space',
  'lower-bearer',
  'basic',
  'token',
  'two-tokens',
  'truncated',
  'flipped',
  'unknown',
  'long',
  'latin1',
  'tab',
  'other-role',
  'admin',
] as const;
type AuthKind = 'valid' | (typeof AUTH_KINDS)[number];
const ENCODINGS = ['gzip-real', 'gzip', 'deflate', 'br', 'identity', 'x-zip', 'gzip, gzip'];
const ACCEPTS = [
  'application/xml',
  'text/html',
  '*/*',
  'application/problem+json',
  'garbage;;q=x',
  'application/json;q=0',
];

interface Headers {
  contentType: string | null;
  auth: AuthKind;
  encoding: string | null;
  accept: string | null;
}
const headersArb: fc.Arbitrary<Headers> = fc.record({
  contentType: fc.oneof(
    { weight: 7, arbitrary: fc.constant('application/json') },
    { weight: 3, arbitrary: fc.constantFrom<string | null>(null, ...CONTENT_TYPES) },
  ),
  auth: fc.oneof(
    { weight: 7, arbitrary: fc.constant<AuthKind>('valid') },
    { weight: 3, arbitrary: fc.constantFrom<AuthKind>(...AUTH_KINDS) },
  ),
  encoding: fc.oneof(
    { weight: 12, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constantFrom(...ENCODINGS) },
  ),
  accept: fc.oneof(
    { weight: 6, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constantFrom(...ACCEPTS) },
  ),
});

const QUERY_VALUES = [
  '1',
  '0',
  '-1',
  '1.5',
  '1e3',
  '1e300',
  '9223372036854775807',
  '9007199254740993',
  '',
  'abc',
  'true',
  'null',
  '[]',
  '{}',
  '2026-01-01T00:00:00Z',
  '2026-13-01',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  'financial',
  'customer',
  'nps',
  'week',
  'month',
  'year',
  'any',
  ' 5 ',
  '0x10',
  '%00',
  '%ZZ',
  '%',
  '%E2%82',
  'a%2Cb',
  '+1',
];
const queryArb = (keys: readonly string[]) =>
  fc.array(
    fc.tuple(
      fc.oneof(
        {
          weight: keys.length > 0 ? 5 : 0,
          arbitrary: keys.length > 0 ? fc.constantFrom(...keys) : fc.constant('x'),
        },
        {
          weight: 2,
          arbitrary: fc.constantFrom(
            ...PROTO_KEYS,
            '__proto__[polluted]',
            'constructor[prototype][x]',
            'a[b]',
            'a[]',
            'limit[]',
            'position',
            'recordedBy',
          ),
        },
        { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
      ),
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...QUERY_VALUES) },
        { weight: 2, arbitrary: fc.integer().map(String) },
        { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
        { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }) },
      ),
    ),
    { minLength: 1, maxLength: 4 },
  );

/** Query text: generated values percent-encoded, except the deliberately raw ones (%00, %ZZ, a lone %). */
function queryText(pairs: [string, string][]): string {
  const enc = (s: string) => (/^%(00|ZZ|E2%82)?$/.test(s) ? s : encodeURIComponent(s));
  return pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
}

interface WriteCase {
  ops: Op[];
  text: TextOp | null;
  headers: Headers;
  query: [string, string][] | null;
  pathVariant: number | null;
}
const writeCase: fc.Arbitrary<WriteCase> = fc.record({
  ops: fc.array(op, { minLength: 0, maxLength: 3 }),
  text: fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: textOp }),
  headers: headersArb,
  query: fc.oneof(
    { weight: 4, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: queryArb(['expectedVersion', 'limit', 'dryRun']) },
  ),
  pathVariant: fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat() }),
});

interface ReadCase {
  headers: Headers;
  query: [string, string][];
  pathVariant: number | null;
}

/* ------------------------------------------------------------------ the suite */

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

const PATH_GARBAGE = [
  'nope-not-here',
  '%ZZ',
  '%00',
  'a%00b',
  '%C3%A9',
  encodeURIComponent('ü🙂'),
  'x'.repeat(300),
  '..',
  '%2e%2e',
  '%2F',
  '__proto__',
  'constructor',
  '%20',
  '-1',
  '0',
  '1.5',
  '1e3',
  '9007199254740993',
  'null',
];

describe.each(testBackends())('fuzzed requests on %s', (backend) => {
  let ledger: TestLedger;
  let fx: Fixtures;
  useLedger(backend, (l, f) => {
    ledger = l;
    fx = f;
  });

  it(
    'answers every fuzzed request below 500, every 4xx as a problem document, and leaves the ledger ' +
      'unchanged by every refused one',
    async () => {
      await ledger.app.listen(0, '127.0.0.1');
      const base = (await ledger.app.getUrl()).replace('[::1]', '127.0.0.1');

      // A world with some history, a second world the first cannot see, a witness key and a served head.
      const w = await fx.world(unique('fuzz'));
      const other = await fx.world(unique('fuzz-other'));
      const seedEvents = [
        {
          type: 'deal.registered',
          occurredAt: '2026-01-05T10:00:00Z',
          data: { dealId: 'seed-d1', customerId: 'seed-c1', amount: '1250.00', source: 'partner_sourced' },
        },
        {
          type: 'milestone.planned',
          occurredAt: '2026-01-06T10:00:00Z',
          data: { milestoneId: 'seed-m1', title: 'Launch', dueDate: '2026-06-30' },
        },
        {
          type: 'escalation.raised',
          occurredAt: '2026-01-07T10:00:00Z',
          data: { escalationId: 'seed-e1', severity: 'high', summary: 'Slow answers' },
        },
        {
          type: 'survey.answered',
          occurredAt: '2026-01-08T10:00:00Z',
          data: { surveyId: 'seed-s1', respondent: 'customer', metric: 'nps', score: 9 },
        },
      ];
      await ledger.http
        .post(`/v1/partnerships/${w.partnershipId}/events`)
        .set(bearer(w.keys.a))
        .send({ events: seedEvents })
        .expect(201);
      const witness = witnessKey(w.orgs.a);
      const witnessKeyId = (
        await ledger.http
          .post(`/v1/organizations/${w.orgs.a}/signing-keys`)
          .set(bearer(w.keys.a))
          .send(witness.registration)
          .expect(201)
      ).body.keyId as string;
      const head = (await ledger.http.get('/v1/ledger/head').set(bearer(w.keys.auditor)).expect(200)).body;
      const cosignature = sign(null, headBytes(head), witness.privateKey).toString('base64');
      const kpiId = (await ledger.http.get('/v1/kpi-catalogue').set(bearer(w.keys.a)).expect(200)).body
        .items[0].kpiId as string;

      let n = 0;
      const next = () => (n += 1);
      const cost = () => ({
        eventId: randomUUID(),
        type: 'cost.incurred',
        occurredAt: '2026-01-10T09:00:00Z',
        data: { amount: `${next()}.50`, category: 'mdf' },
      });
      const dealRegistered = () => ({
        eventId: randomUUID(),
        type: 'deal.registered',
        occurredAt: '2026-01-05T10:00:00Z',
        data: {
          dealId: `fz-d-${next()}`,
          customerId: 'fz-c',
          amount: '1250.00',
          source: 'partner_sourced',
          registeredBy: w.orgs.a,
        },
      });
      const validEvents = [
        dealRegistered,
        () => ({ expectedVersion: 'any', events: [dealRegistered(), cost()] }),
        () => ({
          eventId: randomUUID(),
          type: 'milestone.planned',
          occurredAt: '2026-02-01T00:00:00Z',
          data: { milestoneId: `fz-m-${next()}`, title: 'Pilot', dueDate: '2026-09-30' },
        }),
        () => ({
          eventId: randomUUID(),
          type: 'survey.answered',
          occurredAt: '2026-02-01T00:00:00Z',
          data: { surveyId: `fz-s-${next()}`, respondent: 'partner', metric: 'mutual_value', score: 4 },
        }),
        () => ({
          eventId: randomUUID(),
          type: 'revenue.reported',
          occurredAt: '2026-04-01T00:00:00Z',
          data: { period: '2026-Q1', totalRevenue: '1000000.00', currency: 'EUR' },
        }),
        () => ({
          eventId: randomUUID(),
          type: 'impact.recorded',
          occurredAt: '2026-04-01T00:00:00Z',
          data: { dimension: 'social', metric: 'jobs', value: 12, unit: 'jobs' },
        }),
      ];
      const publicKeyForms = [
        (k: ReturnType<typeof generateKeyPairSync>['publicKey']) => k.export({ type: 'spki', format: 'pem' }),
        (k: ReturnType<typeof generateKeyPairSync>['publicKey']) => k.export({ format: 'jwk' }),
        (k: ReturnType<typeof generateKeyPairSync>['publicKey']) =>
          Buffer.from(k.export({ format: 'jwk' }).x as string, 'base64url').toString('base64'),
      ];

      interface Route {
        readonly name: string;
        readonly method: 'POST' | 'GET';
        readonly path: string;
        /** The same route with another path parameter, for path fuzzing. */
        readonly pathWith?: (param: string) => string;
        readonly key: string;
        readonly valid?: () => unknown;
        readonly queryKeys?: readonly string[];
        readonly runs: number;
      }
      const writes: Route[] = [
        {
          name: 'POST /v1/organizations',
          method: 'POST',
          path: '/v1/organizations',
          key: ADMIN_KEY,
          valid: () => ({ orgId: `fz-org-${next()}`, name: 'Fuzz Org' }),
          runs: 350,
        },
        {
          name: 'POST /v1/api-keys',
          method: 'POST',
          path: '/v1/api-keys',
          key: ADMIN_KEY,
          valid: () => (n % 2 ? { role: 'partner', orgId: w.orgs.a } : { role: 'auditor' }),
          runs: 350,
        },
        {
          name: 'POST /v1/partnerships',
          method: 'POST',
          path: '/v1/partnerships',
          key: w.keys.a,
          valid: () => ({
            partnershipId: `fz-p-${next()}`,
            name: 'Fuzz partnership',
            type: 'technology',
            partnerOrgIds: [w.orgs.a, w.orgs.b],
            currency: 'EUR',
            startedAt: '2025-10-01T00:00:00Z',
            objectives: ['Grow DACH pipeline'],
          }),
          runs: 450,
        },
        {
          name: 'POST /v1/partnerships/:id/events',
          method: 'POST',
          path: `/v1/partnerships/${w.partnershipId}/events`,
          pathWith: (p) => `/v1/partnerships/${p}/events`,
          key: w.keys.a,
          valid: () => validEvents[n % validEvents.length](),
          runs: 1100,
        },
        {
          name: 'POST /v1/projections/rebuild',
          method: 'POST',
          path: '/v1/projections/rebuild',
          key: w.keys.auditor,
          runs: 120,
        },
        {
          name: 'POST /v1/organizations/:orgId/signing-keys',
          method: 'POST',
          path: `/v1/organizations/${w.orgs.a}/signing-keys`,
          pathWith: (p) => `/v1/organizations/${p}/signing-keys`,
          key: w.keys.a,
          valid: () => {
            const pair = generateKeyPairSync('ed25519');
            return {
              publicKey: publicKeyForms[n % 3](pair.publicKey),
              proof: proveWitnessKey(w.orgs.a, pair.privateKey),
            };
          },
          runs: 350,
        },
        {
          name: 'POST /v1/ledger/heads/:treeSize/cosignatures',
          method: 'POST',
          path: `/v1/ledger/heads/${head.treeSize}/cosignatures`,
          pathWith: (p) => `/v1/ledger/heads/${p}/cosignatures`,
          key: w.keys.a,
          valid: () => ({ keyId: witnessKeyId, signature: cosignature }),
          runs: 350,
        },
        {
          name: 'POST /v1/ledger/verify',
          method: 'POST',
          path: '/v1/ledger/verify',
          key: w.keys.auditor,
          runs: 120,
        },
      ];
      const pid = w.partnershipId;
      const reads: Route[] = [
        {
          name: 'GET /v1/events',
          method: 'GET',
          path: '/v1/events',
          key: w.keys.auditor,
          queryKeys: ['fromPosition', 'limit'],
          runs: 120,
        },
        {
          name: 'GET /v1/partnerships/:id/events',
          method: 'GET',
          path: `/v1/partnerships/${pid}/events`,
          pathWith: (p) => `/v1/partnerships/${p}/events`,
          key: w.keys.a,
          queryKeys: ['fromVersion', 'limit'],
          runs: 120,
        },
        {
          name: 'GET /v1/partnerships',
          method: 'GET',
          path: '/v1/partnerships',
          key: w.keys.a,
          queryKeys: ['status', 'limit'],
          runs: 60,
        },
        {
          name: 'GET /v1/partnerships/:id',
          method: 'GET',
          path: `/v1/partnerships/${pid}`,
          pathWith: (p) => `/v1/partnerships/${p}`,
          key: w.keys.a,
          queryKeys: [],
          runs: 60,
        },
        {
          name: 'GET /v1/partnerships/:id/kpis',
          method: 'GET',
          path: `/v1/partnerships/${pid}/kpis`,
          pathWith: (p) => `/v1/partnerships/${p}/kpis`,
          key: w.keys.a,
          queryKeys: ['asOf', 'atPosition', 'category', 'minPosition'],
          runs: 120,
        },
        {
          name: 'GET /v1/partnerships/:id/kpis/:kpiId/series',
          method: 'GET',
          path: `/v1/partnerships/${pid}/kpis/${kpiId}/series`,
          pathWith: (p) => `/v1/partnerships/${pid}/kpis/${p}/series`,
          key: w.keys.a,
          queryKeys: ['period', 'from', 'to'],
          runs: 100,
        },
        {
          name: 'GET /v1/kpis',
          method: 'GET',
          path: '/v1/kpis',
          key: w.keys.governance,
          queryKeys: ['category', 'asOf'],
          runs: 40,
        },
        {
          name: 'GET /v1/kpi-catalogue',
          method: 'GET',
          path: '/v1/kpi-catalogue',
          key: w.keys.governance,
          queryKeys: ['category'],
          runs: 40,
        },
        {
          name: 'GET /v1/ledger/head',
          method: 'GET',
          path: '/v1/ledger/head',
          key: w.keys.auditor,
          queryKeys: ['treeSize'],
          runs: 40,
        },
        {
          name: 'GET /v1/ledger/heads/:treeSize',
          method: 'GET',
          path: `/v1/ledger/heads/${head.treeSize}`,
          pathWith: (p) => `/v1/ledger/heads/${p}`,
          key: w.keys.auditor,
          queryKeys: [],
          runs: 60,
        },
        {
          name: 'GET /v1/ledger/proofs/inclusion',
          method: 'GET',
          path: '/v1/ledger/proofs/inclusion',
          key: w.keys.auditor,
          queryKeys: ['position', 'treeSize'],
          runs: 120,
        },
        {
          name: 'GET /v1/ledger/proofs/consistency',
          method: 'GET',
          path: '/v1/ledger/proofs/consistency',
          key: w.keys.auditor,
          queryKeys: ['from', 'to'],
          runs: 120,
        },
        {
          name: 'GET /v1/projections',
          method: 'GET',
          path: '/v1/projections',
          key: w.keys.auditor,
          queryKeys: [],
          runs: 40,
        },
        {
          name: 'GET /v1/organizations',
          method: 'GET',
          path: '/v1/organizations',
          key: ADMIN_KEY,
          queryKeys: [],
          runs: 40,
        },
        {
          name: 'GET /v1/api-keys',
          method: 'GET',
          path: '/v1/api-keys',
          key: ADMIN_KEY,
          queryKeys: [],
          runs: 40,
        },
        {
          name: 'GET /v1/organizations/:orgId/signing-keys',
          method: 'GET',
          path: `/v1/organizations/${w.orgs.a}/signing-keys`,
          pathWith: (p) => `/v1/organizations/${p}/signing-keys`,
          key: w.keys.a,
          queryKeys: [],
          runs: 40,
        },
      ];
      const pathParams = [
        other.partnershipId,
        other.orgs.a,
        w.orgs.b,
        String(head.treeSize + 1000),
        ...PATH_GARBAGE,
      ];

      const authHeader = (kind: AuthKind, valid: string): string | null => {
        switch (kind) {
          case 'valid':
            return `Bearer ${valid}`;
          case 'missing':
            return null;
          case 'empty':
            return '';
          case 'bearer-only':
            return 'Bearer';
          case 'bearer-space':
            return 'Bearer    ';
          case 'lower-bearer':
            return `bearer ${valid}`;
          case 'basic':
            return `Basic ${Buffer.from(`admin:${valid}`).toString('base64')}`;
          case 'token':
            return `Token ${valid}`;
          case 'two-tokens':
            return `Bearer ${valid} ${valid}`;
          case 'truncated':
            return `Bearer ${valid.slice(0, -1)}`;
          case 'flipped':
            return `Bearer ${valid.slice(0, -1)}${valid.endsWith('A') ? 'B' : 'A'}`;
          case 'unknown':
            return `Bearer plk_${'x'.repeat(40)}`;
          case 'long':
            return `Bearer ${'k'.repeat(4000)}`;
          case 'latin1':
            return `Bearer \u00f1\u00ff${valid}`;
          case 'tab':
            return `Bearer\t${valid}`;
          case 'other-role':
            return `Bearer ${w.keys.governance}`;
          case 'admin':
            return `Bearer ${ADMIN_KEY}`;
        }
      };

      // Bookkeeping: every answer is judged; the ledger is watched.
      const statusCount = new Map<number, number>();
      const violations: string[] = [];
      let requests = 0;
      let controls = 0;
      let controlsAccepted = 0;
      let ledgerChecks = 0;
      let acceptedAppends = 0;
      const healthHead = async () =>
        Number((await ledger.http.get('/health').expect(200)).body.info.database.ledgerPosition);
      const readLedger = async () => {
        const all: { position: number; eventId: string }[] = [];
        for (let from = 1; ;) {
          const res = await ledger.http
            .get(`/v1/events?fromPosition=${from}&limit=1000`)
            .set(bearer(w.keys.auditor))
            .expect(200);
          if (res.body.items.length === 0) return all;
          all.push(...res.body.items);
          from = res.body.nextPosition;
        }
      };
      let known = await readLedger();
      let headNow = await healthHead();
      expect(headNow).toBe(known.length);
      /** Positions acknowledged by accepted requests since the last full check. */
      let acknowledged: number[] = [];

      const checkLedger = async (): Promise<void> => {
        ledgerChecks += 1;
        const now = await readLedger();
        const before = JSON.stringify(known);
        if (JSON.stringify(now.slice(0, known.length)) !== before)
          violations.push(`ledger check ${ledgerChecks}: events already stored changed`);
        const added = now.slice(known.length).map((e) => e.position);
        if (JSON.stringify(added) !== JSON.stringify([...acknowledged].sort((a, b) => a - b))) {
          violations.push(
            `ledger check ${ledgerChecks}: new positions ${added.slice(0, 10).join(',')} are not ` +
              `those acknowledged ${acknowledged.slice(0, 10).join(',')}`,
          );
        }
        if (now.some((e, i) => e.position !== i + 1))
          violations.push(`ledger check ${ledgerChecks}: positions have gaps`);
        known = now;
        acknowledged = [];
      };

      const send = async (
        route: Route,
        label: string,
        path: string,
        query: string | null,
        headers: Headers,
        body: Buffer | null,
        control: boolean,
      ): Promise<void> => {
        const h: Record<string, string> = {};
        const auth = authHeader(headers.auth, route.key);
        if (auth !== null) h.authorization = auth;
        let payload = body;
        if (payload !== null) {
          if (headers.contentType !== null) h['content-type'] = headers.contentType;
          if (headers.encoding === 'gzip-real') {
            payload = gzipSync(payload);
            h['content-encoding'] = 'gzip';
          } else if (headers.encoding !== null) h['content-encoding'] = headers.encoding;
        }
        if (headers.accept !== null) h.accept = headers.accept;
        const url = `${base}${path}${query ? `?${query}` : ''}`;
        const what = () =>
          `${route.method} ${url.slice(base.length, base.length + 160)} [${label}; ` +
          `auth ${headers.auth}; ct ${headers.contentType}; ce ${headers.encoding}] ` +
          `body ${payload ? JSON.stringify(payload.toString('utf8').slice(0, 160)) : 'none'}`;
        requests += 1;
        let answer: Answer;
        try {
          const res = await fetch(url, {
            method: route.method,
            headers: h,
            body: payload ?? undefined,
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          });
          answer = {
            status: res.status,
            contentType: res.headers.get('content-type') ?? '',
            text: await res.text(),
          };
        } catch (error) {
          violations.push(`no answer (${(error as Error).message}): ${what()}`);
          headNow = await healthHead();
          return;
        }
        statusCount.set(answer.status, (statusCount.get(answer.status) ?? 0) + 1);
        if (answer.status >= 500) violations.push(`${answer.status} ${answer.text.slice(0, 200)}: ${what()}`);
        else if (answer.status < 200 || (answer.status >= 300 && answer.status < 400))
          violations.push(`unexpected ${answer.status}: ${what()}`);
        if (answer.status >= 400 && answer.status < 500) {
          let problem: Record<string, unknown> | undefined;
          try {
            problem = JSON.parse(answer.text);
          } catch {
            problem = undefined;
          }
          const isProblem =
            /^application\/problem\+json/.test(answer.contentType) &&
            problem !== undefined &&
            problem.status === answer.status &&
            typeof problem.title === 'string' &&
            typeof problem.detail === 'string' &&
            typeof problem.type === 'string';
          if (!isProblem)
            violations.push(
              `${answer.status} not a problem document ` +
                `(${answer.contentType}: ${answer.text.slice(0, 120)}): ${what()}`,
            );
        }
        // The ledger: a refused request appends nothing; an accepted one exactly what its receipt says.
        let appended: number[] = [];
        if (answer.status === 201 && route.method === 'POST') {
          const receipt = JSON.parse(answer.text);
          if (path.endsWith('/events'))
            appended = receipt.events.map((e: { position: number }) => e.position);
          else if (route.path === '/v1/partnerships') appended = [receipt.position];
        }
        if (control) {
          controls += 1;
          if (answer.status >= 200 && answer.status < 300) controlsAccepted += 1;
          else
            violations.push(
              `a valid request was refused: ${answer.status} ${answer.text.slice(0, 200)}: ${what()}`,
            );
        }
        const after = await healthHead();
        if (after !== headNow + appended.length) {
          violations.push(
            `ledger head moved from ${headNow} to ${after} (${appended.length} acknowledged) on ` +
              `a ${answer.status}: ${what()}`,
          );
        }
        if (answer.status >= 200 && answer.status < 300 && appended.length > 0) acceptedAppends += 1;
        acknowledged.push(...appended);
        headNow = after;
        if (requests % CHECK_EVERY === 0) await checkLedger();
      };

      const started = performance.now();
      // Controls first: every route's valid request, unmutated, is accepted.
      for (const route of writes) {
        for (let i = 0; i < 3; i += 1) {
          const body = route.valid ? Buffer.from(JSON.stringify(route.valid())) : null;
          await send(
            route,
            'control',
            route.path,
            null,
            { contentType: 'application/json', auth: 'valid', encoding: null, accept: null },
            body,
            true,
          );
        }
      }

      // Write routes: mutated valid bodies, headers, query strings, path parameters.
      for (const [r, route] of writes.entries()) {
        const cases = fc.sample(writeCase, { numRuns: route.runs, seed: SEED + r });
        for (const c of cases) {
          let body: Buffer | null = null;
          if (route.valid || c.ops.length > 0 || c.text) {
            let value: unknown = route.valid ? clone(route.valid()) : {};
            for (const o of c.ops) value = applyOp(value, o);
            body = applyText(serialize(value), c.text);
          }
          const path =
            c.pathVariant !== null && route.pathWith
              ? route.pathWith(pathParams[c.pathVariant % pathParams.length])
              : route.path;
          const isControl =
            c.ops.length === 0 &&
            c.text === null &&
            c.query === null &&
            path === route.path &&
            c.headers.auth === 'valid' &&
            c.headers.contentType === 'application/json' &&
            c.headers.encoding === null &&
            c.headers.accept === null &&
            route.valid !== undefined;
          await send(
            route,
            `${c.ops.map((o) => o.kind).join('+') || 'valid'}${c.text ? `/${c.text.kind}` : ''}`,
            path,
            c.query ? queryText(c.query) : null,
            c.headers,
            body,
            isControl,
          );
        }
      }

      // Read routes: random query strings, headers and path parameters; reads never change the ledger.
      for (const [r, route] of reads.entries()) {
        const readCase: fc.Arbitrary<ReadCase> = fc.record({
          headers: headersArb,
          query: queryArb(route.queryKeys ?? []),
          pathVariant: fc.oneof(
            { weight: 5, arbitrary: fc.constant(null) },
            { weight: 1, arbitrary: fc.nat() },
          ),
        });
        for (const c of fc.sample(readCase, { numRuns: route.runs, seed: SEED + 100 + r })) {
          // A whole minPosition beyond the head is answered 503 after 5 s by contract (API.md): not fuzz
          // material.
          const query = c.query.map(([k, v]): [string, string] =>
            k === 'minPosition' && Number.isInteger(Number(v)) && Number(v) > headNow ? [k, '1'] : [k, v],
          );
          const path =
            c.pathVariant !== null && route.pathWith
              ? route.pathWith(pathParams[c.pathVariant % pathParams.length])
              : route.path;
          await send(
            route,
            'read',
            path,
            queryText(query),
            { ...c.headers, contentType: null, encoding: null },
            null,
            false,
          );
        }
      }
      await checkLedger();
      const seconds = (performance.now() - started) / 1000;

      const byClass = { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 } as Record<string, number>;
      for (const [status, count] of statusCount)
        byClass[`${Math.floor(status / 100)}xx`] = (byClass[`${Math.floor(status / 100)}xx`] ?? 0) + count;
      const perStatus = Object.fromEntries(
        [...statusCount.entries()].sort(([a], [b]) => a - b).map(([s, c]) => [`status${s}`, c]),
      );
      record(`fuzz-${backend}`, {
        summary:
          `${requests} fuzzed requests (seed ${SEED}) on ${writes.length} write and ${reads.length} ` +
          `read routes in ${seconds.toFixed(0)} s: ` +
          `${byClass['2xx']} 2xx, ${byClass['4xx']} 4xx, ${byClass['5xx']} 5xx; ${violations.length} ` +
          `violations ` +
          `(5xx, 4xx without a problem document, ledger changed by a refused ` +
          `request); ${controlsAccepted} of ${controls} unmutated controls accepted; ledger ` +
          `compared ${ledgerChecks} times`,
        numbers: {
          seed: SEED,
          requests,
          '2xx': byClass['2xx'],
          '3xx': byClass['3xx'],
          '4xx': byClass['4xx'],
          '5xx': byClass['5xx'],
          ...perStatus,
          violations: violations.length,
          controls,
          controlsAccepted,
          acceptedAppends,
          ledgerChecks,
          seconds: Math.round(seconds),
        },
      });
      if (violations.length > 0)
        process.stdout.write(
          `[reliability] fuzz-${backend} violations (${violations.length}, first ` +
            `40):\n  ${violations.slice(0, 40).join('\n  ')}\n`,
        );

      expect(requests).toBeGreaterThan(4000);
      expect(violations).toEqual([]);
      expect(byClass['5xx']).toBe(0);
      expect(controlsAccepted).toBe(controls);
    },
  );
});
