import { Map as IMap } from 'immutable';
import { DomainEvent } from '../events/event';
import { parseMoney } from '../money';
import { endOfDateOrTimestamp } from '../time';

/**
 * The lifecycles of a partnership's deals, milestones and escalations, and how retracting an event
 * undoes its step: written once, folded by the decider (to enforce the rules) and by the KPI facts (to
 * compute figures). Times are business time in ms; each step remembers the event that took it.
 *
 * Guarantees: pure; an event whose subject is not there (a win for a deal whose registration was
 * retracted), or that repeats a step taken, changes nothing; undoing an event reverts exactly its step
 * and only while that event is still its cause, so the entities always equal a fold over the events
 * that were not retracted.
 */
export type Source = 'partner_sourced' | 'partner_influenced' | 'direct';

export interface Step {
  readonly at: number;
  readonly eventId: string;
  /**
   * The org that recorded the step (the event's recordedBy, an orgId or `admin`). Optional: facts stored
   * before steps remembered it decode without it, and then count as recorded by no one known.
   */
  readonly by?: string;
}

/** Who recorded the event that created an entity; optional for the same reason as Step.by. */
interface Recorded {
  readonly recordedBy?: string;
}

export interface Deal extends Recorded {
  readonly source: Source;
  /** The org that registered it: data.registeredBy, else the org that recorded the event. */
  readonly registeredBy: string;
  readonly customerId?: string;
  /** Registered amount, minor units. */
  readonly amount: bigint;
  readonly registeredAt: number;
  readonly registeredEvent: string;
  readonly close?: Step & { readonly status: 'won' | 'lost'; readonly amount?: bigint };
}

export interface Milestone extends Recorded {
  /** The deadline in ms: a due date counts until the end of its UTC day. */
  readonly deadline: number;
  readonly plannedAt: number;
  readonly plannedEvent: string;
  readonly hit?: Step;
}

export interface Escalation extends Recorded {
  readonly severity: string;
  readonly raisedAt: number;
  readonly raisedEvent: string;
  readonly acknowledged?: Step;
  readonly resolved?: Step;
}

export interface Entities {
  readonly deals: IMap<string, Deal>;
  readonly milestones: IMap<string, Milestone>;
  readonly escalations: IMap<string, Escalation>;
}

export type EntityKind = 'deal' | 'milestone' | 'escalation';

/** Which entity an event changed, so that retracting the event can undo it. */
export interface EntityCause {
  readonly kind: EntityKind;
  readonly key: string;
}

export type EntityEvent = Extract<
  DomainEvent,
  { type: `deal.${'registered' | 'won' | 'lost'}` | `milestone.${string}` | `escalation.${string}` }
>;

export function isEntityEvent(e: DomainEvent): e is EntityEvent {
  return entityCauseOf(e) !== undefined;
}

/** The entity an event is a step of; undefined for every other event (a deal touch is a record). */
export function entityCauseOf(e: DomainEvent): EntityCause | undefined {
  switch (e.type) {
    case 'deal.registered':
    case 'deal.won':
    case 'deal.lost':
      return { kind: 'deal', key: e.data.dealId };
    case 'milestone.planned':
    case 'milestone.hit':
      return { kind: 'milestone', key: e.data.milestoneId };
    case 'escalation.raised':
    case 'escalation.acknowledged':
    case 'escalation.resolved':
      return { kind: 'escalation', key: e.data.escalationId };
    default:
      return undefined;
  }
}

