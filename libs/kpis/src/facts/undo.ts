import { Applied, KpiFacts } from './types';

/**
 * Removes what the event `eventId` added: its record, or its change to a deal, milestone, escalation or
 * the partnership's end. A change is undone only where that event is still its cause.
 */
export function undoFact(f: KpiFacts, eventId: string): Applied {
  if (f.records.has(eventId)) return { facts: { ...f, records: f.records.delete(eventId) }, touched: ['meta', `record:${eventId}`] };
  const cause = f.causes.get(eventId);
  if (!cause) return { facts: f, touched: ['meta'] };
  const base = { ...f, causes: f.causes.delete(eventId) };
  const touched = ['meta', `cause:${eventId}`];
  if (cause.kind === 'ended') {
    const { ended: _ended, ...rest } = base;
    return { facts: f.ended?.eventId === eventId ? rest : base, touched: [...touched, 'ended'] };
  }
  const key = cause.key;
  const next = cause.kind === 'deal' ? undoDeal(base, key, eventId) : cause.kind === 'milestone' ? undoMilestone(base, key, eventId) : undoEscalation(base, key, eventId);
  return { facts: next, touched: [...touched, `${cause.kind}:${key}`] };
}

function undoDeal(f: KpiFacts, key: string, eventId: string): KpiFacts {
  const deal = f.deals.get(key);
  if (!deal) return f;
  if (deal.registeredEvent === eventId) return { ...f, deals: f.deals.delete(key) };
  if (deal.close?.eventId !== eventId) return f;
  const { close: _close, ...open } = deal;
  return { ...f, deals: f.deals.set(key, open) };
}

function undoMilestone(f: KpiFacts, key: string, eventId: string): KpiFacts {
  const m = f.milestones.get(key);
  if (!m) return f;
  if (m.plannedEvent === eventId) return { ...f, milestones: f.milestones.delete(key) };
  if (m.hit?.eventId !== eventId) return f;
  const { hit: _hit, ...planned } = m;
  return { ...f, milestones: f.milestones.set(key, planned) };
}

function undoEscalation(f: KpiFacts, key: string, eventId: string): KpiFacts {
  const x = f.escalations.get(key);
  if (!x) return f;
  if (x.raisedEvent === eventId) return { ...f, escalations: f.escalations.delete(key) };
  if (x.acknowledged?.eventId === eventId) {
    const { acknowledged: _a, ...rest } = x;
    return { ...f, escalations: f.escalations.set(key, rest) };
  }
  if (x.resolved?.eventId === eventId) {
    const { resolved: _r, ...rest } = x;
    return { ...f, escalations: f.escalations.set(key, rest) };
  }
  return f;
}
