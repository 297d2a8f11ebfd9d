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

/** The database cannot be reached, or the outcome of a commit is unknown: retrying with the same event ids is safe. */
export class StoreUnavailableError extends EventStoreError {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
  }
}

/** A stored event no longer matches the hash it was stored with: the ledger was changed behind the store's back. */
export class LedgerIntegrityError extends EventStoreError {
  constructor(readonly position: number) {
    super(`the event at position ${position} does not match its stored hash`);
  }
}
