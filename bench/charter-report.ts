import { LoadResult } from './api-process';
import { Probe, medianOf } from './charter-loads';
import { PureResult } from './charter-pure';
import { fmt, median } from './support';

/** The section of BENCHMARKS.md written by `npm run bench:charter`. */
export interface KpiFigures {
  readonly events: number;
  readonly answers: Record<'plain' | 'charter', Probe>;
  readonly results: Record<string, LoadResult[]>;
}

export interface AttributionFigures {
  readonly events: number;
  readonly counts: Record<string, number>;
  readonly answer: Probe;
  readonly results?: Record<string, LoadResult[]>;
  readonly failed?: string;
}

interface Report {
  readonly pure: PureResult;
  readonly kpis: KpiFigures;
  readonly attribution: AttributionFigures;
  readonly described: string;
  readonly scale: string;
  readonly runs: number;
  readonly connections: number;
  readonly seconds: number;
  readonly iterations: number;
  readonly asOf: string;
}

const CHARTER_GOAL = 1.3;
const ATTRIBUTION_GOAL_MS = 250;

export function report(r: Report): string {
  return [
    `## Charter and attribution (issue 15) (\`npm run bench:charter\`, BENCH_SCALE=${r.scale})`,
    '',
    `Run ${new Date().toISOString().slice(0, 10)}. Machine: ${r.described}. The API runs as users run it ` +
      `(\`npm start\`, PostgreSQL mode, projections on) in its own process; autocannon (in the benchmark's ` +
      `process, on the same two cores) loads it with ${r.connections} connections as a member's partner key, ` +
      `${r.seconds} s per cell, ${r.runs} interleaved runs (each figure: the median of that figure over the runs). ` +
      `Partnerships of three member orgs (\`bench/partnership-events.ts\`), events posted through ` +
      `\`POST …/events\` in batches of 1000, each batch by one org in turn; the read models awaited ` +
      `(\`minPosition\`) before any load.`,
    '',
    ...charterPart(r),
    '',
    ...attributionPart(r),
  ].join('\n');
}

const verdict = (ok: boolean) => (ok ? 'met' : 'missed');
const ratio = (x: number) => `${fmt(x, 2)} ×`;
const latency = (l: LoadResult) => `${fmt(l.rps, 1)} req/s, p50 ${l.p50} ms, p99 ${l.p99} ms`;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function charterPart(r: Report): string[] {
  const { ms } = r.pure;
  const [withMed, withoutMed] = [median(ms['with charter']), median(ms.without)];
  const [withP99, withoutP99] = [percentile(ms['with charter'], 99), percentile(ms.without, 99)];
  const load = (name: string) => medianOf(r.kpis.results[name]);
  const httpRow = (label: string, suffix: string) => {
    const [w, wo] = [load(`with charter, ${suffix}`), load(`without, ${suffix}`)];
    const cost = wo.rps / w.rps;
    return (
      `| ${label} | ${latency(w)} | ${latency(wo)} | ${ratio(cost)} the time per request (req/s without ÷ ` +
      `with); p99 ${ratio(w.p99 / wo.p99)} | ≤ ${CHARTER_GOAL} ×: ${verdict(cost <= CHARTER_GOAL)} |`
    );
  };
  return [
    `### 1. KPI snapshot under an adopted charter (${charterSummary(r)})`,
    '',
    '| measure | with the charter | without (baseline, same run) | ratio | goal |',
    '|---|---|---|---|---|',
    `| in-process \`computeSnapshot\` over folded facts, ${fmt(r.pure.events)} events, ${r.iterations} ` +
      `calls each, alternating | median ${fmt(withMed, 1)} ms, p99 ${fmt(withP99, 1)} ms | median ` +
      `${fmt(withoutMed, 1)} ms, p99 ${fmt(withoutP99, 1)} ms | median ${ratio(withMed / withoutMed)}; p99 ` +
      `${ratio(withP99 / withoutP99)} | ≤ ${CHARTER_GOAL} ×: ${verdict(withMed / withoutMed <= CHARTER_GOAL)} |`,
    httpRow(
      `\`GET …/kpis?asOf=\` a new instant each request (every request computes), ${r.connections} connections`,
      'new asOf',
    ),
    httpRow(
      `\`GET …/kpis?asOf=${r.asOf}\` (one fixed instant: answered from the snapshot reuse after the first)`,
      'fixed asOf',
    ),
    '',
    `Answers: ${answerSize('with the charter', r.kpis.answers.charter)}; ${answerSize('without', r.kpis.answers.plain)}. ` +
      `In-process and over HTTP the charter's categories ${sameCategories(r) ? 'equal' : 'differ from'} each other ` +
      `(same events, same asOf).`,
    '',
    `Runs (req/s): ${runsOf(r.kpis.results)}.`,
  ];
}

