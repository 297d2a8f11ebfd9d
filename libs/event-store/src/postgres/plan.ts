import { IdempotencyConflictError, WrongExpectedVersionError } from '../errors';
import { ExpectedVersion, matchesExpectedVersion } from '../expected-version';
import { sameEventContent } from '../idempotency';
import { AppendOutcome, AppendResult, NewEvent, RecordedEvent, StreamCommand } from '../port';
import { StreamState } from '../stream-states';

export interface GroupPlan<S> {
  /** One per command of the group, in order. */
  readonly outcomes: AppendOutcome[];
  readonly rows: RecordedEvent[];
  /** The final version and last position of every stream the group appends to. */
  readonly streams: Map<string, { version: number; position: number }>;
  /** The state each decided stream is left in, to keep once the group commits. */
  readonly states: Map<string, StreamState<S>>;
  readonly head: number;
}

export interface GroupInput<S> {
  /** Already-stored events with any of the group's ids in their streams, by eventKey(stream, id). */
  readonly stored: ReadonlyMap<string, RecordedEvent>;
  /** Current versions of the group's streams (absent = 0). */
  readonly versions: ReadonlyMap<string, number>;
  /** The state of each stream at its current version (streams whose commands decide). */
  readonly states: ReadonlyMap<string, StreamState<S>>;
  readonly evolve: (state: StreamState<S>, event: RecordedEvent) => StreamState<S>;
  readonly head: number;
  readonly recordedAt: string;
  readonly hash: (event: Omit<RecordedEvent, 'hash'>) => string;
}

/**
 * Decides, in memory and in order, what a group of commands committed in one transaction does: each is
 * replayed (idempotent), refused, or decided and appended after the ones before it — against the state
 * the earlier commands of the group leave, so commands to one stream are decided one after another.
 * A refused command changes nothing, and never affects the others. Pure, so the rules are testable
 * without a database.
 */
export function planGroup<S>(commands: readonly StreamCommand<S>[], input: GroupInput<S>): GroupPlan<S> {
  const known = new Map(input.stored);
  const versions = new Map(input.versions);
  const states = new Map(input.states);
  const rows: RecordedEvent[] = [];
  const streams = new Map<string, { version: number; position: number }>();
  let head = input.head;

  const append = (command: StreamCommand<S>, decided: readonly NewEvent[]): AppendResult => {
    let version = versions.get(command.streamId) ?? 0;
    let state = states.get(command.streamId);
    const appended = decided.map((event) => {
      version += 1;
      head += 1;
      const row = {
        ...event,
        streamId: command.streamId,
        version,
        position: head,
        recordedAt: input.recordedAt,
      };
      const recorded: RecordedEvent = { ...row, hash: input.hash(row) };
      known.set(eventKey(command.streamId, event.eventId), recorded);
      rows.push(recorded);
      if (state) state = input.evolve(state, recorded);
      return recorded;
    });
    versions.set(command.streamId, version);
    if (state) states.set(command.streamId, state);
    streams.set(command.streamId, { version, position: head });
    return toResult(command.streamId, appended, false);
  };

  const outcomes = commands.map((command): AppendOutcome => {
    const replay = checkIdempotency(command, known);
    if (replay) return replay;
    const current = versions.get(command.streamId) ?? 0;
    if (!matchesExpectedVersion(command.expectedVersion ?? 'any', current)) {
      return {
        error: new WrongExpectedVersionError(
          command.streamId,
          command.expectedVersion as ExpectedVersion,
          current,
        ),
      };
    }
    const decided = decideOn(command, states.get(command.streamId));
    return 'error' in decided ? decided : { ok: append(command, decided.events) };
  });
  const decidedStates = new Map([...states].filter(([id]) => streams.has(id)));
  return { outcomes, rows, streams, states: decidedStates, head };
}

function decideOn<S>(
  command: StreamCommand<S>,
  state: StreamState<S> | undefined,
): { events: readonly NewEvent[] } | { error: Error } {
  try {
    return { events: command.decide(state?.state as S) };
  } catch (error) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }
}

function checkIdempotency<S>(
  command: StreamCommand<S>,
  known: ReadonlyMap<string, RecordedEvent>,
): AppendOutcome | undefined {
  const found = command.events.map((e) => known.get(eventKey(command.streamId, e.eventId)));
  if (found.every((f) => f === undefined)) return undefined;
  for (const [i, stored] of found.entries()) {
    const event = command.events[i];
    if (!stored) {
      const other = found.find((f) => f !== undefined)!;
      return {
        error: new IdempotencyConflictError(
          other.eventId,
          'was already appended, but this append also holds new events',
        ),
      };
    }
    if (!sameEventContent(command.streamId, event, stored)) {
      return {
        error: new IdempotencyConflictError(event.eventId, 'was already appended with different content'),
      };
    }
  }
  return { ok: toResult(command.streamId, found as RecordedEvent[], true) };
}

/** Event ids are unique per stream: the same id in two partnerships is two events. */
export function eventKey(streamId: string, eventId: string): string {
  return `${streamId}\u0000${eventId}`;
}

function toResult(streamId: string, events: readonly RecordedEvent[], replayed: boolean): AppendResult {
  return {
    streamId,
    version: Math.max(...events.map((e) => e.version)),
    events: events.map(({ eventId, type, version, position, hash }) => ({
      eventId,
      type,
      version,
      position,
      hash,
    })),
    replayed,
  };
}
