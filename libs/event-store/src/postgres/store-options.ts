import { StreamFold } from '../stream-states';

export interface PostgresEventStoreOptions {
  readonly connectionString: string;
  readonly poolSize?: number;
  /** Upper bound of events committed in one group transaction. */
  readonly maxEventsPerCommit?: number;
  /**
   * Benchmarks only (default true): false skips growing the Merkle tree, to measure what it costs. A
   * ledger appended to without its tree cannot serve heads or proofs until a store with it reconnects.
   */
  readonly maintainTree?: boolean;
  /** How long an append waits for a lock held by another writer before StoreBusyError (default 15 s). */
  readonly lockTimeoutMs?: number;
  /** Tests only: awaited inside each append transaction just before COMMIT (commit-order stress). */
  readonly beforeCommit?: () => Promise<void>;
}

/** A store whose commands decide against the fold of their stream (`handle`). */
export interface DecidingStoreOptions<S> extends PostgresEventStoreOptions {
  readonly fold: StreamFold<S>;
  /** Streams whose folded state is kept in memory (least recently used out). */
  readonly cachedStreams?: number;
}

/**
 * Nothing may wait forever: a lock held elsewhere, a stuck statement or an abandoned transaction ends in
 * an error (answered 503) instead of a request that never returns.
 */
export const SESSION_LIMITS = {
  statement_timeout: 30_000,
  lock_timeout: 15_000,
  idle_in_transaction_session_timeout: 60_000,
  query_timeout: 35_000,
  connectionTimeoutMillis: 10_000,
  keepAlive: true,
} as const;
