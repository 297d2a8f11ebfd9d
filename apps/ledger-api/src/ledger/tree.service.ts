import { Inject, Injectable } from '@nestjs/common';
import { ValidationFailed } from '@ledger/domain';
import { EventStore, LedgerTree, StoredTreeDamaged } from '@ledger/event-store';
import {
  EMPTY_ROOT,
  Range,
  consistencyRanges,
  coverOf,
  inclusionRanges,
  nodeKey,
  rangeHash,
  toHex,
} from '@ledger/verification';
import { OneAtATime } from '../common/one-at-a-time';
import { EVENT_STORE, LEDGER_TREE } from '../config/tokens';

/**
 * Roots and proofs of the ledger's Merkle tree, from the stored perfect subtrees: each answer reads
 * O(log n) nodes in one query and hashes O(log² n) at most, whatever the ledger's size.
 */
@Injectable()
export class TreeService {
  /** The largest head this process has read: the head never moves back, so any size up to it exists. */
  private knownHead = 0;
  private readonly headReads = new OneAtATime();

  constructor(
    @Inject(LEDGER_TREE) private readonly tree: LedgerTree,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /**
   * The ledger's current size. Concurrent callers share one read, but only a read that started after
   * they called (OneAtATime.shared): every event committed before a request arrived is within its head.
   */
  head(): Promise<number> {
    return this.headReads.shared('head', async () => {
      const head = await this.store.headPosition();
      this.knownHead = Math.max(this.knownHead, head);
      return head;
    });
  }

  async root(size: number): Promise<string> {
    if (size === 0) return toHex(EMPTY_ROOT);
    const [hash] = await this.hashes([{ start: 0, end: size }]);
    return hash;
  }

  async inclusion(position: number, treeSize: number): Promise<{ leafHash: string; auditPath: string[] }> {
    await this.within(treeSize, 'treeSize');
    if (position > treeSize)
      throw new ValidationFailed([{ path: 'position', message: `must be at most treeSize (${treeSize})` }]);
    const [leafHash, ...auditPath] = await this.hashes([
      { start: position - 1, end: position },
      ...inclusionRanges(position - 1, treeSize),
    ]);
    return { leafHash, auditPath };
  }

  async consistency(from: number, to: number): Promise<string[]> {
    await this.within(to, 'to');
    if (from > to) throw new ValidationFailed([{ path: 'from', message: `must be at most to (${to})` }]);
    return this.hashes(consistencyRanges(from, to));
  }

  /** Only a size beyond every head seen so far costs a read of the current head. */
  private async within(size: number, path: string): Promise<void> {
    if (size <= this.knownHead) return;
    const head = await this.head();
    if (size > head)
      throw new ValidationFailed([{ path, message: `must be at most the ledger's size (${head})` }]);
  }

  private async hashes(ranges: readonly Range[]): Promise<string[]> {
    const nodes = await this.tree.treeNodes(ranges.flatMap(coverOf));
    return ranges.map((r) =>
      toHex(
        rangeHash(r, (ref) => {
          const hash = nodes.get(nodeKey(ref));
          // Every node within a committed size is stored (LedgerTree's guarantee): a gap is damage, not a
          // bug.
          if (!hash) throw new StoredTreeDamaged(ref);
          return hash;
        }),
      ),
    );
  }
}
