import { IdempotencyConflictError, SequenceBrokenError, WrongExpectedVersionError } from '../errors';
import { ExpectedVersion, matchesExpectedVersion } from '../expected-version';
import { sameEventContent } from '../idempotency';
import { AppendResult, NewEvent, RecordedEvent } from '../port';

export interface PendingAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expected: ExpectedVersion;
}

export type Outcome = { readonly ok: AppendResult } | { readonly error: Error };

export interface GroupPlan {
  /** Per item of the group, per part of the item. */
  readonly outcomes: Outcome[][];
  readonly rows: RecordedEvent[];
  /** The final version and last position of every stream the group appends to. */
  readonly streams: Map<string, { version: number; position: number }>;
  readonly head: number;
}

export interface GroupInput {
  /** Already-stored events with any of the group's ids in their streams, by eventKey(stream, id). */
  readonly stored: ReadonlyMap<string, RecordedEvent>;
  /** Current versions of the group's streams (absent = 0). */
  readonly versions: ReadonlyMap<string, number>;
  readonly head: number;
  readonly recordedAt: string;
  readonly hash: (event: Omit<RecordedEvent, 'hash'>) => string;
}

/**
 * Decides, in memory and in order, what a group of appends committed in one transaction does: each
 * part is replayed (idempotent), rejected, or appended after the ones before it. An item is a sequence
 * of parts to one stream: once a part fails, the rest of its item fail with SequenceBrokenError (they
 * were decided on a state that now will not exist). Other items are never affected. Pure, so the rules
 * are testable without a database.
 */
export function planGroup(items: readonly (readonly PendingAppend[])[], input: GroupInput): GroupPlan {
  const known = new Map(input.stored);
  const versions = new Map(input.versions);
  const rows: RecordedEvent[] = [];
  const streams = new Map<string, { version: number; position: number }>();
  let head = input.head;

  const planPart = (request: PendingAppend): Outcome => {
    const replay = checkIdempotency(request, known);
    if (replay) return replay;
    const current = versions.get(request.streamId) ?? 0;
    if (!matchesExpectedVersion(request.expected, current)) {
      return { error: new WrongExpectedVersionError(request.streamId, request.expected, current) };
    }
    let version = current;
    const appended = request.events.map((event) => {
      version += 1;
      head += 1;
      const row = { ...event, streamId: request.streamId, version, position: head, recordedAt: input.recordedAt };
      const recorded: RecordedEvent = { ...row, hash: input.hash(row) };
      known.set(eventKey(request.streamId, event.eventId), recorded);
      rows.push(recorded);
      return recorded;
    });
    versions.set(request.streamId, version);
    streams.set(request.streamId, { version, position: head });
    return { ok: toResult(request.streamId, appended, false) };
  };
  const outcomes = items.map((parts) => {
    let broken: Outcome | undefined;
    return parts.map((part, i): Outcome => {
      if (broken) return { error: new SequenceBrokenError(part.streamId, i) };
      const outcome = planPart(part);
      if ('error' in outcome) broken = outcome;
      return outcome;
    });
  });
  return { outcomes, rows, streams, head };
}

function checkIdempotency(request: PendingAppend, known: ReadonlyMap<string, RecordedEvent>): Outcome | undefined {
  const found = request.events.map((e) => known.get(eventKey(request.streamId, e.eventId)));
  if (found.every((f) => f === undefined)) return undefined;
  for (const [i, stored] of found.entries()) {
    const event = request.events[i];
    if (!stored) {
      const other = found.find((f) => f !== undefined)!;
      return { error: new IdempotencyConflictError(other.eventId, 'was already appended, but this append also holds new events') };
    }
    if (!sameEventContent(request.streamId, event, stored)) {
      return { error: new IdempotencyConflictError(event.eventId, 'was already appended with different content') };
    }
  }
  return { ok: toResult(request.streamId, found as RecordedEvent[], true) };
}

/** Event ids are unique per stream: the same id in two partnerships is two events. */
export function eventKey(streamId: string, eventId: string): string {
  return `${streamId}\u0000${eventId}`;
}

function toResult(streamId: string, events: readonly RecordedEvent[], replayed: boolean): AppendResult {
  return {
    streamId,
    version: Math.max(...events.map((e) => e.version)),
    events: events.map(({ eventId, type, version, position, hash }) => ({ eventId, type, version, position, hash })),
    replayed,
  };
}
