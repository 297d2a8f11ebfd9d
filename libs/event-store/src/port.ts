import { ExpectedVersion } from './expected-version';

export type JsonObject = { readonly [key: string]: unknown };

/** An event to append. Ids are chosen by the caller (idempotency), never by the store. */
export interface NewEvent {
  readonly eventId: string;
  readonly type: string;
  /** ISO-8601 UTC with milliseconds. */
  readonly occurredAt: string;
  readonly recordedBy: string;
  readonly data: JsonObject;
}

/**
 * An event as stored: its place in its stream (version) and in the whole ledger (position), and its leaf
 * hash.
 */
export interface RecordedEvent extends NewEvent {
  readonly streamId: string;
  readonly version: number;
  readonly position: number;
  readonly recordedAt: string;
  readonly hash: string;
}

export interface AppendReceipt {
  readonly eventId: string;
  readonly type: string;
  readonly version: number;
  readonly position: number;
  readonly hash: string;
}

export interface AppendResult {
  readonly streamId: string;
  /** The stream's version after the append (for a replay: the version of its last event). */
  readonly version: number;
  readonly events: readonly AppendReceipt[];
  /** True when every event was already stored with identical content: nothing new was written. */
  readonly replayed: boolean;
}

export interface AppendOptions {
  readonly expectedVersion?: ExpectedVersion;
}

/**
 * A command for one stream (Emmett's command-handler shape): the store decides it against the stream's
 * state at the head the commit is planned on, and appends what it decides in the same transaction.
 */
export interface StreamCommand<S> {
  readonly streamId: string;
  /** The events the caller names: checked for idempotency before anything is decided. */
  readonly events: readonly NewEvent[];
  readonly expectedVersion?: ExpectedVersion;
  /**
   * The events to append, given the stream's state (the fold of every committed event): `events`, or
   * what the rules add to them. Throws to refuse; nothing is appended then. Pure: it may run again on a
   * fresher state when another process moved the ledger.
   */
  decide(state: S): readonly NewEvent[];
}

/**
 * How a stream's events fold into the state commands are decided against (a decider's `initialState`
 * and `evolve`). The store knows nothing of what the state means.
 */
export interface StreamFold<S> {
  initial(): S;
  evolve(state: S, event: RecordedEvent): S;
}

/** A stream's state as the fold of its first `version` events. */
export interface StreamState<S> {
  readonly version: number;
  readonly state: S;
}

export type AppendOutcome = { readonly ok: AppendResult } | { readonly error: Error };

export interface ReadStreamOptions {
  readonly fromVersion?: number;
  readonly limit?: number;
}

export interface ReadAllOptions {
  readonly fromPosition?: number;
  readonly limit?: number;
}

export const MAX_EVENTS_PER_APPEND = 1000;

/**
 * The event store port. Every adapter passes the one contract suite (`contract/`). `S` is the state a
 * stream's events fold into (StreamFold), which commands are decided against.
 *
 * Guarantees:
 * - events are immutable: nothing appended is ever changed or removed;
 * - at most one event per eventId in a stream;
 * - a stream's versions are 1, 2, 3 … with no gaps; the ledger's positions are 1, 2, 3 … with no
 *   gaps, assigned in commit order, so a reader following positions never skips an event;
 * - an append is atomic: all of its events are stored, or none;
 * - idempotency is checked before the expected version: an append whose event ids are all stored with
 *   identical content (type, occurredAt, data, stream) returns the original receipt and writes nothing;
 *   an id stored with other content, or a mix of stored and new ids, is an IdempotencyConflictError;
 * - every stored event carries its RFC 9162 leaf hash, computed at append and verified again on read.
 *
 * Constraints: 1 to 1000 events per append (per part of a sequence), all with distinct ids.
 */
export interface EventStore<S = unknown> {
  /** Appends `events` as they are (no rules): a command that decides to append exactly its events. */
  append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  /**
   * Idempotency first (every id stored in the stream with the same content → the original receipt),
   * then the expected version, then `decide` against the stream's state at the version the commit is
   * planned on — never a cached state older than the database's. A refusal is thrown as decide threw it.
   */
  handle(command: StreamCommand<S>): Promise<AppendResult>;
  /**
   * The stream's state and version: the fold of every committed event, or of the first `atVersion`
   * (a version the caller has just read, which spares reading it again).
   */
  state(streamId: string, atVersion?: number): Promise<StreamState<S>>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * Subscribes to this store's commits: `listener` gets the new head after every commit that appended
   * events through this instance (not other processes'). Returns the unsubscribe call.
   * Constraints: a wake-up hint only: a subscriber that must see every event reads by position
   * (readAll from its checkpoint) and polls for other processes' appends. A listener's throw is ignored.
   */
  onAppended(listener: (head: number) => void): () => void;
  /** The stream's stored events with these ids, in any order; unknown ids are left out. */
  findEvents(streamId: string, eventIds: readonly string[]): Promise<RecordedEvent[]>;
  /** Every stream with its current version, ordered by stream id. */
  listStreams(): Promise<{ streamId: string; version: number }[]>;
  /** 0 when the stream has no events. */
  streamVersion(streamId: string): Promise<number>;
  /** The position of the last event in the ledger (0 when empty). */
  headPosition(): Promise<number>;
  /** Resolves when the store can reach its database; rejects with StoreUnavailableError otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The ledger's Merkle tree as stored next to the events (RFC 9162 over leaf hashes in position order).
 * Guarantee: for every committed tree size, the hash of every perfect subtree within it is readable.
 */
export interface LedgerTree {
  /** Hashes of perfect subtrees (level 0 = leaf hashes), keyed `level:index`; unknown refs are left out. */
  treeNodes(refs: readonly { level: number; index: number }[]): Promise<Map<string, Buffer>>;
  /** Stored events as they are, hashes unchecked, for an integrity scan that reports rather than throws. */
  scanEvents(fromPosition: number, limit: number): Promise<RecordedEvent[]>;
  /**
   * Stored nodes that reach beyond the committed tree (rows no append wrote, up to `limit`), read in one
   * snapshot with that tree's size.
   */
  nodesBeyondTree(limit: number): Promise<{ treeSize: number; nodes: { level: number; index: number }[] }>;
}
