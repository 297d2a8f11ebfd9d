import { AccessDenied, NotFound, RuleViolation, ValidationFailed } from '../errors';
import { DomainEvent, DomainEventOf } from '../events/event';
import { chairAt, charterInForce } from '../charter/in-force';
import { GovernanceEvent, Proposal, latestVersion, proposalState } from '../charter/governance';
import { parseDateOrTimestamp } from '../time';
import { Deal } from '../history/entities';
import { FormedPartnership } from './state';
import { ResolutionIds, decideDispute } from '../disputes/rules';

/**
 * The rules of governance (API.md, "Charter"): what the charter and review routes may record, and the
 * adoption the ledger adds when the last member approves.
 *
 * Constraints:
 * - a proposal is based on the latest adopted version (the decider stamps `baseVersion`);
 * - approving, rejecting or withdrawing needs an open proposal: a closed one → 409 `proposal_closed`, one
 *   based on an older version than the latest → 409 `charter_superseded`;
 * - an approval is an organization's (admin has none: 403), names the proposal's definitionHash (409
 *   `definition_hash_mismatch`) and is given once per org (409 `already_approved`);
 * - a version is adopted when every member org has approved, in the same batch as the last approval;
 * - only the proposer withdraws, only another member rejects, only the chair holds a review (admin may).
 */
export function decideGovernance(
  e: GovernanceEvent,
  s: FormedPartnership,
  ids: { readonly adoptionEventId?: string; readonly resolutionIds?: ResolutionIds } = {},
): DomainEvent[] {
  switch (e.type) {
    case 'charter.proposed':
      return [propose(e, s)];
    case 'charter.approved':
      return approve(e, s, ids.adoptionEventId);
    case 'charter.rejected': {
      const p = openProposal(s, e.data.proposalId);
      if (e.recordedBy !== 'admin' && e.recordedBy === p.proposedBy)
        denied('proposer_cannot_reject', 'the proposing organization withdraws its proposal, not rejects it');
      return [e];
    }
    case 'charter.withdrawn': {
      const p = openProposal(s, e.data.proposalId);
      if (e.recordedBy !== 'admin' && e.recordedBy !== p.proposedBy)
        denied('not_proposer', `only ${p.proposedBy}, which proposed it, may withdraw this proposal`);
      return [e];
    }
    case 'charter.adopted':
      throw new ValidationFailed([{ path: 'type', message: 'charter.adopted is written by the ledger' }]);
    case 'review.held':
      return [review(e, s)];
    case 'dispute.opened':
    case 'dispute.commented':
    case 'dispute.resolution_proposed':
    case 'dispute.resolution_accepted':
    case 'dispute.withdrawn':
    case 'dispute.resolved':
      return decideDispute(e, s, ids.resolutionIds);
    case 'scenario.defined':
    case 'forecast.recorded':
      return [e]; // any member may record its assumptions and forecasts; their shape is the schema's
    case 'action.completed': {
      const action = s.governance.actions.get(e.data.actionId);
      if (!action) throw new NotFound('action_not_found', `there is no action ${e.data.actionId}`);
      if (action.completed)
        conflict(
          'action_already_completed',
          `action ${e.data.actionId} was completed at ${action.completed.at}`,
        );
      return [e];
    }
  }
}

function propose(e: DomainEventOf<'charter.proposed'>, s: FormedPartnership): DomainEvent {
  if (s.governance.proposals.has(e.data.proposalId))
    conflict('proposal_exists', `proposal ${e.data.proposalId} exists`, 'proposalId');
  const from = e.data.effectiveFrom;
  if (from !== undefined && Date.parse(from) < Date.parse(s.profile.startedAt)) {
    const message = `must not be before the partnership started (${s.profile.startedAt})`;
    throw new ValidationFailed([{ path: 'effectiveFrom', message }]);
  }
  return { ...e, data: { ...e.data, baseVersion: latestVersion(s.governance) } };
}

function approve(
  e: DomainEventOf<'charter.approved'>,
  s: FormedPartnership,
  adoptionEventId: string | undefined,
): DomainEvent[] {
  if (e.recordedBy === 'admin')
    denied('org_required', 'an approval is an organization’s: approve with a partner key of that org');
  const p = openProposal(s, e.data.proposalId);
  if (e.data.definitionHash !== p.definitionHash)
    conflict(
      'definition_hash_mismatch',
      `the proposal's definitionHash is ${p.definitionHash}, not ${e.data.definitionHash}`,
      'definitionHash',
    );
  if (p.approvals.some((a) => a.orgId === e.recordedBy))
    conflict('already_approved', `${e.recordedBy} has already approved proposal ${p.proposalId}`);
  const approvers = new Set([...p.approvals.map((a) => a.orgId), e.recordedBy]);
  if (!s.profile.partnerOrgIds.every((org) => approvers.has(org))) return [e];
  if (!adoptionEventId) throw new Error('an approval command carries the id of the adoption it may cause');
  const adopted: DomainEventOf<'charter.adopted'> = {
    eventId: adoptionEventId,
    type: 'charter.adopted',
    occurredAt: e.occurredAt,
    recordedBy: e.recordedBy,
    data: {
      proposalId: p.proposalId,
      version: latestVersion(s.governance) + 1,
      definitionHash: p.definitionHash,
      effectiveFrom: p.effectiveFrom ?? e.occurredAt,
    },
  };
  return [e, adopted];
}

