import { Inject, Injectable } from '@nestjs/common';
import { EventStore } from '@ledger/event-store';
import { EVENT_STORE } from '../config/tokens';
import { KPI_PROJECTION, ReadModelStore } from '../read-model/read-model-store';
import { Rebuilds } from '../read-model/rebuilds';
import { KpiProjection } from './projection-runner';

export interface ProjectionView {
  readonly name: string;
  readonly position: number;
  readonly ledgerPosition: number;
  readonly lag: number;
  readonly state: 'live' | 'catching_up' | 'rebuilding';
  readonly generation: number;
  /** Whether this process is the one applying events (one process at a time is). */
  readonly leader: boolean;
  readonly error?: string;
  readonly rebuild?: {
    rebuildId: string;
    state: string;
    processed: number;
    total: number;
    requestedAt: string;
    startedAt?: string;
    finishedAt?: string;
  };
}

@Injectable()
export class ProjectionStatus {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModel: ReadModelStore,
    private readonly rebuilds: Rebuilds,
    private readonly runner: KpiProjection,
  ) {}

  async view(): Promise<ProjectionView> {
    const generation = await this.readModel.activeGeneration();
    const [position, ledgerPosition, latest] = [
      await this.readModel.checkpoint(generation),
      await this.store.headPosition(),
      await this.rebuilds.latest(),
    ];
    const rebuilding = latest?.state === 'requested' || latest?.state === 'running';
    return {
      name: KPI_PROJECTION,
      position,
      ledgerPosition,
      lag: ledgerPosition - position,
      state: rebuilding ? 'rebuilding' : ledgerPosition === position ? 'live' : 'catching_up',
      generation,
      leader: this.runner.leader,
      ...(this.runner.lastError ? { error: this.runner.lastError } : {}),
      ...(latest
        ? {
            rebuild: {
              rebuildId: latest.rebuildId,
              state: latest.state,
              processed: latest.processed,
              total: latest.total,
              requestedAt: latest.requestedAt.toISOString(),
              ...(latest.startedAt ? { startedAt: latest.startedAt.toISOString() } : {}),
              ...(latest.finishedAt ? { finishedAt: latest.finishedAt.toISOString() } : {}),
            },
          }
        : {}),
    };
  }
}
