import { LOWEST_STORED_LEVEL } from '@ledger/verification';
import { ExpectedVersion } from './expected-version';

/** Base of the store's typed errors; adapters translate their client's errors into these. */
export abstract class EventStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The stream was not at the expected version; nothing was appended. */
export class WrongExpectedVersionError extends EventStoreError {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`stream ${streamId} is at version ${actual}, expected ${String(expected)}`);
  }
}

/** An event id is already stored with other content (or as part of another append); nothing was appended. */
export class IdempotencyConflictError extends EventStoreError {
  constructor(
    readonly eventId: string,
    reason: string,
  ) {
    super(`eventId ${eventId} ${reason}`);
  }
}

/** The append itself is malformed (empty, too large, duplicate ids); nothing was appended. */
export class InvalidAppendError extends EventStoreError {}

/**
 * The database cannot be reached, or the outcome of a commit is unknown: retrying with the same event ids is
 * safe.
 */
export class StoreUnavailableError extends EventStoreError {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
  }
}

/**
 * Other writers held the ledger's head longer than the lock timeout: the database is up, the ledger is
 * contended. Nothing was appended; retrying with the same event ids is safe.
 */
export class StoreBusyError extends StoreUnavailableError {}

/**
 * The stored ledger was changed behind the store's back: an event no longer matches the hash it was stored
 * with (the default message), or a part of its stored tree is gone (StoredTreeDamaged). `position`: the
 * first position concerned.
 */
export class LedgerIntegrityError extends EventStoreError {
  constructor(
    readonly position: number,
    message = `the event at position ${position} does not match its stored hash`,
  ) {
    super(message);
  }
}

/**
 * A node of the stored Merkle tree that a committed tree size must have is missing (a ledger_merkle row,
 * or, below the stored levels, an event row it is recomputed from): no proof through it can be given.
 */
export class StoredTreeDamaged extends LedgerIntegrityError {
  readonly from: number;
  readonly to: number;

  constructor(readonly node: { readonly level: number; readonly index: number }) {
    const width = 2 ** node.level;
    const [from, to] = [node.index * width + 1, (node.index + 1) * width];
    const where = node.level === 0 ? `position ${from}` : `positions ${from}–${to}`;
    const name = `node ${node.level}:${node.index}`;
    super(from, `the stored Merkle tree lacks ${name} (${where}): ${lost(node.level)}`);
    this.from = from;
    this.to = to;
  }
}

function lost(level: number): string {
  if (level === 0) return 'the event row is gone';
  if (level < LOWEST_STORED_LEVEL) return 'an event row it is computed from is gone';
  return 'its ledger_merkle row is gone';
}
