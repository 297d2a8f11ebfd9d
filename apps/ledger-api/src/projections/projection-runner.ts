import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventStore, RecordedEvent } from '@ledger/event-store';
import { ProjectionRunner, RUNNER_DEFAULTS } from '@ledger/projections';
import { DataSource } from 'typeorm';
import { LedgerConfig } from '../config/config';
import { EVENT_STORE, LEDGER_CONFIG } from '../config/tokens';
import { AdvisoryLease } from '../read-model/advisory-lease';
import { HeldFacts } from '../read-model/held-facts';
import { ReadModelStore } from '../read-model/read-model-store';
import { Rebuilds } from '../read-model/rebuilds';
import { KpiPlan } from './kpi-plan';

/**
 * The KPI projection in this process: the generic runner (libs/projections) over the event store's
 * subscription, the KPI plan (generations, rebuilds) and the advisory-lock lease on the app's pool.
 *
 * Guarantees: one process at a time applies events (the lease); each batch is written with its
 * checkpoint in one transaction, so a crash at any point — kill -9 included — loses or repeats nothing.
 * Constraints: stops before any module's onApplicationShutdown, while its connections are open.
 */
@Injectable()
export class KpiProjection implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Projections');
  private readonly runner: ProjectionRunner<RecordedEvent>;
  private readonly plan: KpiPlan;
  private ticker: NodeJS.Timeout | undefined;
  private ticking: Promise<unknown> | undefined;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @InjectDataSource() db: DataSource,
    readModel: ReadModelStore,
    rebuilds: Rebuilds,
    held: HeldFacts,
  ) {
    const plan = new KpiPlan(store, readModel, rebuilds, held, config);
    this.plan = plan;
    const onError = (error: unknown) =>
      this.logger.error({ err: error }, `projection step failed: ${this.runner.lastError}`);
    this.runner = new ProjectionRunner(store, plan, new AdvisoryLease(db), { ...RUNNER_DEFAULTS, onError });
  }

  /** Whether this process is the one applying events. */
  get leader(): boolean {
    return this.runner.leader;
  }

  get lastError(): string | undefined {
    return this.runner.lastError;
  }

  onApplicationBootstrap(): void {
    if (!this.config.projectionsEnabled) return;
    this.runner.start();
    this.ticker = setInterval(() => this.tick(), this.config.alertTickMs);
    this.ticker.unref(); // never what keeps a process alive
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.config.projectionsEnabled) return;
    clearInterval(this.ticker);
    await this.ticking;
    await this.runner.stop();
  }

  /** Time's alerts, by the leader only, one tick at a time (alert-tick.ts). */
  private tick(): void {
    if (!this.runner.leader || this.ticking) return;
    this.ticking = this.plan
      .tickAlerts(Date.now())
      .catch((error: unknown) => this.logger.error({ err: error }, 'alert tick failed'))
      .finally(() => (this.ticking = undefined));
  }
}
