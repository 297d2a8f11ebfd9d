import { z } from 'zod';
import { dateOrTimestamp, identifier, orgId, sha256, text, timestamp } from '../events/fields';
import { DISPUTE_ROUTES, DISPUTE_SCHEMAS } from '../disputes/events';
import { FORESIGHT_ROUTES, FORESIGHT_SCHEMAS } from '../foresight/events';
import { CHARTER_SCHEMA } from './document';

/**
 * The governance events (API.md, "Charter", "Disputes", "Forecasts and scenarios"): written by the
 * charter, review, dispute, scenario and forecast routes, never posted to `…/events`. They are ordinary ledger events: versioned, positioned, hashed, exported and replayed.
 */
const version = () => z.number({ error: 'must be a number' }).int().min(0);

export const GOVERNANCE_SCHEMAS = {
  'charter.proposed': z.strictObject({
    proposalId: identifier(),
    baseVersion: version(),
    charter: CHARTER_SCHEMA,
    definitionHash: sha256(),
    effectiveFrom: timestamp().optional(),
    rationale: text().optional(),
  }),
  'charter.approved': z.strictObject({
    proposalId: identifier(),
    definitionHash: sha256(),
    signature: z.string().max(200).optional(),
  }),
  'charter.rejected': z.strictObject({ proposalId: identifier(), reason: text() }),
  'charter.withdrawn': z.strictObject({ proposalId: identifier() }),
  'charter.adopted': z.strictObject({
    proposalId: identifier(),
    version: version(),
    definitionHash: sha256(),
    effectiveFrom: timestamp(),
  }),
  'review.held': z.strictObject({
    reviewId: identifier(),
    periodStart: dateOrTimestamp(),
    summary: text(),
    snapshotHash: sha256().optional(),
    actions: z
      .array(
        z.strictObject({
          actionId: identifier(),
          title: text(500),
          ownerOrgId: orgId(),
          dueDate: dateOrTimestamp(),
        }),
      )
      .max(50, 'must have at most 50 entries'),
  }),
  'action.completed': z.strictObject({ actionId: identifier(), note: text().optional() }),
  ...DISPUTE_SCHEMAS,
  ...FORESIGHT_SCHEMAS,
} as const;

export type GovernanceType = keyof typeof GOVERNANCE_SCHEMAS;
export const GOVERNANCE_TYPES = Object.keys(GOVERNANCE_SCHEMAS) as GovernanceType[];

/** The route that writes each governance event: named in the 400 when one is posted to `…/events`. */
export const GOVERNANCE_ROUTES: Record<GovernanceType, string> = {
  'charter.proposed': 'POST /v1/partnerships/:id/charter/proposals',
  'charter.approved': 'POST /v1/partnerships/:id/charter/proposals/:proposalId/approvals',
  'charter.rejected': 'POST /v1/partnerships/:id/charter/proposals/:proposalId/rejections',
  'charter.withdrawn': 'POST /v1/partnerships/:id/charter/proposals/:proposalId/withdrawal',
  'charter.adopted': 'the ledger, with the last approval',
  'review.held': 'POST /v1/partnerships/:id/reviews',
  'action.completed': 'POST /v1/partnerships/:id/actions/:actionId/completion',
  ...DISPUTE_ROUTES,
  ...FORESIGHT_ROUTES,
};

/**
 * Whether an event of this type may be retracted: not the partnership's formation, not a retraction, not
 * a governance event (a charter is changed by a new version, a dispute by its own steps).
 */
export function isRetractable(type: string): boolean {
  return (
    type !== 'partnership.formed' &&
    type !== 'event.retracted' &&
    !(GOVERNANCE_TYPES as readonly string[]).includes(type)
  );
}
