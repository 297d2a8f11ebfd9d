import { Pool, PoolClient } from 'pg';
import { Extended } from '@ledger/verification';
import { LedgerState, beginLocked, readStreamTail, readUnlocked, write } from './append-sql';
import { AppendOutcome, StreamCommand } from '../port';
import { ReadTail, StreamState, StreamStates } from '../stream-states';
import { isUnavailable, translatePgError } from './pg-errors';
import { GroupPlan, eventKey, planGroup } from './plan';
import { planGrowth } from './merkle';
import { EventRow, fromRow, hashOf } from './rows';

interface Queued<S> {
  readonly command: StreamCommand<S>;
  readonly resolve: (outcome: AppendOutcome) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: appends that arrive while a transaction is in flight wait in a queue and are committed
 * together in the next one, so one fsync serves many callers. Each request keeps its own outcome: a
 * conflict in one never fails the others.
 *
 * Guarantees:
 * - one transaction at a time per process; across processes the `ledger_head` row lock orders them,
 *   so positions are assigned in commit order with no gaps;
 * - a group planned on an unlocked read is written only if the head is still where that read saw it
 *   (checked under the head row lock, in the writing statement): every commit moves the head, so an
 *   unmoved head means the read saw every stream version and stored id as they are at the write;
 * - requests are planned in arrival order, so appends to one stream submitted back to back keep
 *   their order (the second may name the version the first one produces);
 * - if a group's transaction fails for any reason but an outage, each request is retried alone, so a
 *   poisoned request cannot take healthy ones down with it;
 * - `recordedAt` never decreases along positions (the head row keeps the last one);
 * - the Merkle tree's stored subtrees grow in the same transaction, so every committed tree size has
 *   its root and proofs at hand.
 */
export class GroupCommitAppender<S> {
  private readonly queue: Queued<S>[] = [];
  private draining = false;
  /** The stored tree's frontier after this process's last commit; re-read when another process appended. */
  private frontier: { size: number; nodes: Map<string, Buffer> } | undefined;
  /** Groups left that skip the optimistic path because another process was seen appending. */
  private contention = 0;

  constructor(
    private readonly pool: Pool,
    private readonly maxEventsPerCommit: number,
    private readonly onCommitted: (head: number) => void,
    /** Without a fold, commands decide on no state (plain appends). */
    private readonly states: StreamStates<S> | undefined,
    private readonly maintainTree = true,
    private readonly beforeCommit?: () => Promise<void>,
    private readonly options = { prepared: true },
  ) {}

