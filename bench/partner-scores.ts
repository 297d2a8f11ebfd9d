import 'reflect-metadata';
import { relative } from 'node:path';
import { ADMIN_KEY, ApiProcess, BENCH_BUILT_API, LoadResult, startApi } from './api-process';
import { eachMs, loadTable } from './load-report';
import { alone, freshAsOf, loads } from './charter-loads';
import { RESULTS_FILE, writeSection } from './results-file';
import { SCALE, fmt, freshDatabase, logger, machine, run } from './support';

/**
 * Partner scoring and tiering: `GET /v1/partner-scores` over 1,000 orgs at 8 connections (goal: p99 ≤
 * 500 ms), against `/health` in the same run; and one request at a time: the first answer, a new asOf,
 * and at atPosition. The ledger, written through the real routes: 1,000 orgs, 400 partnerships of two
 * of them (800 partners, 200 prospects), each with two deals won and one lost, a scoring model of two
 * assessed and two KPI criteria (joint_revenue, win_rate), every org assessed once.
 * The API runs in its own process (PostgreSQL mode, projections on), compiled by `bench:build`.
 */
const SIZES = {
  small: { orgs: 100, partnerships: 40, seconds: 3 },
  default: { orgs: 1_000, partnerships: 400, seconds: 10 },
} as const;
const size = SIZES[SCALE];
const RUNS = 3;
const CONNECTIONS = 8;
const ALONE = 3;
const AT_ONCE = 8;
const GOAL_MS = 500;
const STARTED_AT = '2025-01-01T00:00:00.000Z';
const MODEL = {
  criteria: [
    { criterionId: 'fit', weight: 2, source: 'assessment', min: 0, max: 10 },
    { criterionId: 'motivation', weight: 1, source: 'assessment', min: 1, max: 5 },
    { criterionId: 'revenue', weight: 3, source: 'kpi', kpiId: 'joint_revenue', min: 0, max: 50_000 },
    { criterionId: 'wins', weight: 1, source: 'kpi', kpiId: 'win_rate', min: 0, max: 100 },
  ],
  tiers: [
    { tier: 'registered', minScore: 0 },
    { tier: 'silver', minScore: 40 },
    { tier: 'gold', minScore: 70 },
  ],
};
const log = logger('partner-scores');
const orgId = (i: number) => `org-${String(i).padStart(4, '0')}`;

async function main(): Promise<void> {
  const db = await freshDatabase();
  const api = await startApi(db.url, {}, BENCH_BUILT_API);
  try {
    const setup = await ledger(api);
    const figures = await measure(api, setup);
    const markdown = report({ ...figures, ...setup, described: await machine(db.url) });
    writeSection('partner-scores', markdown);
    log(`${relative(process.cwd(), RESULTS_FILE)} updated`);
  } finally {
    await api.stop();
    await db.drop();
  }
}

/** Runs `task` over `items`, AT_ONCE at a time (the setup is not what is measured). */
async function each<T>(items: readonly T[], task: (item: T, i: number) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += AT_ONCE)
    await Promise.all(items.slice(i, i + AT_ONCE).map((item, j) => task(item, i + j)));
}

function deals(p: number) {
  const won = (dealId: string, amount: string, month: string) => [
    {
      type: 'deal.registered',
      occurredAt: `2025-${month}-03T09:00:00Z`,
      data: { dealId, customerId: `c-${dealId}`, amount, source: 'partner_sourced' },
    },
    { type: 'deal.won', occurredAt: `2025-${month}-20T09:00:00Z`, data: { dealId, amount } },
  ];
  const lost = [
    {
      type: 'deal.registered',
      occurredAt: '2025-06-03T09:00:00Z',
      data: { dealId: 'l1', customerId: 'c-l1', amount: '500.00', source: 'partner_influenced' },
    },
    { type: 'deal.lost', occurredAt: '2025-06-10T09:00:00Z', data: { dealId: 'l1' } },
  ];
  return [...won('w1', `${1000 + (p % 97) * 100}.00`, '03'), ...won('w2', '2500.00', '05'), ...lost];
}

