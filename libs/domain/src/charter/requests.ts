import { z } from 'zod';
import { ValidationFailed } from '../errors';
import { toFieldErrors } from '../events/parse';
import { dateOrTimestamp, identifier, orgId, sha256, text, timestamp } from '../events/fields';
import { normalizeTimestamp } from '../time';
import { CharterDocument } from './document';
import { checkCharter } from './validate';

/**
 * The bodies of the charter and review routes, parsed once at the edge like `…/events` bodies
 * (append-request.ts): every problem reported with its path, nothing else read from the body.
 */
const PROPOSAL = z.strictObject({
  charter: z.unknown(),
  effectiveFrom: timestamp().optional(),
  rationale: text().optional(),
});
const APPROVAL = z.strictObject({
  definitionHash: sha256(),
  signature: z
    .string({ error: 'must be a base64 string' })
    .max(200, 'must be at most 200 characters')
    .optional(),
});
const REJECTION = z.strictObject({ reason: text() });
const COMPLETION = z.strictObject({ note: text().optional() });
const REVIEW = z.strictObject({
  periodStart: dateOrTimestamp(),
  summary: text(),
  snapshotHash: sha256().optional(),
  actions: z
    .array(
      z.strictObject({
        actionId: identifier().optional(),
        title: text(500),
        ownerOrgId: orgId(),
        dueDate: dateOrTimestamp(),
      }),
      { error: 'must be an array' },
    )
    .max(50, 'must have at most 50 entries')
    .optional(),
});

/** A route's JSON body parsed by its schema: every problem reported with its path (400). */
export function parseBody<T extends z.ZodTypeAny>(schema: T, body: unknown): z.infer<T> {
  const input = body === undefined || body === null ? {} : body;
  if (typeof input !== 'object' || Array.isArray(input))
    throw new ValidationFailed([{ path: 'body', message: 'must be a JSON object' }]);
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationFailed(toFieldErrors(result.error.issues, '', 'this request'));
  return result.data;
}

export interface ProposalRequest {
  readonly charter: CharterDocument;
  readonly effectiveFrom?: string;
  readonly rationale?: string;
}

/** A proposal: its charter checked against the partnership's members (validate.ts). */
export function parseProposal(body: unknown, members: readonly string[]): ProposalRequest {
  const { charter, effectiveFrom, rationale } = parseBody(PROPOSAL, body);
  if (charter === undefined) throw new ValidationFailed([{ path: 'charter', message: 'is required' }]);
  return {
    charter: checkCharter(charter, members),
    ...(effectiveFrom ? { effectiveFrom: normalizeTimestamp(effectiveFrom) } : {}),
    ...(rationale ? { rationale } : {}),
  };
}

export const parseApproval = (body: unknown) => parseBody(APPROVAL, body);
export const parseRejection = (body: unknown) => parseBody(REJECTION, body);
export const parseCompletion = (body: unknown) => parseBody(COMPLETION, body);
export const parseReview = (body: unknown) => parseBody(REVIEW, body);
