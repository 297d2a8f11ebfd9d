import { Inject, Injectable } from '@nestjs/common';
import { PartnershipState } from '@ledger/domain';
import {
  AppendOutcome,
  AppendReceipt,
  EventStore,
  IdempotencyConflictError,
  RecordedEvent,
  SequenceBrokenError,
  WriteContentionError,
  WrongExpectedVersionError,
} from '@ledger/event-store';
import { EVENT_STORE } from '../../config/tokens';
import { LedgerMetrics } from '../../metrics/metrics';
import { PartnershipStates } from '../partnership-states';
import { WritePlan, WriteRequest, planWrites } from './plan-writes';

export interface WriteOutcome {
  readonly version: number;
  readonly events: readonly AppendReceipt[];
  /** Nothing new was written: these events were already in the ledger. */
  readonly replayed: boolean;
}

interface Pending {
  readonly request: WriteRequest;
  readonly resolve: (outcome: WriteOutcome) => void;
  readonly reject: (error: unknown) => void;
}

const MAX_EVENTS_PER_ROUND = 5_000;
const MAX_ROUNDS = 8;

/**
 * Writes to a partnership go through its lane: requests that arrive while a round is in flight are
 * decided together in the next round, each against the state the ones before it leave, and appended as
 * one sequence (the store commits them in one transaction). So concurrent portals posting to one
 * partnership are serialized without optimistic-retry storms, and the store's group commit still
 * batches across partnerships.
 *
 * Guarantees:
 * - every request is decided against a state that includes every event committed before it in this
 *   process; a request that lost a race with another process is decided again on fresh state;
 * - a request is appended only if every request it was decided after was appended too (a sequence
 *   breaks at the first failure), so no event is ever stored on a state that was not committed;
 * - each request succeeds or fails alone; a batch's events are appended atomically.
 */
@Injectable()
export class PartnershipWriter {
  private readonly lanes = new Map<string, Pending[]>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly states: PartnershipStates,
    private readonly metrics: LedgerMetrics,
  ) {}

  write(partnershipId: string, request: WriteRequest): Promise<WriteOutcome> {
    return new Promise((resolve, reject) => {
      const lane = this.lanes.get(partnershipId);
      if (lane) {
        lane.push({ request, resolve, reject });
        return;
      }
      const fresh: Pending[] = [{ request, resolve, reject }];
      this.lanes.set(partnershipId, fresh);
      void this.drain(partnershipId, fresh);
    });
  }

  private async drain(partnershipId: string, lane: Pending[]): Promise<void> {
    while (lane.length > 0) {
      const round = takeRound(lane);
      try {
        await this.run(partnershipId, round);
      } catch (error) {
        for (const pending of round) pending.reject(error);
      }
    }
    this.lanes.delete(partnershipId);
  }

  private async run(partnershipId: string, round: Pending[]): Promise<void> {
    let todo = round;
    for (let attempt = 1; todo.length > 0; attempt += 1) {
      const retry = await this.attempt(partnershipId, todo, attempt === 1);
      if (attempt >= MAX_ROUNDS && retry.length > 0) {
        const busy = new WriteContentionError(partnershipId, retry[0].error);
        for (const { pending } of retry) pending.reject(busy);
        return;
      }
      todo = retry.map((r) => r.pending);
    }
  }

  /**
   * One decide-and-append pass; returns the requests that lost a race and must be decided again.
   * The first pass is optimistic: it decides on the cached state and looks for already-stored ids only
   * when a request is refused (a retry after a lost reply would be refused by the rules). A stale
   * state or a stored id still cannot slip through: the store appends only at the version the state
   * had and refuses reused ids, and either answer sends the request to a full pass.
   */
  private async attempt(partnershipId: string, round: Pending[], optimistic: boolean): Promise<{ pending: Pending; error: unknown }[]> {
    const state = (optimistic ? this.states.cached(partnershipId) : undefined) ?? (await this.states.load(partnershipId));
    const ids = round.flatMap((p) => p.request.commands.map((c) => c.event.eventId));
    const find = async () => new Map((await this.store.findEvents(partnershipId, ids)).map((e) => [e.eventId, e]));
    let plans = planWrites(partnershipId, round.map((p) => p.request), state, optimistic ? new Map() : await find());
    if (optimistic && plans.some((plan) => plan.kind === 'reject')) plans = planWrites(partnershipId, round.map((p) => p.request), state, await find());
    const appending = plans.flatMap((plan, i) => (plan.kind === 'append' ? [i] : []));
    const outcomes = appending.length === 0 ? [] : await this.store.appendSequence(
      partnershipId,
      appending.map((i) => {
        const plan = plans[i] as Extract<WritePlan, { kind: 'append' }>;
        return { events: plan.events, expectedVersion: plan.expected };
      }),
    );
    const results: (AppendOutcome | undefined)[] = plans.map(() => undefined);
    appending.forEach((planIndex, k) => (results[planIndex] = outcomes[k]));
    this.rememberCommittedPrefix(partnershipId, plans, results);
    const retry: { pending: Pending; error: unknown }[] = [];
    plans.forEach((plan, i) => {
      const outcome = settle(plan, results[i], results, plans);
      if ('retry' in outcome) retry.push({ pending: round[i], error: outcome.retry });
      else if ('error' in outcome) round[i].reject(outcome.error);
      else {
        if (outcome.ok.replayed) this.metrics.appendsReplayed.inc();
        else this.metrics.eventsAppended.inc(outcome.ok.events.length);
        round[i].resolve(outcome.ok);
      }
    });
    return retry;
  }

  /** The cache may only hold states of committed events: keep the last one of the unbroken run of fresh appends. */
  private rememberCommittedPrefix(partnershipId: string, plans: WritePlan[], results: (AppendOutcome | undefined)[]): void {
    let last: PartnershipState | undefined;
    for (const [i, plan] of plans.entries()) {
      if (plan.kind !== 'append') continue;
      const result = results[i];
      if (!result || 'error' in result || result.ok.replayed) break;
      last = plan.state;
    }
    if (last) this.states.remember(partnershipId, last);
  }
}

