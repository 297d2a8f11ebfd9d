import { z } from 'zod';
import { parseBody } from '../charter/requests';
import { boolean, dateOrTimestamp, oneOf, text, uuid } from '../events/fields';
import { ValidationFailed } from '../errors';
import { parseDateOrTimestamp } from '../time';
import { DISPUTE_OUTCOMES, DISPUTE_REMEDIES } from './events';

/**
 * The bodies of the dispute routes, parsed at the edge. A subject is told apart by its keys, so a bad
 * `subject.eventId` is reported as that field, not as "matches neither shape".
 */
const EVENT_SUBJECT = z.strictObject({ eventId: uuid() });
const KPI_SUBJECT = z.strictObject({
  kpiId: z
    .string({ error: 'must be a KPI id (GET /v1/kpi-catalogue)' })
    .regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a KPI id (GET /v1/kpi-catalogue)'),
  periodStart: dateOrTimestamp(),
});
const OPENING = z.strictObject({
  subject: z.custom<unknown>((v) => v !== undefined, { error: 'is required' }),
  reason: text(),
  requestedRemedy: oneOf(DISPUTE_REMEDIES),
});
const COMMENT = z.strictObject({ comment: text() });
const RESOLUTION = z.strictObject({
  outcome: oneOf(DISPUTE_OUTCOMES),
  resolution: text(),
  retract: boolean().optional(),
});
const EMPTY = z.strictObject({});

export type DisputeSubject =
  | { readonly eventId: string; readonly eventType?: string }
  | { readonly kpiId: string; readonly periodStart: string };

export interface DisputeOpening {
  readonly subject: DisputeSubject;
  readonly reason: string;
  readonly requestedRemedy: (typeof DISPUTE_REMEDIES)[number];
}

export function parseDisputeOpening(body: unknown): DisputeOpening {
  const { subject, reason, requestedRemedy } = parseBody(OPENING, body);
  return { subject: parseSubject(subject), reason, requestedRemedy };
}

function parseSubject(subject: unknown): DisputeSubject {
  if (typeof subject !== 'object' || subject === null || Array.isArray(subject)) {
    const message = 'must be {eventId} (an event of this partnership) or {kpiId, periodStart} (a KPI figure)';
    throw new ValidationFailed([{ path: 'subject', message }]);
  }
  try {
    if ('eventId' in subject) return { eventId: parseBody(EVENT_SUBJECT, subject).eventId.toLowerCase() };
    const { kpiId, periodStart } = parseBody(KPI_SUBJECT, subject);
    return { kpiId, periodStart: parseDateOrTimestamp(periodStart)!.toISOString() };
  } catch (error) {
    throw error instanceof ValidationFailed ? error.within('subject') : error;
  }
}

export const parseDisputeComment = (body: unknown) => parseBody(COMMENT, body);
export const parseDisputeResolution = (body: unknown) => {
  const { retract, ...rest } = parseBody(RESOLUTION, body);
  return { ...rest, retract: retract ?? false };
};
export const parseEmptyBody = (body: unknown) => parseBody(EMPTY, body);
