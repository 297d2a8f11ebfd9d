import { EventData, EventType } from './schemas';

/**
 * An event as the domain sees it: what happened, when, and who said so. Versions, positions, the
 * recording time and the hash are the ledger's business and are added when it is appended.
 */
export type DomainEventOf<T extends EventType> = {
  readonly eventId: string;
  readonly type: T;
  /** ISO-8601 UTC with milliseconds, normalized. */
  readonly occurredAt: string;
  /** The caller's orgId, or `admin`. */
  readonly recordedBy: string;
  readonly data: Readonly<EventData<T>>;
};

/** The discriminated union of every event type: `switch (event.type)` narrows `data`. */
export type DomainEvent = { [T in EventType]: DomainEventOf<T> }[EventType];

/** Fails to compile when a `switch` over event types misses one. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}

/**
 * The event a retraction names. UUIDs compare case-insensitively and the ledger keeps ids lower-cased,
 * while `data` is kept as posted; every reader of a retraction goes through this.
 */
export function retractionTarget(data: { readonly eventId: string }): string {
  return data.eventId.toLowerCase();
}

/** What a ledger keeps of an event, untyped: as the store, an export or a read model hands it back. */
export interface StoredEventLike {
  readonly eventId: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly recordedBy: string;
  readonly data: unknown;
}

/**
 * The one place an untyped event becomes a typed domain event.
 * Constraints: only for events whose data was parsed by their type's schema — at the edge (parse.ts)
 * or before they were appended (a stored event, whose hash is checked on every read and export).
 */
export function asDomainEvent(e: StoredEventLike): DomainEvent {
  return e as DomainEvent;
}

/**
 * A stored event as a typed domain event. Every event in a ledger was parsed by the domain's schemas
 * before it was appended, and its hash (checked on every read and export) proves it is the event that
 * was parsed, so its shape is the domain's without parsing it again.
 */
export function storedAsDomainEvent(e: StoredEventLike): DomainEvent {
  const { eventId, type, occurredAt, recordedBy, data } = e;
  return asDomainEvent({ eventId, type, occurredAt, recordedBy, data });
}
