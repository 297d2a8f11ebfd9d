import { RuleViolation } from '../errors';
import { DomainEvent, retractionTarget } from '../events/event';
import { FormedPartnership } from './state';

/**
 * The integrity rules of the ledger (docs/concepts.md): history may not contradict itself, in business
 * time as well as in ledger order. Rules of `decide` only: what is already in a ledger is never refused
 * on replay, and `evolve` folds it as it is.
 *
 * Constraints (409 with a code):
 * - nothing occurs before the partnership's start (`occurs_before_start`);
 * - a closing, touching or follow-up event does not occur before what it follows (`occurs_before_subject`);
 * - nothing refers to a deal, lead, customer or organization the partnership does not have
 *   (`unknown_subject`);
 * - a partner retracts only what its own organization recorded (`not_recorder`); admin may retract anything.
 */
export function checkIntegrity(e: DomainEvent, s: FormedPartnership): void {
  if (Date.parse(e.occurredAt) < Date.parse(s.profile.startedAt)) {
    conflict(
      'occurs_before_start',
      `occurs at ${e.occurredAt}, before the partnership started (${s.profile.startedAt})`,
      'occurredAt',
    );
  }
  switch (e.type) {
    case 'deal.won':
    case 'deal.lost':
      return notBefore(e, s.deals.get(e.data.dealId)?.registeredAt, `deal ${e.data.dealId} was registered`);
    case 'deal.touched':
      return checkTouch(e, s);
    case 'milestone.hit':
      return notBefore(
        e,
        s.milestones.get(e.data.milestoneId)?.plannedAt,
        `milestone ${e.data.milestoneId} was planned`,
      );
    case 'escalation.acknowledged':
      return notBefore(
        e,
        s.escalations.get(e.data.escalationId)?.raisedAt,
        `escalation ${e.data.escalationId} was raised`,
      );
    case 'escalation.resolved': {
      const x = s.escalations.get(e.data.escalationId);
      notBefore(e, x?.raisedAt, `escalation ${e.data.escalationId} was raised`);
      return notBefore(e, x?.acknowledged?.at, `escalation ${e.data.escalationId} was acknowledged`);
    }
    case 'lead.converted':
      return checkConversion(e, s);
    case 'customer.churned':
      if (!s.customers.has(e.data.customerId))
        conflict('unknown_subject', `customer ${e.data.customerId} was never acquired`, 'data.customerId');
      return;
    case 'event.retracted':
      return checkRecorder(e, s);
    default:
      return;
  }
}

function checkTouch(e: DomainEvent & { type: 'deal.touched' }, s: FormedPartnership): void {
  const deal = s.deals.get(e.data.dealId);
  if (!deal) conflict('unknown_subject', `deal ${e.data.dealId} is not registered`, 'data.dealId');
  if (!s.profile.partnerOrgIds.includes(e.data.orgId)) {
    conflict(
      'unknown_subject',
      `${e.data.orgId} is not one of the partnership's organizations (${s.profile.partnerOrgIds.join(', ')})`,
      'data.orgId',
    );
  }
  notBefore(e, deal.registeredAt, `deal ${e.data.dealId} was registered`);
}

function checkConversion(e: DomainEvent & { type: 'lead.converted' }, s: FormedPartnership): void {
  const generated = s.leads.get(e.data.leadId);
  if (!generated) conflict('unknown_subject', `lead ${e.data.leadId} was never generated`, 'data.leadId');
  const first = generated.min((a, b) => Date.parse(a) - Date.parse(b))!;
  if (Date.parse(e.occurredAt) < Date.parse(first)) {
    conflict(
      'occurs_before_subject',
      `occurs at ${e.occurredAt}, before lead ${e.data.leadId} was generated (${first})`,
      'occurredAt',
    );
  }
  if (e.data.dealId !== undefined && !s.deals.has(e.data.dealId))
    conflict('unknown_subject', `deal ${e.data.dealId} is not registered`, 'data.dealId');
}

function checkRecorder(e: DomainEvent & { type: 'event.retracted' }, s: FormedPartnership): void {
  const target = s.ledger.get(retractionTarget(e.data));
  if (!target || e.recordedBy === 'admin' || target.recordedBy === e.recordedBy) return;
  const message =
    `the event was recorded by ${target.recordedBy}; only its recorder (or an admin) may retract it — ` +
    `contest it with a dispute instead`;
  conflict('not_recorder', message, 'data.eventId');
}

/** `subjectAt`: when the step this event follows occurred (ms), if it was taken. */
function notBefore(e: DomainEvent, subjectAt: number | undefined, what: string): void {
  if (subjectAt !== undefined && Date.parse(e.occurredAt) < subjectAt) {
    conflict(
      'occurs_before_subject',
      `occurs at ${e.occurredAt}, before ${what} (${new Date(subjectAt).toISOString()})`,
      'occurredAt',
    );
  }
}

function conflict(code: string, message: string, path?: string): never {
  throw new RuleViolation(code, message, path);
}