function review(e: DomainEventOf<'review.held'>, s: FormedPartnership): DomainEvent {
  const start = parseDateOrTimestamp(e.data.periodStart)!.getTime();
  const chair = chairAt(s.governance, s.profile.partnerOrgIds, start);
  if (e.recordedBy !== 'admin' && chair?.orgId !== e.recordedBy) {
    const who = chair
      ? `${chair.orgId} chairs the period from ${chair.periodStart} to ${chair.periodEnd}`
      : 'no charter version was in force then, so there is no chair';
    denied('not_chair', `only the chair holds a review: ${who}`);
  }
  const members = s.profile.partnerOrgIds;
  const errors = e.data.actions.flatMap((a, i) =>
    members.includes(a.ownerOrgId)
      ? []
      : [{ path: `actions[${i}].ownerOrgId`, message: `must be one of: ${members.join(', ')}` }],
  );
  e.data.actions.forEach((a, i) => {
    if (e.data.actions.findIndex((b) => b.actionId === a.actionId) < i)
      errors.push({ path: `actions[${i}].actionId`, message: 'is used twice in this review' });
  });
  if (errors.length > 0) throw new ValidationFailed(errors);
  const taken = e.data.actions.find((a) => s.governance.actions.has(a.actionId));
  if (taken) conflict('action_exists', `action ${taken.actionId} exists`);
  return e;
}

function openProposal(s: FormedPartnership, proposalId: string): Proposal {
  const p = s.governance.proposals.get(proposalId);
  if (!p) throw new NotFound('proposal_not_found', `there is no proposal ${proposalId}`);
  const state = proposalState(s.governance, p);
  if (state === 'superseded')
    conflict(
      'charter_superseded',
      `version ${latestVersion(s.governance)} was adopted since this proposal's base version ` +
        `${p.baseVersion}; propose again on the current charter`,
    );
  if (state !== 'open') conflict('proposal_closed', `proposal ${proposalId} is ${state}`);
  return p;
}

/** 409 governed_by_charter: targets come from the scorecard while a charter version ≥ 1 is in force. */
export function checkGovernedTarget(e: DomainEventOf<'target.set'>, s: FormedPartnership): void {
  const inForce = charterInForce(s.governance, Date.parse(e.occurredAt));
  if (inForce.version !== null && inForce.version >= 1)
    conflict(
      'governed_by_charter',
      `charter version ${inForce.version} is in force at ${e.occurredAt}: targets and baselines come ` +
        'from its scorecard; propose a new charter version to change them',
    );
}

/**
 * 409 deal_registration_conflict: another org holds an open deal on this customer registered less than
 * the charter's dealProtectionDays before this one (business time). Open = not closed by then. Of several,
 * the earliest registered is named (then the lowest dealId), so the answer does not depend on map order.
 */
export function checkDealProtection(e: DomainEventOf<'deal.registered'>, s: FormedPartnership): void {
  const t = Date.parse(e.occurredAt);
  const days = charterInForce(s.governance, t).charter.dealProtectionDays;
  if (days === 0) return;
  const by = e.data.registeredBy ?? e.recordedBy;
  const window = days * 86_400_000;
  let first: [string, Deal] | undefined;
  for (const [dealId, d] of s.deals) {
    const open = !d.close || d.close.at > t;
    const protects = d.registeredAt <= t && t < d.registeredAt + window;
    if (d.customerId !== e.data.customerId || d.registeredBy === by || !open || !protects) continue;
    if (
      !first ||
      d.registeredAt < first[1].registeredAt ||
      (d.registeredAt === first[1].registeredAt && dealId < first[0])
    )
      first = [dealId, d];
  }
  if (!first) return;
  const [dealId, d] = first;
  const until = new Date(d.registeredAt + window).toISOString();
  throw new RuleViolation(
    'deal_registration_conflict',
    `${d.registeredBy} registered deal ${dealId} on customer ${e.data.customerId}, protected until ${until}`,
    'data.customerId',
    { conflictingDealId: dealId, registeredBy: d.registeredBy, protectedUntil: until },
  );
}

function conflict(code: string, message: string, path?: string): never {
  throw new RuleViolation(code, message, path);
}

function denied(code: string, message: string): never {
  throw new AccessDenied(code, message);
}
