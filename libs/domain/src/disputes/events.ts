import { z } from 'zod';
import { boolean, dateOrTimestamp, identifier, oneOf, text, uuid } from '../events/fields';

/**
 * The dispute events (API.md, "Disputes"): written by the dispute routes, never posted to `…/events`.
 * Like the charter's, they are ordinary ledger events, folded into the partnership's governance.
 *
 * Constraints: `subject.eventType` is stamped by the decider (the disputed event's type, so every reader
 * knows which KPIs a dispute touches without the disputed event at hand); a caller cannot set it.
 */
export const DISPUTE_REMEDIES = ['retract', 'correct', 'explain'] as const;
export const DISPUTE_OUTCOMES = ['upheld', 'rejected'] as const;

const eventSubject = z.strictObject({ eventId: uuid(), eventType: z.string().max(64).optional() });
const kpiSubject = z.strictObject({
  kpiId: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a KPI id (GET /v1/kpi-catalogue)'),
  periodStart: dateOrTimestamp(),
});

export const DISPUTE_SUBJECT = z.union([eventSubject, kpiSubject], {
  error: () => 'must be {eventId} (an event of this partnership) or {kpiId, periodStart} (a KPI figure)',
});

export const DISPUTE_SCHEMAS = {
  'dispute.opened': z.strictObject({
    disputeId: identifier(),
    subject: DISPUTE_SUBJECT,
    reason: text(),
    requestedRemedy: oneOf(DISPUTE_REMEDIES),
  }),
  'dispute.commented': z.strictObject({ disputeId: identifier(), comment: text() }),
  'dispute.resolution_proposed': z.strictObject({
    disputeId: identifier(),
    outcome: oneOf(DISPUTE_OUTCOMES),
    resolution: text(),
    retract: boolean(),
  }),
  'dispute.resolution_accepted': z.strictObject({ disputeId: identifier() }),
  'dispute.withdrawn': z.strictObject({ disputeId: identifier() }),
  'dispute.resolved': z.strictObject({
    disputeId: identifier(),
    outcome: oneOf(DISPUTE_OUTCOMES),
    resolution: text(),
  }),
} as const;

export type DisputeType = keyof typeof DISPUTE_SCHEMAS;

export const DISPUTE_ROUTES: Record<DisputeType, string> = {
  'dispute.opened': 'POST /v1/partnerships/:id/disputes',
  'dispute.commented': 'POST /v1/partnerships/:id/disputes/:disputeId/comments',
  'dispute.resolution_proposed': 'POST /v1/partnerships/:id/disputes/:disputeId/resolution',
  'dispute.resolution_accepted': 'POST /v1/partnerships/:id/disputes/:disputeId/acceptance',
  'dispute.withdrawn': 'POST /v1/partnerships/:id/disputes/:disputeId/withdrawal',
  'dispute.resolved': 'the ledger, with the last acceptance',
};
