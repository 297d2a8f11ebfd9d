/** What the runner needs of an event: its place in the ledger (positions 1, 2, 3 … with no gaps). */
export interface Positioned {
  readonly position: number;
}

/**
 * The events to project: read by position, with a wake-up call after appends.
 *
 * Constraints: `readAll` returns the events from `fromPosition` in position order, with no gaps, at
 * most `limit`; `onAppended` is only a hint (this process's appends), never the source of events.
 */
export interface EventSource<E extends Positioned> {
  readAll(options: { fromPosition: number; limit: number }): Promise<E[]>;
  onAppended(listener: () => void): () => void;
}

/**
 * The right to apply events: one holder at a time across processes.
 *
 * Constraints: `held` turns false as soon as the holder learns it lost the lease (a broken session);
 * `lost` is called by the runner when a write shows that someone else applied events.
 */
export interface Lease {
  readonly held: boolean;
  tryAcquire(): Promise<boolean>;
  lost(): void;
  release(): Promise<void>;
}

/** A checkpoint that moved under the writer: another runner applied events (the lease was lost). */
export class CheckpointMoved extends Error {}

/**
 * Where a projection's results are kept, with the position they reflect.
 *
 * Constraints: `writeBatch` applies `events` and moves the checkpoint from `checkpoint.from` to
 * `checkpoint.to` in one transaction, and throws CheckpointMoved (writing nothing) when the stored
 * checkpoint is no longer at `from`; so each event is applied exactly once, across crashes too.
 */
export interface ProjectionStore<E extends Positioned> {
  /** A key naming this store's stream of batches (read-ahead is kept per key). */
  readonly key: string;
  /** Events per batch. */
  readonly batchSize: number;
  checkpoint(): Promise<number>;
  writeBatch(events: readonly E[], checkpoint: { from: number; to: number }): Promise<void>;
}

/**
 * What to project into, asked before every step: usually one store; during a rebuild also the new one.
 * `busy` says more work is waiting even if no batch was full (a rebuild under way or just swapped in).
 */
export interface ProjectionPlan<E extends Positioned> {
  next(): Promise<{ readonly stores: readonly ProjectionStore<E>[]; readonly busy: boolean }>;
  /** After a failed step: forget whatever is held in memory; the next step starts from what is stored. */
  reset(): void;
}
