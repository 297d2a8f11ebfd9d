import { undoEntityStep } from '@ledger/domain';
import { Applied, KpiFacts } from './types';

/**
 * Removes what the event `eventId` added: its record, its step on a deal, milestone or escalation (the
 * domain's one definition of undoing a step, which the decider uses too), or the partnership's end.
 * A step is undone only where that event is still its cause.
 */
export function undoFact(f: KpiFacts, eventId: string): Applied {
  if (f.records.has(eventId))
    return { facts: { ...f, records: f.records.delete(eventId) }, touched: ['meta', `record:${eventId}`] };
  const cause = f.causes.get(eventId);
  if (!cause) return { facts: f, touched: ['meta'] };
  const base = { ...f, causes: f.causes.delete(eventId) };
  const touched = ['meta', `cause:${eventId}`];
  if (cause.kind === 'ended') {
    const { ended: _ended, ...rest } = base;
    return { facts: f.ended?.eventId === eventId ? rest : base, touched: [...touched, 'ended'] };
  }
  return { facts: undoEntityStep(base, cause, eventId), touched: [...touched, `${cause.kind}:${cause.key}`] };
}
