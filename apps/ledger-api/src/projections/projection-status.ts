import { Inject, Injectable } from '@nestjs/common';
import { EventStore } from '@ledger/event-store';
import { assertPositionReached } from '../common/positions';
import { EVENT_STORE } from '../config/tokens';
import { KPI_PROJECTION, KpiReadModel } from './kpi-read-model';
import { ProjectionRunner } from './projection-runner';
import { Rebuilds } from './rebuilds';

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
  readonly rebuild?: { rebuildId: string; state: string; processed: number; total: number; requestedAt: string; startedAt?: string; finishedAt?: string };
}

/** The projection has not reached a position in time (503). */
export class ProjectionBehind extends Error {
  constructor(
    readonly wanted: number,
    readonly position: number,
  ) {
    super(`the read models have applied position ${position}, not yet ${wanted}`);
  }
}

@Injectable()
export class ProjectionStatus {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModel: KpiReadModel,
    private readonly rebuilds: Rebuilds,
    private readonly runner: ProjectionRunner,
  ) {}

  /** The position readers in this process can rely on: the leader's memory, else the stored checkpoint. */
  async position(): Promise<number> {
    return this.runner.readerPosition() ?? this.readModel.checkpoint(await this.readModel.activeGeneration());
  }

  /**
   * Waits (polling) until the live read model has applied `position`; ProjectionBehind after `timeoutMs`.
   * A position beyond the ledger's head is refused at once (common/positions.ts): waiting cannot help.
   */
  async waitFor(position: number, field: string, timeoutMs = 5_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (let first = true; ; first = false) {
      const at = await this.position();
      if (at >= position) return at;
      if (first) await assertPositionReached(this.store, position, field);
      if (Date.now() >= deadline) throw new ProjectionBehind(position, at);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async view(): Promise<ProjectionView> {
    const generation = await this.readModel.activeGeneration();
    const [position, ledgerPosition, latest] = [await this.readModel.checkpoint(generation), await this.store.headPosition(), await this.rebuilds.latest()];
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
