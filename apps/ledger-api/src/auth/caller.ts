import { NotFound } from '@ledger/domain';

export const ROLES = ['admin', 'partner', 'auditor', 'governance'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, established from the API key on every request. */
export type Caller =
  | { readonly role: 'partner'; readonly orgId: string; readonly keyId: string }
  | { readonly role: 'admin' | 'auditor' | 'governance'; readonly orgId?: string; readonly keyId: string };

/** `recordedBy` of what this caller appends: its organization, or `admin`. */
export function recorderOf(caller: Caller): string {
  return caller.role === 'partner' ? caller.orgId : 'admin';
}

/**
 * Object-level access to a partnership. Partners see only partnerships they are members of; for any
 * other the answer is 404, so a partnership's existence is not leaked.
 */
export function canSeePartnership(caller: Caller, partnerOrgIds: readonly string[]): boolean {
  return caller.role !== 'partner' || partnerOrgIds.includes(caller.orgId);
}

export function partnershipNotFound(partnershipId: string): NotFound {
  return new NotFound(
    'partnership_not_found',
    `partnership ${partnershipId} does not exist or is not visible to this key`,
  );
}
