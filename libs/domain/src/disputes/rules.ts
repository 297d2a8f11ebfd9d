import { AccessDenied, NotFound, RuleViolation, ValidationFailed } from '../errors';
import { DomainEvent, DomainEventOf } from '../events/event';
import { KPI_IDS } from '../kpi-catalogue';
import { isRetractable } from '../charter/events';
import { charterInForce } from '../charter/in-force';
import { FormedPartnership } from '../partnership/state';
import { DisputeType } from './events';
import { Dispute, acceptors, disputeState } from './fold';

type DisputeEvent = { [T in DisputeType]: DomainEventOf<T> }[DisputeType];

/** Ids for the events the ledger appends with an acceptance: dispute.resolved and event.retracted. */
export interface ResolutionIds {
  readonly resolved: string;
  readonly retracted: string;
}

/**
 * The rules of disputes (API.md, "Disputes").
 *
 * Constraints:
 * - the subject exists: an event of this partnership, or a KPI of the catalogue or the charter in force
 *   (404 `dispute_subject_not_found`); an event has one open dispute at a time (409 `already_disputed`) and a
 *   retracted event is not disputed (409 `event_retracted`);
 * - comments, proposals, acceptances and withdrawals need an open dispute (404 `dispute_not_found`, 409
 *   `dispute_closed`); only the opening org withdraws (403 `not_opener`; admin may);
 * - a proposal retracts only when upheld and about a retractable event (400); a new one replaces the last;
 * - an acceptance is an org's (403 `org_required` for admin), of a proposal that exists (409
 *   `no_resolution_proposed`), once per org (409 `already_accepted`); when every member org has proposed or
 *   accepted it, the ledger appends `dispute.resolved` and, when upheld with retract, the subject's
 *   `event.retracted` (naming the dispute) in the same batch — unless the subject was retracted meanwhile.
 */
export function decideDispute(e: DisputeEvent, s: FormedPartnership, ids?: ResolutionIds): DomainEvent[] {
  switch (e.type) {
    case 'dispute.opened':
      return [open(e, s)];
    case 'dispute.commented':
      openDispute(s, e.data.disputeId);
      return [e];
    case 'dispute.resolution_proposed':
      checkProposal(e, openDispute(s, e.data.disputeId), s);
      return [e];
    case 'dispute.resolution_accepted':
      return accept(e, openDispute(s, e.data.disputeId), s, ids);
    case 'dispute.withdrawn': {
      const d = openDispute(s, e.data.disputeId);
      if (e.recordedBy !== 'admin' && e.recordedBy !== d.openedBy)
        throw new AccessDenied(
          'not_opener',
          `only ${d.openedBy}, which opened it, may withdraw this dispute`,
        );
      return [e];
    }
    case 'dispute.resolved':
      throw new ValidationFailed([{ path: 'type', message: 'dispute.resolved is written by the ledger' }]);
  }
}

function open(e: DomainEventOf<'dispute.opened'>, s: FormedPartnership): DomainEvent {
  const { disputeId, subject } = e.data;
  if (s.governance.disputes.has(disputeId)) conflict('dispute_exists', `dispute ${disputeId} exists`);
  if (!('eventId' in subject)) {
    const custom = charterInForce(s.governance, Date.parse(e.occurredAt)).charter.customKpis;
    if (!KPI_IDS.includes(subject.kpiId) && !custom.some((k) => k.kpiId === subject.kpiId))
      notFound(`there is no KPI ${subject.kpiId} in the catalogue or the charter's customKpis`);
    return e;
  }
  const target = s.ledger.get(subject.eventId);
  if (!target) notFound(`event ${subject.eventId} is not in this partnership's ledger`);
  if (s.retracted.has(subject.eventId))
    conflict('event_retracted', `event ${subject.eventId} is retracted: there is nothing left to dispute`);
  const taken = [...s.governance.disputes.values()].find(
    (d) => disputeState(d) === 'open' && 'eventId' in d.subject && d.subject.eventId === subject.eventId,
  );
  if (taken)
    conflict(
      'already_disputed',
      `event ${subject.eventId} is disputed in the open dispute ${taken.disputeId}`,
    );
  return { ...e, data: { ...e.data, subject: { eventId: subject.eventId, eventType: target.type } } };
}

function checkProposal(e: DomainEventOf<'dispute.resolution_proposed'>, d: Dispute, s: FormedPartnership) {
  if (!e.data.retract) return;
  if (e.data.outcome !== 'upheld')
    throw new ValidationFailed([{ path: 'retract', message: 'may be true only for an upheld outcome' }]);
  if (!('eventId' in d.subject)) {
    const message = 'may be true only for a dispute of an event: a KPI figure is not retracted';
    throw new ValidationFailed([{ path: 'retract', message }]);
  }
  const type = s.ledger.get(d.subject.eventId)?.type;
  if (type !== undefined && !isRetractable(type))
    conflict('event_not_retractable', `a ${type} event cannot be retracted`);
}

function accept(
  e: DomainEventOf<'dispute.resolution_accepted'>,
  d: Dispute,
  s: FormedPartnership,
  ids: ResolutionIds | undefined,
): DomainEvent[] {
  if (e.recordedBy === 'admin')
    throw new AccessDenied('org_required', 'an acceptance is an organization’s: accept with a partner key');
  const p = d.proposal;
  if (!p) conflict('no_resolution_proposed', `no resolution of dispute ${d.disputeId} has been proposed`);
  if (acceptors(p).has(e.recordedBy))
    conflict('already_accepted', `${e.recordedBy} already stands behind the proposed resolution`);
  const behind = new Set([...acceptors(p), e.recordedBy]);
  if (!s.profile.partnerOrgIds.every((org) => behind.has(org))) return [e];
  if (!ids) throw new Error('an acceptance command carries the ids of the events it may cause');
  const stamp = { occurredAt: e.occurredAt, recordedBy: e.recordedBy };
  const data = { disputeId: d.disputeId, outcome: p.outcome, resolution: p.resolution };
  const resolved: DomainEventOf<'dispute.resolved'> = {
    eventId: ids.resolved,
    type: 'dispute.resolved',
    ...stamp,
    data,
  };
  const subject = 'eventId' in d.subject ? d.subject.eventId : undefined;
  if (!p.retract || p.outcome !== 'upheld' || !subject || s.retracted.has(subject)) return [e, resolved];
  const retracted: DomainEventOf<'event.retracted'> = {
    eventId: ids.retracted,
    type: 'event.retracted',
    ...stamp,
    data: {
      eventId: subject,
      reason: `dispute ${d.disputeId} upheld: ${p.resolution}`.slice(0, 2000),
      disputeId: d.disputeId,
    },
  };
  return [e, resolved, retracted];
}

export function openDispute(s: FormedPartnership, disputeId: string): Dispute {
  const d = s.governance.disputes.get(disputeId);
  if (!d) throw new NotFound('dispute_not_found', `there is no dispute ${disputeId}`);
  const state = disputeState(d);
  if (state !== 'open') conflict('dispute_closed', `dispute ${disputeId} is ${state}`);
  return d;
}

function notFound(message: string): never {
  throw new NotFound('dispute_subject_not_found', message);
}

function conflict(code: string, message: string): never {
  throw new RuleViolation(code, message);
}
