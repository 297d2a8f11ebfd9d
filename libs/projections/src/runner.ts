import { CheckpointMoved, EventSource, Lease, Positioned, ProjectionPlan, ProjectionStore } from './ports';
import { Prefetch } from './prefetch';

export interface RunnerOptions {
  /** Pause after a partial batch, so a trickle of appends is applied in batches, not event by event. */
  readonly coalesceMs: number;
  readonly idleMs: number;
  readonly standbyMs: number;
  readonly retryMs: number;
  readonly onError: (error: unknown) => void;
}

export const RUNNER_DEFAULTS = { coalesceMs: 25, idleMs: 200, standbyMs: 2_000, retryMs: 1_000 } as const;

type Worked = 'none' | 'partial' | 'full';

/**
 * A catch-up subscription over ledger positions: while it holds the lease, it reads the events after
 * each store's checkpoint (reading ahead after a full batch) and has the store write them with the new
 * checkpoint in one transaction. It wakes on appends and polls otherwise (appends of other processes).
 *
 * Guarantees: only the lease holder writes; a failed step, or a lease taken anew, starts again from
 * what is stored (the plan forgets its memory), so a crash at any point — kill -9 included — loses or
 * repeats nothing; a CheckpointMoved gives the lease up.
 * Constraints: `start` once; `stop` before the database closes.
 */
export class ProjectionRunner<E extends Positioned> {
  private readonly prefetch: Prefetch<E>;
  private stopped = false;
  private done: Promise<void> = Promise.resolve();
  private wakeUp: () => void = () => undefined;
  private unsubscribe: () => void = () => undefined;
  lastError: string | undefined;

  constructor(
    private readonly source: EventSource<E>,
    private readonly plan: ProjectionPlan<E>,
    private readonly lease: Lease,
    private readonly options: RunnerOptions,
  ) {
    this.prefetch = new Prefetch(source);
  }

  get leader(): boolean {
    return this.lease.held;
  }

  start(): void {
    this.unsubscribe = this.source.onAppended(() => this.wakeUp());
    this.done = this.loop();
  }

  /** Lets the step under way finish, then gives the lease back. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    this.wakeUp();
    await this.done;
    await this.lease.release();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        if (!(await this.acquire())) {
          await this.idle(this.options.standbyMs);
          continue;
        }
        const worked = await this.step();
        this.lastError = undefined;
        if (worked === 'none') await this.idle(this.options.idleMs);
        // Stepping at once under a trickle would commit a few events per transaction; a short pause
        // lets them gather, so the read model costs one transaction per batch, not per event.
        else if (worked === 'partial') await pause(this.options.coalesceMs);
      } catch (error) {
        await this.failed(error);
      }
    }
  }

  /**
   * Takes or keeps the lease. Taken anew, whatever was held in memory is forgotten: another process may
   * have applied events while this one did not hold it.
   */
  private async acquire(): Promise<boolean> {
    const held = this.lease.held;
    if (!(await this.lease.tryAcquire())) return false;
    if (!held) this.forget();
    return true;
  }

  private forget(): void {
    this.plan.reset();
    this.prefetch.clear();
  }

  private async failed(error: unknown): Promise<void> {
    this.lastError = error instanceof Error ? error.message : String(error);
    this.options.onError(error);
    if (error instanceof CheckpointMoved) this.lease.lost();
    this.forget();
    await this.idle(this.options.retryMs);
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** What one step did: nothing, a partial batch (caught up), or a full one (more may be waiting). */
  private async step(): Promise<Worked> {
    const { stores, busy } = await this.plan.next();
    let full = busy;
    let applied = 0;
    for (const store of stores) {
      const count = await this.applyBatch(store);
      applied += count;
      if (count >= store.batchSize) full = true;
    }
    if (full) return 'full';
    return applied > 0 ? 'partial' : 'none';
  }

  /** Applies the next batch of events to one store; returns how many. */
  private async applyBatch(store: ProjectionStore<E>): Promise<number> {
    const from = await store.checkpoint();
    const events = await this.prefetch.read(store.key, from + 1, store.batchSize);
    if (events.length === 0) return 0;
    const to = events.at(-1)!.position;
    if (events.length === store.batchSize) this.prefetch.start(store.key, to + 1, store.batchSize);
    await store.writeBatch(events, { from, to });
    return events.length;
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
