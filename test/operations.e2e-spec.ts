import { randomUUID } from 'node:crypto';
import { POSTABLE_EVENT_TYPES } from '@ledger/domain';
import { bearer, Fixtures, TestLedger, unique, useLedger } from './support/ledger';

describe('operations endpoints', () => {
  let ledger: TestLedger;
  useLedger('pglite', (l) => {
    ledger = l;
  });

  it(
    'GET /health needs no key and reports the database ' + 'up with the ledger position and projection lag',
    async () => {
      const res = await ledger.http.get('/health').expect(200);
      expect(res.body).toMatchObject({
        status: 'ok',
        info: {
          database: { status: 'up', ledgerPosition: expect.any(Number) },
          projections: { status: 'up', kpis: { position: expect.any(Number), lag: expect.any(Number) } },
        },
      });
    },
  );

  it('GET /metrics exposes Prometheus text with the appends this process made', async () => {
    const { keys, partnershipId } = await new Fixtures(ledger).world(unique('metrics'));
    const event = {
      eventId: randomUUID(),
      type: 'cost.incurred',
      occurredAt: '2026-01-10T09:00:00Z',
      data: { amount: '1.00', category: 'mdf' },
    };
    await ledger.http
      .post(`/v1/partnerships/${partnershipId}/events`)
      .set(bearer(keys.a))
      .send({ events: [event, { ...event, eventId: randomUUID() }] })
      .expect(201);
    await ledger.http
      .post(`/v1/partnerships/${partnershipId}/events`)
      .set(bearer(keys.a))
      .send({ events: [event] })
      .expect(200);
    const res = await ledger.http.get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.text).toMatch(/^ledger_events_appended_total 3$/m);
    expect(res.text).toMatch(/^ledger_appends_replayed_total 1$/m);
    expect(res.text).toMatch(
      /ledger_http_request_duration_seconds_count\{method="POST",route="\/v1\/partnerships\/:partnershipId\/events",status="201"\} 1/,
    );
    expect(res.text).toContain('ledger_process_resident_memory_bytes');
  });

  it('GET /docs-json documents every route and the data schema of every event type', async () => {
    const res = await ledger.http.get('/docs-json').expect(200);
    const paths = Object.entries(res.body.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(paths.sort()).toEqual(
      [
        'GET /health',
        'GET /metrics',
        'POST /v1/organizations',
        'GET /v1/organizations',
        'GET /v1/organizations/{orgId}',
        'POST /v1/api-keys',
        'GET /v1/api-keys',
        'DELETE /v1/api-keys/{keyId}',
        'POST /v1/partnerships',
        'GET /v1/partnerships',
        'GET /v1/partnerships/{partnershipId}',
        'POST /v1/partnerships/{partnershipId}/events',
        'GET /v1/partnerships/{partnershipId}/events',
        'GET /v1/events',
        'GET /v1/partnerships/{partnershipId}/kpis',
        'GET /v1/partnerships/{partnershipId}/kpis/{kpiId}/series',
        'GET /v1/kpis',
        'GET /v1/kpi-catalogue',
        'POST /v1/projections/rebuild',
        'GET /v1/projections',
        'GET /v1/ledger/head',
        'GET /v1/ledger/public-key',
        'GET /v1/me',
        'GET /v1/ledger/key-rotations',
        'GET /v1/ledger/heads/{treeSize}',
        'POST /v1/ledger/heads/{treeSize}/cosignatures',
        'GET /v1/ledger/proofs/inclusion',
        'GET /v1/ledger/proofs/consistency',
        'POST /v1/ledger/verify',
        'POST /v1/organizations/{orgId}/signing-keys',
        'GET /v1/organizations/{orgId}/signing-keys',
        'POST /v1/partnerships/{partnershipId}/charter/proposals',
        'GET /v1/partnerships/{partnershipId}/charter/proposals',
        'GET /v1/partnerships/{partnershipId}/charter/proposals/{proposalId}',
        'POST /v1/partnerships/{partnershipId}/charter/proposals/{proposalId}/approvals',
        'POST /v1/partnerships/{partnershipId}/charter/proposals/{proposalId}/rejections',
        'POST /v1/partnerships/{partnershipId}/charter/proposals/{proposalId}/withdrawal',
        'GET /v1/partnerships/{partnershipId}/charter',
        'GET /v1/partnerships/{partnershipId}/charter/versions',
        'POST /v1/partnerships/{partnershipId}/reviews',
        'GET /v1/partnerships/{partnershipId}/reviews',
        'POST /v1/partnerships/{partnershipId}/actions/{actionId}/completion',
        'GET /v1/partnerships/{partnershipId}/actions',
        'GET /v1/partnerships/{partnershipId}/attribution',
        'GET /v1/partnerships/{partnershipId}/alignment',
        'POST /v1/partnerships/{partnershipId}/disputes',
        'GET /v1/partnerships/{partnershipId}/disputes',
        'GET /v1/partnerships/{partnershipId}/disputes/{disputeId}',
        'POST /v1/partnerships/{partnershipId}/disputes/{disputeId}/comments',
        'POST /v1/partnerships/{partnershipId}/disputes/{disputeId}/resolution',
        'POST /v1/partnerships/{partnershipId}/disputes/{disputeId}/acceptance',
        'POST /v1/partnerships/{partnershipId}/disputes/{disputeId}/withdrawal',
        'GET /v1/partnerships/{partnershipId}/data-quality',
        'GET /v1/alerts',
        'GET /v1/partnerships/{partnershipId}/kpis/{kpiId}/forecast',
        'POST /v1/partnerships/{partnershipId}/scenarios',
        'GET /v1/partnerships/{partnershipId}/scenarios/{name}/projection',
        'POST /v1/partnerships/{partnershipId}/forecasts',
        'GET /v1/partnerships/{partnershipId}/forecasts',
        'PUT /v1/program/scoring-model',
        'POST /v1/organizations/{orgId}/assessments',
        'GET /v1/partner-scores',
      ].sort(),
    );
    const schemas = res.body.components.schemas as Record<
      string,
      { properties?: Record<string, unknown>; required?: string[] }
    >;
    for (const type of POSTABLE_EVENT_TYPES) expect(schemas[`EventData.${type}`]).toBeDefined();
    expect(schemas['EventData.deal.registered'].required).toEqual([
      'dealId',
      'customerId',
      'amount',
      'source',
    ]);
    // The append body is one event or a batch (AppendEventsBody = AppendOneEvent | AppendEventBatch).
    expect(schemas.AppendEventBatch.properties).toHaveProperty('events');
  });

  it('GET /docs serves the OpenAPI UI', async () => {
    const res = await ledger.http.get('/docs').redirects(1).expect(200);
    expect(res.text).toContain('swagger');
  });
});
