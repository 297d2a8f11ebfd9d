import { Map as IMap } from 'immutable';
import {
  Cause,
  DealFact,
  EscalationFact,
  FactKey,
  KpiFacts,
  MilestoneFact,
  Profile,
  RecordFact,
  emptyFacts,
} from './types';

/** One stored fact: a key (`deal:A1`, `record:<eventId>`, `profile`, `meta` …) and a JSON payload. */
export interface FactRow {
  readonly key: FactKey;
  readonly payload: unknown;
}

export type FactChange = FactRow | { readonly key: FactKey; readonly payload: null };

/**
 * Facts to and from rows, so a read model can rewrite only what an event touched. Money (bigint) is
 * stored as a decimal string of minor units; everything else is plain JSON. decode(encode(f)) equals f.
 */
export function encodeChanges(facts: KpiFacts, keys: Iterable<FactKey>): FactChange[] {
  return [...new Set(keys)].map((key) => ({ key, payload: payloadOf(facts, key) }));
}

export function encodeAll(facts: KpiFacts): FactRow[] {
  const keys: FactKey[] = ['meta'];
  if (facts.profile) keys.push('profile');
  if (facts.ended) keys.push('ended');
  if (facts.governance.length > 0) keys.push('governance');
  for (const k of facts.deals.keys()) keys.push(`deal:${k}`);
  for (const k of facts.milestones.keys()) keys.push(`milestone:${k}`);
  for (const k of facts.escalations.keys()) keys.push(`escalation:${k}`);
  for (const k of facts.records.keys()) keys.push(`record:${k}`);
  for (const k of facts.causes.keys()) keys.push(`cause:${k}`);
  return encodeChanges(facts, keys) as FactRow[];
}

function payloadOf(f: KpiFacts, key: FactKey): unknown {
  const colon = key.indexOf(':');
  const kind = colon < 0 ? key : key.slice(0, colon);
  const id = key.slice(colon + 1);
  switch (kind) {
    case 'meta':
      return {
        position: f.position,
        events: f.events,
        latestAt: Number.isFinite(f.latestAt) ? f.latestAt : null,
      };
    case 'profile':
      return f.profile ?? null;
    case 'ended':
      return f.ended ?? null;
    case 'governance':
      return f.governance.length > 0 ? f.governance : null;
    case 'deal': {
      const d = f.deals.get(id);
      return d
        ? {
            ...d,
            amount: d.amount.toString(),
            ...(d.close ? { close: { ...d.close, amount: d.close.amount?.toString() } } : {}),
          }
        : null;
    }
    case 'milestone':
      return f.milestones.get(id) ?? null;
    case 'escalation':
      return f.escalations.get(id) ?? null;
    case 'record':
      return f.records.get(id) ?? null;
    case 'cause':
      return f.causes.get(id) ?? null;
    default:
      throw new Error(`unknown fact key ${key}`);
  }
}

export function decodeFacts(rows: Iterable<FactRow>): KpiFacts {
  let f = emptyFacts();
  const deals: [string, DealFact][] = [];
  const milestones: [string, MilestoneFact][] = [];
  const escalations: [string, EscalationFact][] = [];
  const records: [string, RecordFact][] = [];
  const causes: [string, Cause][] = [];
  for (const { key, payload } of rows) {
    const colon = key.indexOf(':');
    const kind = colon < 0 ? key : key.slice(0, colon);
    const id = key.slice(colon + 1);
    const p = payload as Record<string, unknown>;
    if (kind === 'meta')
      f = {
        ...f,
        position: Number(p.position),
        events: Number(p.events),
        latestAt: p.latestAt === null ? Number.NEGATIVE_INFINITY : Number(p.latestAt),
      };
    else if (kind === 'profile') f = { ...f, profile: p as unknown as Profile };
    else if (kind === 'ended') f = { ...f, ended: p as unknown as KpiFacts['ended'] };
    else if (kind === 'governance') f = { ...f, governance: payload as KpiFacts['governance'] };
    else if (kind === 'deal') deals.push([id, decodeDeal(p)]);
    else if (kind === 'milestone') milestones.push([id, p as unknown as MilestoneFact]);
    else if (kind === 'escalation') escalations.push([id, p as unknown as EscalationFact]);
    else if (kind === 'record') records.push([id, p as unknown as RecordFact]);
    else if (kind === 'cause') causes.push([id, p as unknown as Cause]);
  }
  return {
    ...f,
    deals: IMap(deals),
    milestones: IMap(milestones),
    escalations: IMap(escalations),
    records: IMap(records),
    causes: IMap(causes),
  };
}

function decodeDeal(p: Record<string, unknown>): DealFact {
  const close = p.close as (DealFact['close'] & { amount?: string }) | undefined;
  const deal = { ...(p as unknown as DealFact), amount: BigInt(String(p.amount)) };
  if (!close) return deal;
  const { amount, ...rest } = close;
  return { ...deal, close: { ...rest, ...(amount !== undefined ? { amount: BigInt(amount) } : {}) } };
}