  submit(command: StreamCommand<S>): Promise<AppendOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ command, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0) await this.commit(this.take());
    } finally {
      this.draining = false;
    }
  }

  private take(): Queued<S>[] {
    const size = (q: Queued<S>) => q.command.events.length;
    let events = size(this.queue[0]);
    let count = 1;
    while (count < this.queue.length && events + size(this.queue[count]) <= this.maxEventsPerCommit) {
      events += size(this.queue[count]);
      count += 1;
    }
    return this.queue.splice(0, count);
  }

  private async commit(group: Queued<S>[]): Promise<void> {
    let plan: GroupPlan<S>;
    try {
      plan = await this.transaction(group);
    } catch (error) {
      if (group.length > 1 && !isUnavailable(error)) {
        for (const request of group) await this.commit([request]);
        return;
      }
      const translated = translatePgError(error, 'append');
      for (const request of group) request.reject(translated);
      return;
    }
    for (const [streamId, state] of plan.states) this.states?.keep(streamId, state);
    plan.outcomes.forEach((outcome, i) => group[i].resolve(outcome));
    if (plan.rows.length === 0) return;
    try {
      this.onCommitted(plan.head);
    } catch {
      // A listener's failure is its own; the appends are committed and answered.
    }
  }

  /**
   * The optimistic path first: an unlocked read, then one statement that writes only if the head has
   * not moved, committing on its own (two round trips; with one writing process it always applies).
   * When another process moved the head, a stored id may be replayed, or some request fails, the group
   * is planned again under the head lock in an explicit transaction, which decides every such case.
   */
  private async transaction(group: readonly Queued<S>[]): Promise<GroupPlan<S>> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    // pg-pool drops its own error listener while a client is checked out; without one, a connection
    // that dies mid-transaction would emit an unhandled 'error' and take the process down.
    const onError = (error: Error) => (broken = error);
    client.on('error', onError);
    try {
      const keys = keysOf(group);
      const fast =
        this.contention === 0 && !this.beforeCommit ? await this.optimistic(client, group, keys) : undefined;
      if (fast) return fast;
      this.contention = Math.max(0, this.contention - 1);
      return await this.locked(client, group, keys);
    } catch (error) {
      broken = error instanceof Error ? error : new Error(String(error));
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.off('error', onError);
      client.release(broken && isUnavailable(broken) ? broken : undefined);
    }
  }

  private async optimistic(
    client: PoolClient,
    group: readonly Queued<S>[],
    keys: Keys,
  ): Promise<GroupPlan<S> | undefined> {
    const state = await readUnlocked(client, keys, this.options.prepared);
    if (state.anyStored || this.treeBehind(state)) return undefined;
    const plan = await this.plan(client, group, state, []);
    if (plan.rows.length === 0 || plan.outcomes.some((o) => 'error' in o)) return undefined;
    const grown = await this.grow(client, plan);
    if (
      !(await write(client, plan, state.head, this.maintainTree, grown?.nodes ?? [], this.options.prepared))
    ) {
      this.contention = CONTENDED_GROUPS;
      return undefined;
    }
    if (grown) this.frontier = { size: plan.head, nodes: grown.frontier };
    return plan;
  }

  private async locked(client: PoolClient, group: readonly Queued<S>[], keys: Keys): Promise<GroupPlan<S>> {
    const state = await beginLocked(client, keys);
    if (this.treeBehind(state))
      throw new Error('the Merkle tree does not cover the ledger; it is backfilled when the store connects');
    const plan = await this.plan(client, group, state, state.stored);
    const grown = plan.rows.length > 0 ? await this.grow(client, plan) : undefined;
    if (
      plan.rows.length > 0 &&
      !(await write(client, plan, state.head, this.maintainTree, grown?.nodes ?? [], this.options.prepared))
    ) {
      throw new Error('the ledger head moved while its lock was held');
    }
    if (this.beforeCommit) await this.beforeCommit();
    await client.query('COMMIT');
    if (grown) this.frontier = { size: plan.head, nodes: grown.frontier };
    return plan;
  }

  /** The stored tree must cover the ledger before it can grow by the group (backfill sees to that). */
  private treeBehind(state: LedgerState): boolean {
    return this.maintainTree && state.treeSize !== state.head;
  }

  /**
   * Plans the group on the ledger as `state` read it: every stream's state is folded up to the version
   * read there (the tail another process appended is read first), so no command is decided on a state
   * older than the database's. The state's version and the read are on this client, in its transaction.
   */
  private async plan(
    client: PoolClient,
    group: readonly Queued<S>[],
    state: LedgerState,
    stored: readonly EventRow[],
  ): Promise<GroupPlan<S>> {
    const states = new Map<string, StreamState<S>>();
    const streamStates = this.states;
    if (streamStates) {
      const readTail: ReadTail = (id, from, to) => readStreamTail(client, id, from, to);
      for (const streamId of new Set(group.map((q) => q.command.streamId))) {
        states.set(streamId, await streamStates.at(streamId, state.versions.get(streamId) ?? 0, readTail));
      }
    }
    return planGroup(
      group.map((q) => q.command),
      {
        stored: new Map(stored.map((row) => [eventKey(row.stream_id, row.event_id), fromRow(row)])),
        versions: state.versions,
        states,
        evolve: (s, e) => streamStates!.evolve(s, e),
        head: state.head,
        recordedAt: state.recordedAt,
        hash: hashOf,
      },
    );
  }

  /** The tree's new nodes for the plan's rows, from the cached frontier when it is current. */
  private async grow(client: PoolClient, plan: GroupPlan<S>): Promise<Extended | undefined> {
    if (!this.maintainTree) return undefined;
    const size = plan.rows[0].position - 1;
    const cached = this.frontier?.size === size ? this.frontier.nodes : undefined;
    return planGrowth(
      client,
      size,
      plan.rows.map((r) => Buffer.from(r.hash, 'hex')),
      cached,
    );
  }
}

/** After another process moved the head under an optimistic write, this many groups take the lock first. */
const CONTENDED_GROUPS = 50;

interface Keys {
  /** The stream of each event id, pairwise with `ids`: ids are unique per stream. */
  readonly idStreams: string[];
  readonly ids: string[];
  readonly streamIds: string[];
}

function keysOf<S>(group: readonly Queued<S>[]): Keys {
  const commands = group.map((q) => q.command);
  return {
    idStreams: commands.flatMap((c) => c.events.map(() => c.streamId)),
    ids: commands.flatMap((c) => c.events.map((e) => e.eventId)),
    streamIds: [...new Set(commands.map((c) => c.streamId))],
  };
}
