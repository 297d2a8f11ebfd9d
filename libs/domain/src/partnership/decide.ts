import { RuleViolation, ValidationFailed } from '../errors';
import { DomainEvent, DomainEventOf, assertNever, retractionTarget } from '../events/event';
import { MONEY_EVENT_TYPES } from '../events/schemas';
import { escalationStatus } from '../history/entities';
import { isRetractable } from '../charter/events';
import { GovernanceEvent, isGovernanceEvent } from '../charter/governance';
import { evolve } from './evolve';
import { checkDealProtection, checkGovernedTarget, decideGovernance } from './governance-rules';
import { checkIntegrity } from './integrity';
import { ResolutionIds } from '../disputes/rules';
import { FormedPartnership, PartnershipState } from './state';

/** Commands are data: what a caller asks the partnership to record. Ids and clocks come in with them. */
export type PartnershipCommand =
  | { readonly type: 'FormPartnership'; readonly event: DomainEventOf<'partnership.formed'> }
  | {
      readonly type: 'RecordEvent';
      readonly event: DomainEvent;
      /** For an approval: the id the charter.adopted it may complete is appended under. */
      readonly adoptionEventId?: string;
      /** For a dispute acceptance: the ids of the resolution (and retraction) it may complete. */
      readonly resolutionIds?: ResolutionIds;
    };

/**
 * decide(command, state) → events. Pure: throws RuleViolation (409) or ValidationFailed (400) and
 * otherwise returns the events to append. See INVARIANTS.md for the rules.
 */
export function decide(command: PartnershipCommand, state: PartnershipState): DomainEvent[] {
  if (command.type === 'FormPartnership') {
    if (state.status !== 'none')
      throw new RuleViolation('partnership_exists', 'the partnership already exists');
    return [command.event];
  }
  const { event } = command;
  if (state.status === 'none')
    throw new RuleViolation('partnership_unknown', 'the partnership does not exist');
  if (state.ledger.has(event.eventId)) {
    throw new RuleViolation(
      'event_id_taken',
      `eventId ${event.eventId} is already in this partnership's ledger`,
      'eventId',
    );
  }
  if (state.status === 'ended' && event.type !== 'event.retracted') {
    throw new RuleViolation(
      'partnership_ended',
      `the partnership ended at ${state.ended.endedAt}; only event.retracted may follow`,
    );
  }
  checkCurrency(event, state);
  if (isGovernanceEvent(event)) {
    checkIntegrity(event, state);
    return decideGovernance(event, state, command);
  }
  checkRules(event, state);
  checkIntegrity(event, state);
  return [event];
}

/**
 * Decides a batch as one unit: each event against the state left by the ones before it. Any failure
 * rejects the whole batch, located by its index (`events[3]`).
 */
export function decideBatch(
  commands: readonly PartnershipCommand[],
  state: PartnershipState,
  pathOf: (index: number) => string = (i) => `events[${i}]`,
): { events: DomainEvent[]; state: PartnershipState } {
  const events: DomainEvent[] = [];
  let current = state;
  commands.forEach((command, index) => {
    try {
      for (const event of decide(command, current)) {
        // Events decided here have no position yet: governance entries get theirs when folded from the store.
        events.push(event);
        current = evolve(current, event);
      }
    } catch (error) {
      if (commands.length > 1 && (error instanceof RuleViolation || error instanceof ValidationFailed)) {
        throw error.within(pathOf(index));
      }
      throw error;
    }
  });
  return { events, state: current };
}

function checkCurrency(event: DomainEvent, state: FormedPartnership): void {
  if (!MONEY_EVENT_TYPES.has(event.type)) return;
  const named = (event.data as { currency?: string }).currency;
  if (named !== undefined && named !== state.profile.currency) {
    throw new ValidationFailed([
      { path: 'data.currency', message: `must be ${state.profile.currency}, the partnership's currency` },
    ]);
  }
}

