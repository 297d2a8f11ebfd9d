import { LoadResult } from './api-process';
import { Probe, medianOf } from './charter-loads';
import { PureResult, Timings } from './charter-pure';
import { fmt, median, percentile } from './support';

/** The section of BENCHMARKS.md written by `npm run bench:charter`. */
export interface KpiFigures {
  readonly events: number;
  readonly answers: Record<'plain' | 'charter', Probe>;
  readonly results: Record<string, LoadResult[]>;
  /** Latencies of requests sent one at a time, a new asOf each, the two partnerships taking turns. */
  readonly sequential: Timings;
}

export interface AttributionFigures {
  readonly events: number;
  readonly counts: Record<string, number>;
  readonly answer: Probe;
  readonly results?: Record<string, LoadResult[]>;
  /** Each model's latencies, one request at a time. */
  readonly models?: Record<string, number[]>;
  readonly failed?: string;
}

interface Report {
  readonly pure: PureResult;
  readonly kpis: KpiFigures;
  readonly attribution: AttributionFigures;
  readonly described: string;
  readonly scale: string;
  readonly runs: number;
  readonly kpiRuns: number;
  readonly sequential: number;
  readonly connections: number;
  readonly seconds: number;
  readonly iterations: { readonly charter: number; readonly timeDecay: number };
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
      `process, on the same two cores) loads it with ${r.connections} connections as a member's partner ` +
      `key, ${r.seconds} s per cell, ${r.runs} interleaved runs (the KPI loads: ${r.kpiRuns}; each figure: the median of that figure ` +
      `over the runs). Partnerships of three member orgs (\`bench/partnership-events.ts\`: deals ` +
      `registered by each org with mixed sources, each won deal touched 4 times by members within the 180 ` +
      `days before its win, wins over two years, lost and open deals, costs, surveys, engagements, market ` +
      `shares, leads, customers), posted through \`POST …/events\` in batches of 1000, each batch by one ` +
      `org in turn; the read models awaited (\`minPosition\`) before any load.`,
    '',
    ...charterPart(r),
    '',
    ...attributionPart(r),
  ].join('\n');
}

const verdict = (ok: boolean) => (ok ? 'met' : 'missed');
const ratio = (x: number) => `${fmt(x, 2)} ×`;
const latency = (l: LoadResult) => `${fmt(l.rps, 1)} req/s, p50 ${l.p50} ms, p99 ${l.p99} ms`;

/** One in-process row: median and p99 of each variant, their ratios, the goal on the medians. */
function pureRow(label: string, t: Timings): string {
  const stats = (ms: number[]) => [median(ms), percentile(ms, 99)];
  const [[wMed, wP99], [oMed, oP99]] = [stats(t['with charter']), stats(t.without)];
  const cell = (m: number, p: number) => `median ${fmt(m, 1)} ms, p99 ${fmt(p, 1)} ms`;
  return (
    `| ${label} | ${cell(wMed, wP99)} | ${cell(oMed, oP99)} | median ${ratio(wMed / oMed)}; p99 ` +
    `${ratio(wP99 / oP99)} | ≤ ${CHARTER_GOAL} ×: ${verdict(wMed / oMed <= CHARTER_GOAL)} |`
  );
}

/**
 * One loaded HTTP row: each variant's median figures; the cost ratio is the median over the runs of
 * each run's req/s without ÷ with (the two cells of a run are neighbours in time), with its range.
 */
function httpRow(r: Report, label: string, suffix: string): string {
  const [withRuns, withoutRuns] = [
    r.kpis.results[`with charter, ${suffix}`],
    r.kpis.results[`without, ${suffix}`],
  ];
  const [w, wo] = [medianOf(withRuns), medianOf(withoutRuns)];
  const perRun = withRuns.map((x, i) => withoutRuns[i].rps / x.rps);
  const cost = median(perRun);
  return (
    `| ${label} | ${latency(w)} | ${latency(wo)} | ${ratio(cost)} the time per request (each run's req/s ` +
    `without ÷ with, median of ${perRun.length} runs; ${fmt(Math.min(...perRun), 2)}–` +
    `${fmt(Math.max(...perRun), 2)}); p99 ${ratio(w.p99 / wo.p99)} | ≤ ${CHARTER_GOAL} ×: ` +
    `${verdict(cost <= CHARTER_GOAL)} |`
  );
}

