import { endOfDateOrTimestamp, parseMoney } from '@ledger/domain';
import { Applied, Cause, DealFact, KpiEvent, KpiFacts, Source, emptyFacts } from './types';
import { entityIdOf, isEntityEvent } from './keys';
import { undoFact } from './undo';

/**
 * Folds one event into the facts. Events must come in position order. Like the decider, an event whose
 * subject is not there (a win for a deal whose registration was retracted) has no effect, so the facts
 * always equal a fold over the events that were not retracted.
 */
export function applyEvent(facts: KpiFacts, e: KpiEvent): Applied {
  const at = Date.parse(e.occurredAt);
  const base: KpiFacts = { ...facts, position: e.position, events: facts.events + 1, latestAt: Math.max(facts.latestAt, at) };
  if (e.type === 'event.retracted') return undoFact(base, String(e.data.eventId).toLowerCase());
  if (e.type === 'partnership.formed') return formed(base, e, at);
  if (e.type === 'partnership.ended') {
    if (base.ended) return { facts: base, touched: ['meta'] };
    return { facts: { ...base, ended: { at, eventId: e.eventId }, causes: base.causes.set(e.eventId, { kind: 'ended' }) }, touched: ['meta', 'ended', `cause:${e.eventId}`] };
  }
  if (isEntityEvent(e)) return entity(base, e, at);
  const record = { type: e.type, at, position: e.position, recordedBy: e.recordedBy, data: e.data };
  return { facts: { ...base, records: base.records.set(e.eventId, record) }, touched: ['meta', `record:${e.eventId}`] };
}

export function foldFacts(events: readonly KpiEvent[], start: KpiFacts = emptyFacts()): KpiFacts {
  return events.reduce((facts, e) => applyEvent(facts, e).facts, start);
}

function formed(f: KpiFacts, e: KpiEvent, at: number): Applied {
  if (f.profile) return { facts: f, touched: ['meta'] };
  const profile = {
    startedAt: Date.parse(String(e.data.startedAt ?? e.occurredAt)),
    currency: String(e.data.currency),
    partnerOrgIds: (e.data.partnerOrgIds as string[]) ?? [],
  };
  return { facts: { ...f, profile, latestAt: Math.max(f.latestAt, at) }, touched: ['meta', 'profile'] };
}

function entity(f: KpiFacts, e: KpiEvent, at: number): Applied {
  const key = entityIdOf(e);
  const next = entityFacts(f, e, at, key);
  if (next === f) return { facts: f, touched: ['meta'] };
  const kind = e.type.split('.')[0] as 'deal' | 'milestone' | 'escalation';
  const cause: Cause = { kind, key };
  return { facts: { ...next, causes: next.causes.set(e.eventId, cause) }, touched: ['meta', `${kind}:${key}`, `cause:${e.eventId}`] };
}

/** The facts after an entity event, or the same object when the event has no effect. */
function entityFacts(f: KpiFacts, e: KpiEvent, at: number, key: string): KpiFacts {
  const d = e.data;
  const ref = { at, eventId: e.eventId };
  switch (e.type) {
    case 'deal.registered': {
      if (f.deals.has(key)) return f;
      const deal: DealFact = {
        source: d.source as Source,
        registeredBy: typeof d.registeredBy === 'string' ? d.registeredBy : e.recordedBy,
        amount: parseMoney(String(d.amount)),
        registeredAt: at,
        registeredEvent: e.eventId,
      };
      return { ...f, deals: f.deals.set(key, deal) };
    }
    case 'deal.won':
    case 'deal.lost': {
      const deal = f.deals.get(key);
      if (!deal || deal.close) return f;
      const status = e.type === 'deal.won' ? 'won' : 'lost';
      const amount = status === 'won' ? parseMoney(String(d.amount)) : undefined;
      return { ...f, deals: f.deals.set(key, { ...deal, close: { status, ...ref, ...(amount !== undefined ? { amount } : {}) } }) };
    }
    case 'milestone.planned': {
      if (f.milestones.has(key)) return f;
      const deadline = endOfDateOrTimestamp(String(d.dueDate))?.getTime() ?? at;
      return { ...f, milestones: f.milestones.set(key, { deadline, plannedAt: at, plannedEvent: e.eventId }) };
    }
    case 'milestone.hit': {
      const m = f.milestones.get(key);
      return !m || m.hit ? f : { ...f, milestones: f.milestones.set(key, { ...m, hit: ref }) };
    }
    case 'escalation.raised':
      if (f.escalations.has(key)) return f;
      return { ...f, escalations: f.escalations.set(key, { severity: String(d.severity), raisedAt: at, raisedEvent: e.eventId }) };
    case 'escalation.acknowledged': {
      const x = f.escalations.get(key);
      return !x || x.acknowledged || x.resolved ? f : { ...f, escalations: f.escalations.set(key, { ...x, acknowledged: ref }) };
    }
    case 'escalation.resolved': {
      const x = f.escalations.get(key);
      return !x || x.resolved ? f : { ...f, escalations: f.escalations.set(key, { ...x, resolved: ref }) };
    }
    default:
      return f;
  }
}
