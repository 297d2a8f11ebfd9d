import 'reflect-metadata';
import { relative } from 'node:path';
import { PostgresEventStore } from '@ledger/event-store';
import { foldMs, recordedHistory } from './alerts-pure';
import { projected, rebuildRate, startApi } from './api-process';
import { RESULTS_FILE, writeSection } from './results-file';
import { seedLedger } from './seed';
import { SCALE, fmt, freshDatabase, interleaved, logger, machine, median, run } from './support';

/**
 * Issue 17: what alert upkeep costs the projection, against the projection without it in the same run.
 * 1. A projection rebuild from position 1 over HTTP, the API as users run it (PostgreSQL), with alert
 *    upkeep on and off (LEDGER_ALERT_UPKEEP, a diagnostic switch), processes taking turns.
 * 2. In-process, the KPI fold of one partnership learnt over two years (so a month close runs at every
 *    month end) with and without the alert fold: what the closes add, which the seeded ledger of (1),
 *    all recorded within minutes, does not reach.
 */
const SIZES = {
  small: {
    events: 20_000,
    partnerships: 10,
    shape: { wonDeals: 300, lostDeals: 60, openDeals: 20, touchesPerWin: 3, records: 1_000 },
  },
  default: {
    events: 200_000,
    partnerships: 20,
    shape: { wonDeals: 3_000, lostDeals: 600, openDeals: 200, touchesPerWin: 3, records: 10_000 },
  },
};
const RUNS = 3;
const log = logger('alerts');

async function main(): Promise<void> {
  const size = SIZES[SCALE];
  const history = recordedHistory(size.shape);
  const pure = await interleaved(RUNS + 2, ['facts', 'alerts'] as const, async (variant) => {
    const { ms, raised } = foldMs(history, variant === 'alerts');
    if (variant === 'alerts') log(`in-process fold with alerts: ${fmt(ms)} ms, ${raised} alerts raised`);
    return history.length / (ms / 1000);
  });
  const db = await freshDatabase();
  try {
    const store = await PostgresEventStore.connect({ connectionString: db.url });
    await seedLedger(store, size.partnerships, size.events);
    const total = await store.headPosition();
    await store.close();
    log(`seeded ${fmt(total)} events`);
    const rebuild = await interleaved(RUNS, ['off', 'on'] as const, async (variant) => {
      const api = await startApi(db.url, { LEDGER_ALERT_UPKEEP: variant === 'on' ? 'true' : 'false' });
      try {
        await projected(api, total);
        const rate = await rebuildRate(api, total);
        log(`rebuild with alert upkeep ${variant}: ${fmt(rate)} events/s`);
        return rate;
      } finally {
        await api.stop();
      }
    });
    const figures = { history: history.length, total, pure, rebuild, machine: await machine(db.url) };
    writeSection('alerts', report(figures));
    log(`written to ${relative(process.cwd(), RESULTS_FILE)}`);
  } finally {
    await db.drop();
  }
}

interface Figures {
  readonly history: number;
  readonly total: number;
  readonly pure: Record<'facts' | 'alerts', number[]>;
  readonly rebuild: Record<'off' | 'on', number[]>;
  readonly machine: string;
}

function report(f: Figures): string {
  const [off, on] = [median(f.rebuild.off), median(f.rebuild.on)];
  const [facts, alerts] = [median(f.pure.facts), median(f.pure.alerts)];
  const cost = (with_: number, without: number) => (100 * (without - with_)) / without;
  const met = cost(on, off) <= 10 ? 'met' : 'missed';
  return [
    `## Alert upkeep (issue 17) (\`npm run bench:alerts\`, BENCH_SCALE=${SCALE})`,
    '',
    `${f.machine}. Medians of ${RUNS} runs (in-process: ${RUNS + 2}), variants taking turns.`,
    '',
    '| measured | with alert upkeep | baseline in the same run | cost | target |',
    '| --- | --- | --- | --- | --- |',
    `| projection rebuild from position 1, ${fmt(f.total)} events over HTTP | ${fmt(on)} events/s | upkeep off: ${fmt(off)} events/s | ${fmt(cost(on, off), 1)} % | ≤ 10 %: ${met} |`,
    `| KPI fold of one partnership learnt over two years (${fmt(f.history)} events, a month close at every month end), in-process | ${fmt(alerts)} events/s | facts only: ${fmt(facts)} events/s | ${fmt(cost(alerts, facts), 1)} % | (what closes add) |`,
    '',
    `Runs: rebuild on ${f.rebuild.on.map((x) => fmt(x)).join(' / ')}, off ${f.rebuild.off.map((x) => fmt(x)).join(' / ')} events/s; ` +
      `fold with alerts ${f.pure.alerts.map((x) => fmt(x)).join(' / ')}, facts only ${f.pure.facts.map((x) => fmt(x)).join(' / ')} events/s.`,
  ].join('\n');
}

run(main);