function checkRules(e: Exclude<DomainEvent, GovernanceEvent>, s: FormedPartnership): void {
  switch (e.type) {
    case 'deal.registered':
      if (s.deals.has(e.data.dealId))
        conflict('deal_already_registered', `deal ${e.data.dealId} is already registered`, 'data.dealId');
      checkDealProtection(e, s);
      if (e.data.registeredBy !== undefined && !s.profile.partnerOrgIds.includes(e.data.registeredBy)) {
        throw new ValidationFailed([
          {
            path: 'data.registeredBy',
            message: `must be one of the partnership's organizations: ${s.profile.partnerOrgIds.join(', ')}`,
          },
        ]);
      }
      return;
    case 'deal.won':
    case 'deal.lost': {
      const deal = s.deals.get(e.data.dealId);
      if (!deal) conflict('deal_unknown', `deal ${e.data.dealId} is not registered`, 'data.dealId');
      if (deal.close)
        conflict('deal_closed', `deal ${e.data.dealId} is already ${deal.close.status}`, 'data.dealId');
      return;
    }
    case 'milestone.planned':
      if (s.milestones.has(e.data.milestoneId))
        conflict(
          'milestone_already_planned',
          `milestone ${e.data.milestoneId} is already planned`,
          'data.milestoneId',
        );
      return;
    case 'milestone.hit': {
      const m = s.milestones.get(e.data.milestoneId);
      if (!m)
        conflict('milestone_unknown', `milestone ${e.data.milestoneId} is not planned`, 'data.milestoneId');
      if (m.hit)
        conflict(
          'milestone_already_hit',
          `milestone ${e.data.milestoneId} is already hit`,
          'data.milestoneId',
        );
      return;
    }
    case 'escalation.raised':
      if (s.escalations.has(e.data.escalationId))
        conflict(
          'escalation_already_raised',
          `escalation ${e.data.escalationId} is already raised`,
          'data.escalationId',
        );
      return;
    case 'escalation.acknowledged': {
      const x = s.escalations.get(e.data.escalationId);
      if (!x)
        conflict(
          'escalation_unknown',
          `escalation ${e.data.escalationId} was never raised`,
          'data.escalationId',
        );
      const status = escalationStatus(x);
      if (status !== 'raised')
        conflict(
          `escalation_already_${status}`,
          `escalation ${e.data.escalationId} is already ${status}`,
          'data.escalationId',
        );
      return;
    }
    case 'escalation.resolved': {
      const x = s.escalations.get(e.data.escalationId);
      if (!x)
        conflict(
          'escalation_unknown',
          `escalation ${e.data.escalationId} was never raised`,
          'data.escalationId',
        );
      if (x.resolved)
        conflict(
          'escalation_already_resolved',
          `escalation ${e.data.escalationId} is already resolved`,
          'data.escalationId',
        );
      return;
    }
    case 'event.retracted':
      if (e.data.disputeId !== undefined) {
        const message = 'is set by the ledger when a dispute is upheld with retract (POST …/acceptance)';
        throw new ValidationFailed([{ path: 'data.disputeId', message }]);
      }
      return checkRetraction(retractionTarget(e.data), s);
    case 'partnership.formed':
      return conflict('partnership_exists', 'the partnership already exists');
    case 'deal.touched':
    case 'lead.generated':
    case 'lead.converted':
    case 'customer.acquired':
    case 'customer.churned':
    case 'customer.referred':
    case 'survey.answered':
    case 'engagement.logged':
    case 'cost.incurred':
    case 'cost.saved':
    case 'revenue.reported':
    case 'solution.launched':
    case 'ip.filed':
    case 'market.entered':
    case 'market_share.reported':
    case 'resource.allocated':
    case 'resource.utilized':
    case 'uptime.reported':
    case 'impact.recorded':
    case 'partnership.ended':
      return;
    case 'target.set':
      return checkGovernedTarget(e, s);
    case 'scoring_model.set':
    case 'organization.assessed':
      return conflict('program_event', `${e.type} belongs to the program stream, not a partnership`);
    default:
      assertNever(e);
  }
}

function checkRetraction(targetId: string, s: FormedPartnership): void {
  const target = s.ledger.get(targetId);
  if (!target)
    conflict(
      'retraction_target_unknown',
      `event ${targetId} is not in this partnership's ledger`,
      'data.eventId',
    );
  if (s.retracted.has(targetId))
    conflict('event_already_retracted', `event ${targetId} is already retracted`, 'data.eventId');
  if (!isRetractable(target.type)) {
    const hint = target.type.startsWith('charter.') ? ': propose a new charter version instead' : '';
    conflict('event_not_retractable', `a ${target.type} event cannot be retracted${hint}`, 'data.eventId');
  }
}

function conflict(code: string, message: string, path?: string): never {
  throw new RuleViolation(code, message, path);
}
