import {
  DomainEvent,
  applyEntityEvent,
  assertNever,
  entityCauseOf,
  isEntityEvent,
  retractionTarget,
} from '@ledger/domain';
import { Applied, KpiEvent, KpiFacts, emptyFacts } from './types';
import { undoFact } from './undo';

/**
 * Folds one event into the facts. Events must come in position order. The deal, milestone and
 * escalation lifecycles are the domain's (history/entities.ts), the same the decider folds: an event
 * whose subject is not there (a win for a deal whose registration was retracted) has no effect, so the
 * facts always equal a fold over the events that were not retracted.
 */
export function applyEvent(facts: KpiFacts, e: KpiEvent): Applied {
  const at = Date.parse(e.occurredAt);
  const base: KpiFacts = {
    ...facts,
    position: e.position,
    events: facts.events + 1,
    latestAt: Math.max(facts.latestAt, at),
  };
  if (isEntityEvent(e)) return entity(base, e);
  return other(base, e, at);
}

export function foldFacts(events: readonly KpiEvent[], start: KpiFacts = emptyFacts()): KpiFacts {
  return events.reduce((facts, e) => applyEvent(facts, e).facts, start);
}

function other(f: KpiFacts, e: KpiEvent, at: number): Applied {
  switch (e.type) {
    case 'event.retracted':
      return undoFact(f, retractionTarget(e.data));
    case 'charter.proposed':
    case 'charter.approved':
    case 'charter.rejected':
    case 'charter.withdrawn':
    case 'charter.adopted':
    case 'review.held':
    case 'action.completed':
    case 'dispute.opened':
    case 'dispute.commented':
    case 'dispute.resolution_proposed':
    case 'dispute.resolution_accepted':
    case 'dispute.withdrawn':
    case 'dispute.resolved':
    case 'scenario.defined':
    case 'forecast.recorded':
      return { facts: { ...f, governance: [...f.governance, e] }, touched: ['meta', 'governance'] };
    case 'scoring_model.set':
    case 'organization.assessed':
      return { facts: f, touched: ['meta'] }; // the program stream's: no partnership KPI reads them
    case 'partnership.formed':
      return formed(f, e);
    case 'partnership.ended':
      if (f.ended) return { facts: f, touched: ['meta'] };
      return {
        facts: {
          ...f,
          ended: { at, eventId: e.eventId },
          causes: f.causes.set(e.eventId, { kind: 'ended' }),
        },
        touched: ['meta', 'ended', `cause:${e.eventId}`],
      };
    case 'deal.registered':
    case 'deal.won':
    case 'deal.lost':
    case 'milestone.planned':
    case 'milestone.hit':
    case 'escalation.raised':
    case 'escalation.acknowledged':
    case 'escalation.resolved':
      return entity(f, e);
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
    case 'target.set': {
      const record = { type: e.type, at, position: e.position, recordedBy: e.recordedBy, data: e.data };
      return {
        facts: { ...f, records: f.records.set(e.eventId, record) },
        touched: ['meta', `record:${e.eventId}`],
      };
    }
    default:
      return assertNever(e);
  }
}

function formed(f: KpiFacts, e: KpiEvent & { type: 'partnership.formed' }): Applied {
  if (f.profile) return { facts: f, touched: ['meta'] };
  const profile = {
    startedAt: Date.parse(e.data.startedAt ?? e.occurredAt),
    currency: e.data.currency,
    partnerOrgIds: e.data.partnerOrgIds ?? [],
  };
  return { facts: { ...f, profile }, touched: ['meta', 'profile'] };
}

function entity(f: KpiFacts, e: DomainEvent): Applied {
  const cause = entityCauseOf(e);
  if (!cause || !isEntityEvent(e)) return { facts: f, touched: ['meta'] };
  const next = applyEntityEvent(f, e);
  if (next === f) return { facts: f, touched: ['meta'] };
  return {
    facts: { ...next, causes: next.causes.set(e.eventId, cause) },
    touched: ['meta', `${cause.kind}:${cause.key}`, `cause:${e.eventId}`],
  };
}
