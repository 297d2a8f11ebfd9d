import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { MessageChannel } from 'node:worker_threads';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Piscina } from 'piscina';
import { KpiCategory } from '@ledger/domain';
import { KpiEvent, KpiFacts, KpiNumber, KpiSnapshot, ReplayRequest } from '@ledger/kpis';
import { kpiEventOf, plainFacts, plainView, replayKpis } from '@ledger/kpis';
import { LedgerConfig } from '../../config/config';
import { LEDGER_CONFIG } from '../../config/tokens';
import { LedgerMetrics } from '../../metrics/metrics';
import {
  MonthsTask,
  Portfolio,
  PortfolioPart,
  SeriesPoint,
  SeriesTask,
  monthTable,
  portfolioOf,
  seriesPoints,
} from './kpi-tasks';
import type {
  MonthsMessage,
  PortfolioMessage,
  PortfolioTask,
  ReplayMessage,
  SeriesMessage,
} from './kpi-worker';

/**
 * Where the CPU-heavy KPI answers are computed: a small fixed pool of worker threads (piscina), so a replay,
 * a long series, the months of the data-quality anomalies or a portfolio never holds the event loop that answers /health, current KPIs and appends.
 * With LEDGER_KPI_WORKERS=0 the same functions run on the event loop (the behaviour before the pool).
 *
 * Guarantees:
 * - the same pure code computes the answer on either path, from plain copies (structured clone) of the
 *   inputs, so the bytes and snapshotHash are those of the in-process computation (kpi-workers.int-spec.ts);
 * - what the event loop still does per request is bounded by one partnership: reading its events or facts,
 *   copying them (one postMessage), and for a portfolio one view per turn of the loop;
 * - threads start on the first expensive request (not at start-up), run at a lower CPU priority than the
 *   event loop (nice +LEDGER_KPI_WORKER_NICE, so on a busy machine the cheap requests win the cores: the
 *   expensive ones then take longer), and stop with the app.
 * Constraints: concurrency is bounded by the callers (Admission per kind); the pool's queue itself is not.
 */
@Injectable()
export class KpiWorkers implements OnApplicationShutdown {
  private started?: Piscina;
  private readonly size: number;
  private readonly nice: number;

  constructor(
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
    private readonly metrics: LedgerMetrics,
  ) {
    this.size = config.kpiWorkers;
    this.nice = config.kpiWorkerNice;
  }

  async replay(events: readonly KpiEvent[], request: ReplayRequest): Promise<KpiSnapshot> {
    this.count('replay');
    if (this.size === 0) return replayKpis(events, request);
    // Only what KPIs read crosses: a recorded event's hash, stream and times would double the copy.
    const slices = events.map(({ eventId, type, position, occurredAt, recordedBy, data }) =>
      kpiEventOf({ eventId, type, position, occurredAt, recordedBy, data }),
    );
    const message: ReplayMessage = { events: slices, request };
    return this.pool().run(message, { name: 'replay' }) as Promise<KpiSnapshot>;
  }

  async series(facts: KpiFacts, task: SeriesTask): Promise<SeriesPoint[]> {
    this.count('series');
    if (this.size === 0) return seriesPoints(facts, task);
    const message: SeriesMessage = { facts: plainFacts(facts), task };
    return this.pool().run(message, { name: 'series' }) as Promise<SeriesPoint[]>;
  }

  /** The data-quality anomalies' month values (kpi-tasks.ts: monthTable): twelve months of series at once. */
  async months(facts: KpiFacts, task: MonthsTask): Promise<KpiNumber[][]> {
    this.count('months');
    if (this.size === 0) return monthTable(facts, task);
    const message: MonthsMessage = { facts: plainFacts(facts), task };
    return this.pool().run(message, { name: 'months' }) as Promise<KpiNumber[][]>;
  }

  async portfolio(
    parts: readonly PortfolioPart[],
    asOf: string,
    categories?: readonly KpiCategory[],
  ): Promise<Portfolio> {
    this.count('portfolio');
    if (this.size === 0) return portfolioOf(parts, asOf, categories);
    const { port1, port2 } = new MessageChannel();
    try {
      // Every part is queued on the port before the task is: a thread is taken only once there is no
      // waiting left, never held idle while the event loop copies one view per turn.
      for (const part of parts) {
        port1.postMessage({ part: { ...part, view: plainView(part.view) } } satisfies PortfolioMessage);
        await nextTurn(); // one partnership's copy per turn: requests in between are answered
      }
      port1.postMessage({ done: true } satisfies PortfolioMessage);
      const task: PortfolioTask = { port: port2, asOf, ...(categories ? { categories } : {}) };
      return (await this.pool().run(task, { name: 'portfolio', transferList: [port2] })) as Portfolio;
    } finally {
      port1.close();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.started?.destroy();
  }

  private count(kind: 'replay' | 'series' | 'months' | 'portfolio'): void {
    this.metrics.kpiTasks.inc({ kind, where: this.size === 0 ? 'event_loop' : 'worker' });
  }

  private pool(): Piscina {
    this.started ??= new Piscina({
      filename: workerEntry(),
      minThreads: this.size,
      maxThreads: this.size,
      idleTimeout: Number.POSITIVE_INFINITY,
      niceIncrement: this.nice,
    });
    return this.started;
  }
}

/**
 * Compiled (dist/, the service): kpi-worker.js beside this file. From TypeScript sources (jest runs them
 * through @swc/jest): a bootstrap that compiles kpi-worker.ts the same way inside the thread.
 */
function workerEntry(): string {
  return __filename.endsWith('.ts') ? join(__dirname, 'ts-worker.cjs') : join(__dirname, 'kpi-worker.js');
}
