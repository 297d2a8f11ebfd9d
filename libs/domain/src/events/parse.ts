import { z } from 'zod';
import { GOVERNANCE_ROUTES } from '../charter/events';
import { PROGRAM_ROUTES } from '../program/events';
import { FieldError, ValidationFailed } from '../errors';
import { TIMESTAMP_HINT, parseTimestamp } from '../time';
import { DomainEvent, asDomainEvent } from './event';
import { EVENT_DATA_SCHEMAS, EventData, EventType, POSTABLE_EVENT_TYPES, isEventType } from './schemas';

/** How far ahead of the server's clock an `occurredAt` may be (clock skew of partner systems). */
export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;

export interface EventInput {
  readonly eventId: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly data: unknown;
}

/**
 * Turns a posted event into a domain event, or throws ValidationFailed with one entry per bad field.
 *
 * Constraints:
 * - `type` is a postable event type (every type of API.md but `partnership.formed`);
 * - `occurredAt` is a timestamp with a zone, at most 5 minutes ahead of `now`; it is normalized to UTC;
 * - `data` matches the type's schema exactly: no missing, malformed or unknown fields;
 * - `eventId` is lower-cased (UUIDs compare case-insensitively).
 */
export function parseEvent(input: EventInput, recordedBy: string, now: Date): DomainEvent {
  const errors: FieldError[] = [];
  const when = parseTimestamp(input.occurredAt);
  if (!when) errors.push({ path: 'occurredAt', message: `must be ${TIMESTAMP_HINT}` });
  else if (when.getTime() > now.getTime() + MAX_FUTURE_SKEW_MS) {
    errors.push({ path: 'occurredAt', message: 'must not be more than 5 minutes in the future' });
  }
  if (!isEventType(input.type) || !POSTABLE_EVENT_TYPES.includes(input.type)) {
    const hint = writtenBy(input.type);
    errors.push({ path: 'type', message: `${hint}must be one of: ${POSTABLE_EVENT_TYPES.join(', ')}` });
    throw new ValidationFailed(errors);
  }
  const data = parseData(input.type, input.data);
  if ('errors' in data) errors.push(...data.errors);
  if (errors.length > 0 || 'errors' in data || !when) throw new ValidationFailed(errors);
  return asDomainEvent({
    eventId: input.eventId.toLowerCase(),
    type: input.type,
    occurredAt: when.toISOString(),
    recordedBy,
    data: data.value,
  });
}

/** For a type that has its own route: which one writes it. */
function writtenBy(type: unknown): string {
  if (type === 'partnership.formed') return 'partnership.formed is written by POST /v1/partnerships; ';
  const routes: Record<string, string> = { ...GOVERNANCE_ROUTES, ...PROGRAM_ROUTES };
  return typeof type === 'string' && Object.hasOwn(routes, type)
    ? `${type} is written by ${routes[type]}; `
    : '';
}

export function parseData<T extends EventType>(
  type: T,
  data: unknown,
): { value: EventData<T> } | { errors: FieldError[] } {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { errors: [{ path: 'data', message: 'must be a JSON object' }] };
  }
  const unknown = unknownKeys(type, data);
  const result = EVENT_DATA_SCHEMAS[type].safeParse(data);
  const errors = [...(result.success ? [] : toFieldErrors(result.error.issues, 'data', type)), ...unknown];
  if (errors.length > 0) return { errors };
  // zod parsed it with the type's own schema, which is what EventData<T> is inferred from.
  const value: unknown = result.data;
  return { value: value as EventData<T> };
}

/**
 * Keys the type's schema does not define. zod's strict objects miss keys named like Object.prototype
 * members (`constructor`, `toString`), which it then silently drops; own-key checking catches them.
 */
function unknownKeys(type: EventType, data: object): FieldError[] {
  const shape = EVENT_DATA_SCHEMAS[type].shape as Record<string, unknown>;
  return Object.keys(data)
    .filter((key) => !Object.hasOwn(shape, key) && key in Object.prototype)
    .map((key) => ({ path: `data.${key}`, message: `is not a field of ${type}` }));
}

export function toFieldErrors(issues: readonly z.core.$ZodIssue[], root: string, type: string): FieldError[] {
  return issues.flatMap((issue) => {
    const base = [root, ...issue.path.map(String)].filter((part) => part !== '').join('.') || 'body';
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: `${base}.${key}`, message: `is not a field of ${type}` }));
    }
    return [{ path: base.replace(/\.(\d+)(?=\.|$)/g, '[$1]'), message: issue.message }];
  });
}
