import { View } from './view';

/** One standing event as a view holds it: its type, who recorded it and when it happened. */
export interface TypedStamp {
  readonly type: string;
  readonly by: string | undefined;
  readonly at: number | undefined;
}

/**
 * Every event a view's facts still stand for, by type: each record, and each step of a deal (registered,
 * won or lost), milestone (planned, hit) and escalation (raised, acknowledged, resolved), with the org
 * that recorded it. Retracted events left no fact, so they are not here; formation, end, retractions and
 * governance are no fact and are not here either.
 */
export function* typedStampsOf(v: View): Generator<TypedStamp> {
  for (const [type, list] of v.recordsByType)
    for (const r of list) yield { type, by: r.recordedBy, at: r.at };
  for (const d of v.deals) {
    yield { type: 'deal.registered', by: d.recordedBy, at: d.registeredAt };
    if (d.close) yield { type: `deal.${d.close.status}`, by: d.close.by, at: d.close.at };
  }
  for (const m of v.milestones) {
    yield { type: 'milestone.planned', by: m.recordedBy, at: m.plannedAt };
    if (m.hit) yield { type: 'milestone.hit', by: m.hit.by, at: m.hit.at };
  }
  for (const x of v.escalations) {
    yield { type: 'escalation.raised', by: x.recordedBy, at: x.raisedAt };
    if (x.acknowledged)
      yield { type: 'escalation.acknowledged', by: x.acknowledged.by, at: x.acknowledged.at };
    if (x.resolved) yield { type: 'escalation.resolved', by: x.resolved.by, at: x.resolved.at };
  }
}