type Settled = { ok: WriteOutcome } | { error: unknown } | { retry: unknown };

function settle(plan: WritePlan, result: AppendOutcome | undefined, results: (AppendOutcome | undefined)[], plans: WritePlan[]): Settled {
  switch (plan.kind) {
    case 'reject':
      return { error: plan.error };
    case 'replay':
      return { ok: replayOf(plan.stored) };
    case 'duplicate': {
      const original = settle(plans[plan.of], results[plan.of], results, plans);
      return 'ok' in original ? { ok: { ...original.ok, replayed: true } } : { retry: 'error' in original ? original.error : original.retry };
    }
    case 'append': {
      if (!result) return { error: new Error('append produced no result') };
      if ('ok' in result) {
        const { version, events, replayed } = result.ok;
        return { ok: { version, events, replayed } };
      }
      // A reused id found by the store is decided again with the stored events at hand, so the answer
      // (a replay, or which conflict) is the same whichever pass saw the id first.
      const lostRace = result.error instanceof WrongExpectedVersionError || result.error instanceof SequenceBrokenError || result.error instanceof IdempotencyConflictError;
      return lostRace ? { retry: result.error } : { error: result.error };
    }
  }
}

function replayOf(stored: readonly RecordedEvent[]): WriteOutcome {
  return {
    version: Math.max(...stored.map((e) => e.version)),
    events: stored.map(({ eventId, type, version, position, hash }) => ({ eventId, type, version, position, hash })),
    replayed: true,
  };
}

function takeRound(lane: Pending[]): Pending[] {
  let events = 0;
  let count = 0;
  while (count < lane.length && (count === 0 || events + lane[count].request.commands.length <= MAX_EVENTS_PER_ROUND)) {
    events += lane[count].request.commands.length;
    count += 1;
  }
  return lane.splice(0, count);
}