/** The entities after an entity event: the same object when the event changes nothing. */
export function applyEntityEvent<T extends Entities>(f: T, e: EntityEvent): T {
  const at = Date.parse(e.occurredAt);
  const step: Step = { at, eventId: e.eventId, by: e.recordedBy };
  switch (e.type) {
    case 'deal.registered': {
      if (f.deals.has(e.data.dealId)) return f;
      const { source, customerId, amount, registeredBy } = e.data;
      const deal: Deal = {
        source,
        registeredBy: registeredBy ?? e.recordedBy,
        customerId,
        amount: parseMoney(amount),
        registeredAt: at,
        registeredEvent: e.eventId,
        recordedBy: e.recordedBy,
      };
      return { ...f, deals: f.deals.set(e.data.dealId, deal) };
    }
    case 'deal.won':
    case 'deal.lost': {
      const deal = f.deals.get(e.data.dealId);
      if (!deal || deal.close) return f;
      const close =
        e.type === 'deal.won'
          ? { ...step, status: 'won' as const, amount: parseMoney(e.data.amount) }
          : { ...step, status: 'lost' as const };
      return { ...f, deals: f.deals.set(e.data.dealId, { ...deal, close }) };
    }
    case 'milestone.planned': {
      if (f.milestones.has(e.data.milestoneId)) return f;
      const deadline = endOfDateOrTimestamp(e.data.dueDate)?.getTime() ?? at;
      return {
        ...f,
        milestones: f.milestones.set(e.data.milestoneId, {
          deadline,
          plannedAt: at,
          plannedEvent: e.eventId,
          recordedBy: e.recordedBy,
        }),
      };
    }
    case 'milestone.hit': {
      const m = f.milestones.get(e.data.milestoneId);
      return !m || m.hit
        ? f
        : { ...f, milestones: f.milestones.set(e.data.milestoneId, { ...m, hit: step }) };
    }
    case 'escalation.raised':
      if (f.escalations.has(e.data.escalationId)) return f;
      return {
        ...f,
        escalations: f.escalations.set(e.data.escalationId, {
          severity: e.data.severity,
          raisedAt: at,
          raisedEvent: e.eventId,
          recordedBy: e.recordedBy,
        }),
      };
    case 'escalation.acknowledged': {
      const x = f.escalations.get(e.data.escalationId);
      return !x || x.acknowledged || x.resolved
        ? f
        : { ...f, escalations: f.escalations.set(e.data.escalationId, { ...x, acknowledged: step }) };
    }
    case 'escalation.resolved': {
      const x = f.escalations.get(e.data.escalationId);
      return !x || x.resolved
        ? f
        : { ...f, escalations: f.escalations.set(e.data.escalationId, { ...x, resolved: step }) };
    }
  }
}

/** Undoes the step `eventId` took on the entity `cause` names, while that event is still its cause. */
export function undoEntityStep<T extends Entities>(f: T, cause: EntityCause, eventId: string): T {
  switch (cause.kind) {
    case 'deal':
      return {
        ...f,
        deals: undone(f.deals, cause.key, eventId, (d) => d.registeredEvent, [['close', (d) => d.close]]),
      };
    case 'milestone':
      return {
        ...f,
        milestones: undone(f.milestones, cause.key, eventId, (m) => m.plannedEvent, [['hit', (m) => m.hit]]),
      };
    case 'escalation':
      return {
        ...f,
        escalations: undone(f.escalations, cause.key, eventId, (x) => x.raisedEvent, [
          ['acknowledged', (x) => x.acknowledged],
          ['resolved', (x) => x.resolved],
        ]),
      };
  }
}

/**
 * The entity without the step `eventId` took: gone if that event created it, else without the later
 * step (`field`) that event is the cause of; unchanged otherwise.
 */
function undone<E extends object>(
  map: IMap<string, E>,
  key: string,
  eventId: string,
  createdBy: (e: E) => string,
  steps: readonly (readonly [keyof E & string, (e: E) => Step | undefined])[],
): IMap<string, E> {
  const entity = map.get(key);
  if (!entity) return map;
  if (createdBy(entity) === eventId) return map.delete(key);
  const step = steps.find(([, of]) => of(entity)?.eventId === eventId);
  if (!step) return map;
  const { [step[0]]: _removed, ...rest } = entity;
  return map.set(key, rest as E);
}

export function escalationStatus(x: Escalation): 'raised' | 'acknowledged' | 'resolved' {
  return x.resolved ? 'resolved' : x.acknowledged ? 'acknowledged' : 'raised';
}