function charterSummary(r: Report): string {
  return (
    `20 scorecard KPIs of the catalogue with targets, baselines and weights, 5 custom KPIs: Σ cost.incurred ` +
    `amount where category mdf, mean survey.answered score, count of engagement.logged in the period, latest ` +
    `market_share.reported sharePct, Σ deal.won amount; ${fmt(r.kpis.events)} events per partnership, asOf ${r.asOf}`
  );
}

function answerSize(label: string, answer: Probe): string {
  if (answer.kind !== 'ok') return `${label}: ${answer.kind}`;
  const kpis = Object.values(answer.body.categories as Record<string, unknown[]>).flat().length;
  const charter = answer.body.charter ? `, charter ${JSON.stringify(answer.body.charter).slice(0, 40)}…` : '';
  return `${label} ${kpis} KPIs, ${fmt(answer.bytes / 1024, 1)} KiB${charter}`;
}

function sameCategories(r: Report): boolean {
  const http = r.kpis.answers.charter;
  return (
    http.kind === 'ok' &&
    JSON.stringify(http.body.categories) === JSON.stringify(r.pure.snapshots['with charter'].categories)
  );
}

function runsOf(results: Record<string, LoadResult[]>): string {
  return Object.entries(results)
    .map(([name, runs]) => `${name} ${runs.map((l) => fmt(l.rps, 1)).join(' / ')}`)
    .join('; ');
}

function attributionPart(r: Report): string[] {
  const a = r.attribution;
  const head = [
    `### 2. \`GET …/attribution\`, ${fmt(a.counts['deal.won'] ?? 0)} won deals and ${fmt(a.counts['deal.touched'] ?? 0)} ` +
      `\`deal.touched\` (${fmt(a.events)} events in the partnership)`,
    '',
  ];
  if (a.answer.kind === 'absent')
    return [
      ...head,
      'Not measured: the route does not exist in this build (404 from the router, not from the partnership).',
    ];
  if (a.answer.kind === 'failed') return [...head, `Not measured: the route answered ${a.answer.detail}.`];
  if (!a.results) return [...head, `Not measured: the load failed (${a.failed}).`];
  const l = (name: string) => medianOf(a.results![name]);
  const [health, kpis] = [l('/health'), l('KPI snapshot, new asOf')];
  const row = (name: string) => {
    const x = l(name);
    return (
      `| ${name} | ${latency(x)} | p99 ${ratio(x.p99 / health.p99)} that of /health; req/s ${fmt(x.rps / kpis.rps, 2)} × ` +
      `the KPI snapshot's | p99 ≤ ${ATTRIBUTION_GOAL_MS} ms: ${verdict(x.p99 <= ATTRIBUTION_GOAL_MS)} |`
    );
  };
  const deals = (a.answer.body.deals as unknown[] | undefined)?.length ?? 0;
  return [
    ...head,
    `| load, ${r.connections} connections | figure | against the baselines (same run) | goal |`,
    '|---|---|---|---|',
    `| \`GET /health\` (baseline) | ${latency(health)} | — | — |`,
    `| KPI snapshot of the same partnership, a new asOf each request (baseline) | ${latency(kpis)} | — | — |`,
    row('attribution, defaults'),
    row('attribution, time_decay, new asOf'),
    '',
    `One answer with the defaults: ${deals} deals on its page, ${fmt(a.answer.bytes / 1024, 1)} KiB. ` +
      `Events: ${Object.entries(a.counts)
        .map(([t, n]) => `${t} ${fmt(n)}`)
        .join(', ')}.`,
    '',
    `Runs (req/s): ${runsOf(a.results)}.`,
  ];
}
