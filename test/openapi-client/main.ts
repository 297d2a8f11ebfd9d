/**
 * A portal written against the client generated from /docs-json (openapi-typescript types and the
 * openapi-fetch runtime). test/openapi.e2e-spec.ts compiles it with `tsc --strict` in a scratch
 * directory beside the generated `ledger.d.ts` (hence excluded from the repository's tsconfig), runs it
 * against a ledger, and checks what it prints. Every request and answer below is typed by the document.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './ledger.js';

type AppendBody = components['schemas']['AppendEventsBody'];

const env = (name: string): string => process.env[name] ?? fail(`${name} is not set`);
const fail = (why: string, detail?: unknown): never => {
  throw new Error(detail === undefined ? why : `${why}: ${JSON.stringify(detail)}`);
};
const client = (key?: string) =>
  createClient<paths>({ baseUrl: env('LEDGER_URL'), headers: key ? { Authorization: `Bearer ${key}` } : {} });

const registered: AppendBody = {
  type: 'deal.registered',
  occurredAt: '2026-02-01T10:00:00Z',
  data: { dealId: 'd-1', customerId: 'c-1', amount: '1000.00', source: 'partner_sourced' },
};
const won: AppendBody = {
  expectedVersion: 2,
  events: [
    { type: 'deal.won', occurredAt: '2026-03-01T10:00:00Z', data: { dealId: 'd-1', amount: '1250.00' } },
  ],
};
export const mixedUp: AppendBody = {
  type: 'deal.won',
  occurredAt: '2026-03-01T10:00:00Z',
  // @ts-expect-error deal.won's data is {dealId, amount, currency?}: deal.registered's does not compile
  data: { dealId: 'd-1', customerId: 'c-1', amount: '1250.00', source: 'partner_sourced' },
};

async function setUp(run: string): Promise<{ partner: ReturnType<typeof client>; partnershipId: string }> {
  const admin = client(env('LEDGER_ADMIN_KEY'));
  const [a, b] = [`gen-a-${run}`, `gen-b-${run}`];
  for (const orgId of [a, b]) {
    const { error } = await admin.POST('/v1/organizations', { body: { orgId, name: `Generated ${orgId}` } });
    if (error) fail('creating an organization', error);
  }
  const key = await admin.POST('/v1/api-keys', { body: { role: 'partner', orgId: a } });
  const partner = client(key.data?.key ?? fail('issuing a key', key.error));
  const body = {
    name: 'Generated',
    type: 'reseller' as const,
    partnerOrgIds: [a, b],
    currency: 'EUR',
    startedAt: '2026-01-01T00:00:00Z',
  };
  const formed = await partner.POST('/v1/partnerships', { body });
  return { partner, partnershipId: formed.data?.partnershipId ?? fail('forming', formed.error) };
}

async function main(): Promise<void> {
  const { partner, partnershipId } = await setUp(env('RUN_ID'));
  const path = { partnershipId };
  const first = await partner.POST('/v1/partnerships/{partnershipId}/events', {
    params: { path },
    body: registered,
  });
  const second = await partner.POST('/v1/partnerships/{partnershipId}/events', {
    params: { path },
    body: won,
  });
  const receipt = second.data ?? fail('appending', second.error);
  // The same batch again: its expectedVersion no longer holds. The error is a typed problem document.
  const again = await partner.POST('/v1/partnerships/{partnershipId}/events', {
    params: { path },
    body: won,
  });
  const position = receipt.events[0].position;
  const events = await partner.GET('/v1/partnerships/{partnershipId}/events', {
    params: { path, query: { limit: 10 } },
  });
  // `type` narrows `data`: amount exists on deal.won, customerId on deal.registered.
  const items = events.data?.items ?? fail('reading events', events.error);
  const wonAmounts = items.flatMap((e) => (e.type === 'deal.won' ? [e.data.amount] : []));
  const customers = items.flatMap((e) => (e.type === 'deal.registered' ? [e.data.customerId] : []));
  const query = { minPosition: position, category: 'financial' as const };
  const kpis = await partner.GET('/v1/partnerships/{partnershipId}/kpis', { params: { path, query } });
  const financial = kpis.data?.categories.financial ?? fail('reading KPIs', kpis.error);
  const health = await client().GET('/health');
  const metrics = await client().GET('/metrics', { parseAs: 'text' });
  const summary = {
    statuses: [first.response.status, second.response.status, again.response.status],
    conflict: { status: again.error?.status, currentVersion: again.error?.currentVersion },
    version: receipt.version,
    wonAmounts,
    customers,
    jointRevenue: financial.find((k) => k.kpiId === 'joint_revenue')?.value,
    health: health.data?.status,
    metrics: typeof metrics.data === 'string' && metrics.data.includes('ledger_events_appended_total'),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