async function ledger(api: ApiProcess) {
  const started = performance.now();
  const orgs = Array.from({ length: size.orgs }, (_, i) => orgId(i));
  await each(orgs, (id) => api.call('POST', '/v1/organizations', { orgId: id, name: id }));
  const ids = Array.from({ length: size.partnerships }, (_, p) => `ps-${p}`);
  let head = 0;
  await each(ids, async (partnershipId, p) => {
    const body = {
      partnershipId,
      name: partnershipId,
      type: 'reseller',
      partnerOrgIds: [orgId(2 * p), orgId(2 * p + 1)],
      currency: 'EUR',
      startedAt: STARTED_AT,
    };
    await api.call('POST', '/v1/partnerships', body);
    const answer = await api.call('POST', `/v1/partnerships/${partnershipId}/events`, { events: deals(p) });
    head = Math.max(head, ...(answer.body.events as { position: number }[]).map((e) => e.position));
  });
  const halfway = head;
  await api.call('PUT', '/v1/program/scoring-model', MODEL);
  await each(orgs, async (id, i) => {
    const scores = { fit: i % 11, motivation: 1 + (i % 5) };
    const answer = await api.call('POST', `/v1/organizations/${id}/assessments`, { scores });
    head = Math.max(head, answer.body.position as number);
  });
  await api.call('GET', `/v1/partner-scores?minPosition=${head}`);
  log(`ledger of ${fmt(head)} events in ${fmt((performance.now() - started) / 1000, 1)} s`);
  return { head, halfway };
}

async function measure(api: ApiProcess, setup: { halfway: number }) {
  const base = new Date(Date.now() + 60_000).toISOString(); // after every program event
  const first = await alone(api, ADMIN_KEY, () => `/v1/partner-scores?asOf=${base}`, 1);
  log(`first answer ${fmt(first[0])} ms`);
  const answer = (await api.call('GET', `/v1/partner-scores?asOf=${base}`)).body;
  const fresh = freshAsOf(base);
  const targets = {
    '/health': { key: ADMIN_KEY, path: () => '/health' },
    'scores, now': { key: ADMIN_KEY, path: () => '/v1/partner-scores' },
    'scores, new asOf': { key: ADMIN_KEY, path: () => `/v1/partner-scores?asOf=${fresh()}` },
  };
  const results = await loads(api, targets, {
    runs: RUNS,
    seconds: size.seconds,
    connections: CONNECTIONS,
    log,
  });
  const newAsOf = await alone(api, ADMIN_KEY, () => `/v1/partner-scores?asOf=${fresh()}`, ALONE);
  const atPosition = await alone(
    api,
    ADMIN_KEY,
    () => `/v1/partner-scores?asOf=${fresh()}&atPosition=${setup.halfway}`,
    ALONE,
  );
  log(
    `new asOf alone ${newAsOf.map((t) => fmt(t)).join(' / ')} ms; atPosition ${atPosition.map((t) => fmt(t)).join(' / ')} ms`,
  );
  return { first: first[0], answer, results, newAsOf, atPosition };
}

interface Figures {
  readonly head: number;
  readonly first: number;
  readonly answer: Record<string, unknown>;
  readonly results: Record<string, LoadResult[]>;
  readonly newAsOf: number[];
  readonly atPosition: number[];
  readonly described: string;
}

function report(r: Figures): string {
  const { row } = loadTable(r.results, GOAL_MS);
  const items = r.answer.items as { tier: string | null }[];
  const counts = new Map<string, number>();
  for (const { tier } of items) counts.set(tier ?? 'no tier', (counts.get(tier ?? 'no tier') ?? 0) + 1);
  const tiers = [...counts].map(([tier, n]) => `${tier} ${n}`).join(', ');
  return [
    `## Partner scores (\`npm run bench:partner-scores\`, BENCH_SCALE=${SCALE})`,
    '',
    `Run ${new Date().toISOString().slice(0, 10)}. Machine: ${r.described}. The API runs in its own process ` +
      `(PostgreSQL mode, projections on; compiled by \`bench:build\`); autocannon (in the benchmark's ` +
      `process, on the same cores) loads it with ${CONNECTIONS} connections as admin, ${size.seconds} s per ` +
      `cell, ${RUNS} interleaved runs (each figure: the median over the runs). ${fmt(size.orgs)} orgs, ` +
      `${fmt(size.partnerships)} partnerships of two (the other orgs prospects), a model of two assessed ` +
      `and two KPI criteria, every org assessed: ${fmt(r.head)} events.`,
    '',
    `| load, ${CONNECTIONS} connections | figure | against /health (same run) | goal |`,
    '|---|---|---|---|',
    row('`GET /health` (baseline)', '/health', false),
    row('`GET /v1/partner-scores` ("now": answers reused for LEDGER_KPI_REUSE_MS)', 'scores, now', true),
    row('`GET /v1/partner-scores?asOf=` a new instant each request', 'scores, new asOf', true),
    '',
    `The answer: ${items.length} items (${tiers}), ${fmt(JSON.stringify(r.answer).length / 1024, 1)} KiB.`,
    '',
    '| one request at a time, on a settled API | latency |',
    '|---|---|',
    `| the first answer (every partnership's figures computed at both instants) | ${fmt(r.first)} ms |`,
    `| a new asOf (the previous quarter's figures reused) | ${eachMs(r.newAsOf)} |`,
    `| at \`atPosition\` before the program's events (no partnership replayed) | ${eachMs(r.atPosition)} |`,
  ].join('\n');
}

run(main);
