import { EMPTY_ROOT, hashChildren } from '../merkle/hash';
import { extendTree, rootFromFrontier } from '../merkle/frontier';
import { NodeRef, nodeKey } from '../merkle/ranges';

/**
 * The lowest level of the tree the ledger stores (ledger_merkle): subtrees of 16 leaves and up. The three
 * levels below would be one row per event (36 % more write-ahead log per event, measured); they are cheap
 * to recompute from the at most 8 leaf hashes each covers, which ledger_events already holds. Rows of
 * lower levels written by earlier versions are left in place and never read (nor verified).
 */
export const LOWEST_STORED_LEVEL = 4;

/**
 * How a stored node compares with the tree of the stored leaf hashes below it:
 * - agrees: the stored row equals the recomputed node;
 * - missing: there is no stored row;
 * - explained: it differs, but equals the hash of its own stored children, so the difference comes from
 *   a node further down (reported there, once, instead of at every ancestor);
 * - differs: it differs from its children too — the lowest node a change shows at.
 */
export type NodeVerdict = 'agrees' | 'missing' | 'explained' | 'differs';

export interface NodeFinding {
  readonly ref: NodeRef;
  readonly verdict: NodeVerdict;
}

/**
 * Two trees grown side by side over the stored leaf hashes, in position order:
 * - R, the tree of the stored leaf hashes, with every node recomputed;
 * - S, the same leaves but each stored node (level ≥ 4) in place of R's node: the tree the stored rows
 *   describe. Where R no longer gives a signed root but S does, the stored nodes hold the original
 *   hashes and the change lies below the stored nodes where R and S differ.
 *
 * Guarantees: memory O(log n) — R's frontier, and S's values for the nodes of that frontier only.
 * Constraint: `stored` given to extend() must hold every stored node the new leaves complete.
 */
export class TreeWalk {
  private r = new Map<string, Buffer>();
  /** S's hash of each stored-level node of R's frontier (and of those created by the last extension). */
  private s = new Map<string, Buffer>();
  private n = 0;

  get size(): number {
    return this.n;
  }

  /** Appends leaves; returns how every stored-level node they complete compares with its stored row. */
  extend(leaves: readonly Buffer[], stored: ReadonlyMap<string, Buffer>): NodeFinding[] {
    if (leaves.length === 0) return [];
    const grown = extendTree(this.n, this.r, leaves);
    const findings: NodeFinding[] = [];
    for (const node of grown.nodes) {
      if (node.level < LOWEST_STORED_LEVEL) continue;
      const row = stored.get(nodeKey(node));
      const ref = { level: node.level, index: node.index };
      findings.push({ ref, verdict: this.judge(ref, node.hash, row) });
      this.s.set(nodeKey(node), row ?? node.hash);
    }
    this.r = grown.frontier;
    this.n += leaves.length;
    for (const key of [...this.s.keys()]) if (!this.r.has(key)) this.s.delete(key);
    return findings;
  }

  private judge(ref: NodeRef, recomputed: Buffer, row: Buffer | undefined): NodeVerdict {
    if (!row) return 'missing';
    if (row.equals(recomputed)) return 'agrees';
    if (ref.level === LOWEST_STORED_LEVEL) return 'differs';
    const child = (index: number) => this.s.get(nodeKey({ level: ref.level - 1, index }))!;
    return row.equals(hashChildren(child(2 * ref.index), child(2 * ref.index + 1))) ? 'explained' : 'differs';
  }

  rootR(): Buffer {
    return this.n === 0 ? EMPTY_ROOT : rootFromFrontier(this.n, this.r);
  }

  rootS(): Buffer {
    return this.n === 0 ? EMPTY_ROOT : rootFromFrontier(this.n, this.frontierS());
  }

  /** Whether S's frontier differs from R's: only then can rootS() tell anything rootR() did not. */
  get diverged(): boolean {
    return [...this.s].some(([key, hash]) => !this.r.get(key)!.equals(hash));
  }

  /**
   * Continues from S's frontier: after a signed head confirmed S's root, the stored nodes of this
   * frontier are the original ones, so later heads can be checked again despite an earlier change.
   */
  adoptStored(): void {
    this.r = this.frontierS();
  }

  private frontierS(): Map<string, Buffer> {
    return new Map([...this.r].map(([key, hash]) => [key, this.s.get(key) ?? hash]));
  }
}
