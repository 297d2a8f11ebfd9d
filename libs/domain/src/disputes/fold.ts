import { Map as IMap } from 'immutable';
import { DomainEventOf } from '../events/event';
import { DisputeType } from './events';
import { DisputeSubject } from './requests';

/**
 * A partnership's disputes, folded from the dispute events in ledger order (part of its governance).
 *
 * Guarantees: pure; an event about an unknown dispute changes nothing (the decider never lets one in);
 * every entry keeps the business time it was recorded at, so a dispute's state at any asOf is read off
 * its thread (disputeAt).
 */
export type DisputeOutcome = 'upheld' | 'rejected';
export type DisputeState = 'open' | 'resolved' | 'withdrawn';

export interface DisputeEntry {
  readonly kind: 'opened' | 'commented' | 'proposed' | 'accepted' | 'withdrawn' | 'resolved';
  readonly at: string;
  readonly by: string;
  readonly position?: number;
  readonly text?: string;
  readonly outcome?: DisputeOutcome;
  readonly retract?: boolean;
}

export interface ResolutionProposal {
  readonly proposedBy: string;
  readonly at: string;
  readonly outcome: DisputeOutcome;
  readonly resolution: string;
  readonly retract: boolean;
  /** The member orgs that accepted this proposal (the proposing org's own counts too: see acceptors). */
  readonly acceptedBy: readonly string[];
}

export interface Dispute {
  readonly disputeId: string;
  readonly subject: DisputeSubject;
  readonly reason: string;
  readonly requestedRemedy: string;
  readonly openedBy: string;
  readonly openedAt: string;
  readonly position?: number;
  /** The open resolution proposal: a new one replaces it, with no acceptances. */
  readonly proposal?: ResolutionProposal;
  readonly closed?: {
    readonly state: 'resolved' | 'withdrawn';
    readonly at: string;
    readonly outcome?: DisputeOutcome;
    readonly resolution?: string;
  };
  readonly thread: readonly DisputeEntry[];
}

export type Disputes = IMap<string, Dispute>;
type DisputeEvent = { [T in DisputeType]: DomainEventOf<T> }[DisputeType] & { readonly position?: number };

export function applyDispute(disputes: Disputes, e: DisputeEvent): Disputes {
  const entry = entryOf(e);
  if (e.type === 'dispute.opened') {
    const { disputeId, subject, reason, requestedRemedy } = e.data;
    if (disputes.has(disputeId)) return disputes;
    const opened = {
      disputeId,
      subject,
      reason,
      requestedRemedy,
      openedBy: e.recordedBy,
      openedAt: e.occurredAt,
      ...(e.position === undefined ? {} : { position: e.position }),
      thread: [entry],
    };
    return disputes.set(disputeId, opened);
  }
  const d = disputes.get(e.data.disputeId);
  return d ? disputes.set(d.disputeId, withEntry(d, entry)) : disputes;
}

/** What an event adds to its dispute's thread: everything the dispute's state is derived from. */
function entryOf(e: DisputeEvent): DisputeEntry {
  const base = {
    at: e.occurredAt,
    by: e.recordedBy,
    ...(e.position === undefined ? {} : { position: e.position }),
  };
  switch (e.type) {
    case 'dispute.opened':
      return { ...base, kind: 'opened', text: e.data.reason };
    case 'dispute.commented':
      return { ...base, kind: 'commented', text: e.data.comment };
    case 'dispute.resolution_proposed': {
      const { outcome, resolution, retract } = e.data;
      return { ...base, kind: 'proposed', text: resolution, outcome, retract };
    }
    case 'dispute.resolution_accepted':
      return { ...base, kind: 'accepted' };
    case 'dispute.withdrawn':
      return { ...base, kind: 'withdrawn' };
    case 'dispute.resolved':
      return { ...base, kind: 'resolved', text: e.data.resolution, outcome: e.data.outcome };
  }
}

/** One more entry in the thread, and the proposal and closing it makes. */
function withEntry(d: Dispute, x: DisputeEntry): Dispute {
  const thread = [...d.thread, x];
  switch (x.kind) {
    case 'proposed': {
      const proposal = {
        proposedBy: x.by,
        at: x.at,
        outcome: x.outcome!,
        resolution: x.text!,
        retract: x.retract ?? false,
        acceptedBy: [],
      };
      return { ...d, proposal, thread };
    }
    case 'accepted':
      if (!d.proposal) return { ...d, thread };
      return { ...d, proposal: { ...d.proposal, acceptedBy: [...d.proposal.acceptedBy, x.by] }, thread };
    case 'withdrawn':
      return { ...d, closed: { state: 'withdrawn', at: x.at }, thread };
    case 'resolved': {
      const closed = { state: 'resolved' as const, at: x.at, outcome: x.outcome!, resolution: x.text! };
      return { ...d, closed, thread };
    }
    case 'opened':
    case 'commented':
      return { ...d, thread };
  }
}

/** The member orgs that stand behind the open proposal: its proposer (an org, not admin) and acceptors. */
export function acceptors(p: ResolutionProposal): ReadonlySet<string> {
  return new Set([...(p.proposedBy === 'admin' ? [] : [p.proposedBy]), ...p.acceptedBy]);
}

/**
 * The dispute as it stood at business time asOf: its thread up to asOf, folded again by the same steps;
 * undefined before it was opened.
 */
export function disputeAt(d: Dispute, asOf: number): Dispute | undefined {
  const known = d.thread.filter((x) => Date.parse(x.at) <= asOf);
  if (known.length === d.thread.length) return d;
  if (known.length === 0 || known[0].kind !== 'opened') return undefined;
  const { proposal: _p, closed: _c, thread: _t, ...base } = d;
  return known.slice(1).reduce(withEntry, { ...base, thread: [known[0]] });
}

export function disputeState(d: Dispute): DisputeState {
  return d.closed?.state ?? 'open';
}

/** Open at asOf past the SLA: opened more than slaDays before asOf (business time). */
export function isOverdue(d: Dispute, asOf: number, slaDays: number): boolean {
  return disputeState(d) === 'open' && asOf > overdueFrom(d, slaDays);
}

export function overdueFrom(d: Dispute, slaDays: number): number {
  return Date.parse(d.openedAt) + slaDays * 86_400_000;
}