function charterPart(r: Report): string[] {
  const n = fmt(r.pure.events);
  return [
    `### 1. KPI snapshot under an adopted charter`,
    '',
    `The charter: 20 scorecard entries over catalogue KPIs of every category (targets, baselines, weights 1–3, ` +
      `owners on some), 5 custom KPIs (Σ cost.incurred amount where category = mdf; mean survey.answered ` +
      `score; count of engagement.logged in the period; latest market_share.reported sharePct; Σ deal.won ` +
      `amount), attribution policy left at its default (linear, 180 days, the same as without a charter); ` +
      `effective from the partnership's start. ${fmt(r.kpis.events)} events per partnership, asOf ${r.asOf}.`,
    '',
    '| measure | with the charter | without (baseline, same run) | ratio | goal |',
    '|---|---|---|---|---|',
    pureRow(
      `in-process \`computeSnapshot\` over folded facts, ${n} events, ${r.iterations.charter} calls each, alternating`,
      r.pure.charter,
    ),
    pureRow(
      `\`GET …/kpis?asOf=\` a new instant each request, one request at a time, the two partnerships ` +
        `taking turns, ${r.sequential} each (the latency a client sees with nothing queued)`,
      r.kpis.sequential,
    ),
    httpRow(
      r,
      `\`GET …/kpis?asOf=\` a new instant each request (every request computes), ${r.connections} ` +
        `connections, ${r.kpiRuns} runs`,
      'new asOf',
    ),
    httpRow(
      r,
      `\`GET …/kpis?asOf=${r.asOf}\` (one fixed instant: after the first, answered from the snapshot ` +
        `reuse), ${r.kpiRuns} runs`,
      'fixed asOf',
    ),
    pureRow(
      `in-process, the same charter with \`attribution: {model: time_decay, halfLifeDays: 30}\`, ` +
        `${r.iterations.timeDecay} calls each (not the issue's charter; measured to show the hot spot)`,
      r.pure.timeDecay,
    ),
    '',
    `Answers: ${answerSize('with the charter', r.kpis.answers.charter)}; ` +
      `${answerSize('without', r.kpis.answers.plain)}. The categories of the HTTP answer under the charter ` +
      `${sameCategories(r) ? 'equal' : 'differ from'} those computed in-process (same events, same asOf).`,
    '',
    `Runs (req/s): ${runsOf(r.kpis.results)}.`,
  ];
}

function answerSize(label: string, answer: Probe): string {
  if (answer.kind !== 'ok') return `${label}: ${answer.kind}`;
  const kpis = Object.values(answer.body.categories as Record<string, unknown[]>).flat().length;
  return `${label} ${kpis} KPIs, ${fmt(answer.bytes / 1024, 1)} KiB`;
}

function sameCategories(r: Report): boolean {
  const http = r.kpis.answers.charter;
  return (
    http.kind === 'ok' && JSON.stringify(http.body.categories) === JSON.stringify(r.pure.snapshot.categories)
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
    `### 2. \`GET …/attribution\`, ${fmt(a.counts['deal.won'] ?? 0)} won deals and ` +
      `${fmt(a.counts['deal.touched'] ?? 0)} \`deal.touched\` (${fmt(a.events)} events in the partnership)`,
    '',
    `Events: ${Object.entries(a.counts)
      .map(([t, count]) => `${t} ${fmt(count)}`)
      .join(', ')}.`,
    '',
  ];
  if (a.answer.kind === 'absent')
    return [...head, 'Not measured: the route does not exist in this build (404 from the router).'];
  if (a.answer.kind === 'failed') return [...head, `Not measured: the route answered ${a.answer.detail}.`];
  const deals = (a.answer.body.deals as unknown[] | undefined)?.length ?? 0;
  return [
    ...head,
    ...(a.results ? loadRows(r, a.results) : [`Under load: not measured, the load failed (${a.failed}).`]),
    '',
    `One answer with the defaults (linear, 180 days, limit 100): ${deals} deals on its page, ` +
      `${fmt(a.answer.bytes / 1024, 1)} KiB.`,
    '',
    ...modelsAlone(a.models ?? {}),
  ];
}

function loadRows(r: Report, results: Record<string, LoadResult[]>): string[] {
  const l = (name: string) => medianOf(results[name]);
  const [health, kpis] = [l('/health'), l('KPI snapshot, new asOf')];
  const row = (label: string, name: string) => {
    const x = l(name);
    return (
      `| ${label} | ${latency(x)} | p99 ${ratio(x.p99 / health.p99)} that of /health, ` +
      `${ratio(x.p99 / kpis.p99)} that of the KPI snapshot; req/s ${ratio(x.rps / kpis.rps)} the KPI ` +
      `snapshot's | p99 ≤ ${ATTRIBUTION_GOAL_MS} ms: ${verdict(x.p99 <= ATTRIBUTION_GOAL_MS)} |`
    );
  };
  return [
    `| load, ${r.connections} connections | figure | against the baselines (same run) | goal |`,
    '|---|---|---|---|',
    `| \`GET /health\` (baseline) | ${latency(health)} | — | — |`,
    `| KPI snapshot of the same partnership, a new asOf each request (baseline) | ${latency(kpis)} | — | — |`,
    row(
      '`GET …/attribution` with the defaults (linear, 180 days, asOf now, all won deals, first page of 100), ' +
        'as dashboards ask it',
      'attribution, defaults',
    ),
    row(
      '`GET …/attribution?asOf=` a new instant each request (every request computes)',
      'attribution, new asOf',
    ),
    '',
    `Runs (req/s): ${runsOf(results)}.`,
  ];
}

function modelsAlone(models: Record<string, number[]>): string[] {
  const entries = Object.entries(models);
  if (entries.length === 0) return [];
  const linear = median(models.linear ?? [Number.NaN]);
  return [
    'Each model alone (one request at a time on a settled API, a new asOf each so none is reused, all won ' +
      'deals, first page):',
    '',
    '| model | latency (each request) | median against linear |',
    '|---|---|---|',
    ...entries.map(
      ([model, ms]) =>
        `| ${model} | ${ms.map((x) => `${fmt(x)} ms`).join(' / ')} | ${ratio(median(ms) / linear)} |`,
    ),
  ];
}
