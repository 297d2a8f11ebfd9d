import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics of this process, on a registry of its own (several apps in one test process must
 * not share one). Process metrics come from prom-client's defaults.
 */
@Injectable()
export class LedgerMetrics {
  readonly registry = new Registry();

  readonly httpRequests = new Histogram({
    name: 'ledger_http_request_duration_seconds',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly eventsAppended = new Counter({
    name: 'ledger_events_appended_total',
    help: 'Events appended to the ledger by this process',
    registers: [this.registry],
  });

  readonly appendsReplayed = new Counter({
    name: 'ledger_appends_replayed_total',
    help: 'Appends answered from the ledger because their events were already stored (idempotent retries)',
    registers: [this.registry],
  });

  /** What authentication costs the database: how a flood of made-up keys is seen to be held off. */
  readonly keyQueries = new Counter({
    name: 'ledger_api_key_queries_total',
    help: 'Database queries made to authenticate API keys: key (a lookup by hash), revocation_check',
    labelNames: ['query'] as const,
    registers: [this.registry],
  });

  readonly kpiTasks = new Counter({
    name: 'ledger_kpi_tasks_total',
    help: 'atPosition replays, series and portfolios computed, by kind and where: worker or event_loop',
    labelNames: ['kind', 'where'] as const,
    registers: [this.registry],
  });

  readonly expensiveReadsRefused = new Counter({
    name: 'ledger_expensive_reads_refused_total',
    help: 'Expensive reads answered 429 at once because as many of their kind were in flight as allowed',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'ledger_' });
  }
}
