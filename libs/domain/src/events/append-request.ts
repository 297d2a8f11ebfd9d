import { randomUUID } from 'node:crypto';
import { FieldError, ValidationFailed } from '../errors';
import { DomainEvent } from './event';
import { parseEvent } from './parse';

/** What a portal posts to append: one event, or a batch, with the version it expects. */
export interface AppendRequest {
  readonly expectedVersion: number | 'any' | 'exists';
  readonly events: readonly DomainEvent[];
}

export const MAX_BATCH = 1000;
const EVENT_FIELDS = ['eventId', 'type', 'occurredAt', 'data'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = `must be an ISO-8601 timestamp with a time zone, such as "2026-01-05T10:00:00Z"`;

/**
 * Parses an append request body, once, into domain events: the envelope (one event
 * `{eventId?, type, occurredAt, data, expectedVersion?}` or `{expectedVersion?, events: [...]}`), then
 * every event by the domain's schemas. Every bad field of every event is reported at once, located
 * (`events[3].data.amount`); nothing is appended unless all are good.
 *
 * Constraints: no field beyond those (a caller cannot set `position`, `hash`, `recordedBy` …); 1 to
 * 1000 events; `eventId` a UUID (generated when absent, lower-cased), unique within the request.
 */
export function parseAppendRequest(body: unknown, recordedBy: string, now: Date): AppendRequest {
  const errors: FieldError[] = [];
  const fields = asObject(body, '', errors);
  if (!fields) throw new ValidationFailed(errors);
  const batch = fields.events !== undefined;
  const allowed = batch ? ['expectedVersion', 'events'] : ['expectedVersion', ...EVENT_FIELDS];
  for (const key of Object.keys(fields)) if (!allowed.includes(key)) errors.push(stray(key, batch));
  const expectedVersion = parseExpectedVersion(fields.expectedVersion, errors);
  const inputs = batch ? eventList(fields.events, errors) : [fields];
  const seen = new Map<string, number>();
  const events = inputs.map((input, i) =>
    parseOne(input, batch ? `events[${i}]` : '', { recordedBy, now, seen, index: i, batch }, errors),
  );
  if (errors.length > 0) throw new ValidationFailed(errors);
  return { expectedVersion, events: events as DomainEvent[] };
}

function stray(key: string, batch: boolean): FieldError {
  if (batch && EVENT_FIELDS.includes(key)) {
    return {
      path: key,
      message:
        'must not be sent with events: a body is either one event or {expectedVersion?, events: [...]}',
    };
  }
  return { path: key, message: 'is not an allowed field' };
}

function parseExpectedVersion(value: unknown, errors: FieldError[]): AppendRequest['expectedVersion'] {
  if (value === undefined) return 'any';
  if (value === 'any' || value === 'exists' || (Number.isSafeInteger(value) && (value as number) >= 0))
    return value as AppendRequest['expectedVersion'];
  errors.push({ path: 'expectedVersion', message: 'must be a whole number ≥ 0, "any" or "exists"' });
  return 'any';
}

function eventList(value: unknown, errors: FieldError[]): unknown[] {
  if (!Array.isArray(value))
    return push(errors, { path: 'events', message: `must be an array of 1 to ${MAX_BATCH} events` }, []);
  if (value.length === 0) return push(errors, { path: 'events', message: 'must hold at least 1 event' }, []);
  if (value.length > MAX_BATCH)
    return push(errors, { path: 'events', message: `must hold at most ${MAX_BATCH} events` }, []);
  return value;
}

interface Context {
  readonly recordedBy: string;
  readonly now: Date;
  readonly seen: Map<string, number>;
  readonly index: number;
  readonly batch: boolean;
}

/** One event's envelope, then the event itself by the domain's schemas (only once its envelope is sound). */
function parseOne(
  input: unknown,
  prefix: string,
  ctx: Context,
  errors: FieldError[],
): DomainEvent | undefined {
  const at = (field: string) => (prefix ? `${prefix}.${field}` : field);
  const fields = asObject(input, prefix, errors);
  if (!fields) return undefined;
  const before = errors.length;
  if (ctx.batch)
    for (const key of Object.keys(fields))
      if (!EVENT_FIELDS.includes(key)) errors.push({ path: at(key), message: 'is not an allowed field' });
  const { eventId = randomUUID(), type, occurredAt, data } = fields;
  if (typeof eventId !== 'string' || !UUID.test(eventId))
    errors.push({ path: at('eventId'), message: 'must be a UUID' });
  if (typeof type !== 'string')
    errors.push({
      path: at('type'),
      message: `must be a string naming an event type${ctx.batch ? '' : ' (or send {events: [...]})'}`,
    });
  if (typeof occurredAt !== 'string') errors.push({ path: at('occurredAt'), message: TIMESTAMP });
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    errors.push({ path: at('data'), message: 'must be a JSON object' });
  if (errors.length > before) return undefined;
  const id = (eventId as string).toLowerCase();
  const twin = ctx.seen.get(id);
  if (twin !== undefined) errors.push({ path: at('eventId'), message: `duplicates events[${twin}].eventId` });
  ctx.seen.set(id, ctx.index);
  try {
    return parseEvent(
      { eventId: id, type: type as string, occurredAt: occurredAt as string, data },
      ctx.recordedBy,
      ctx.now,
    );
  } catch (error) {
    if (!(error instanceof ValidationFailed)) throw error;
    errors.push(...(prefix ? error.within(prefix).errors : error.errors));
    return undefined;
  }
}

function asObject(value: unknown, path: string, errors: FieldError[]): Record<string, unknown> | undefined {
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    return value as Record<string, unknown>;
  errors.push({ path: path || 'body', message: 'must be a JSON object' });
  return undefined;
}

function push<T>(errors: FieldError[], error: FieldError, value: T): T {
  errors.push(error);
  return value;
}
