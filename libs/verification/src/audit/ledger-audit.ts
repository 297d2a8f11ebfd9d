import { LeafFields, leafHash } from '../leaf';
import { toHex } from '../merkle/hash';
import { NodeRef } from '../merkle/ranges';
import { SignedTreeHead } from '../signed-head';
import { Evidence } from './evidence';
import { HeadKeys } from './head-keys';
import { AuditProblem, eventChanged, eventMissing, nodeName, nodeProblem, nodeRow } from './problems';
import { LOWEST_STORED_LEVEL, TreeWalk } from './tree-walk';

/** An event row as stored: its fields and the leaf hash stored with it. */
export interface AuditEvent extends LeafFields {
  readonly hash: string;
}

/** The next stretch of the ledger, in position order. */
export interface AuditPage {
  /** The last position this page accounts for: a position up to it without an event is missing. */
  readonly through: number;
  /** The stored events of the stretch, by ascending position. */
  readonly events: readonly AuditEvent[];
  /** The stored nodes of nodesFor(through), keyed `level:index`; a node without a row is left out. */
  readonly nodes: ReadonlyMap<string, Buffer>;
  /** The stored heads of the stretch (tree sizes after the previous page's `through`, up to this one's). */
  readonly heads: readonly SignedTreeHead[];
}

export interface AuditReport {
  readonly ok: boolean;
  readonly eventsChecked: number;
  readonly treeSize: number;
  /** The root of the tree of the stored leaf hashes (what the stored events give when ok). */
  readonly rootHash: string;
  readonly headsChecked: number;
  /** Heads signed by a key whose public key the ledger did not record: neither evidence nor a problem. */
  readonly headsUnchecked: number;
  readonly nodesChecked: number;
  readonly problems: AuditProblem[];
  /** Problems beyond the first MAX_PROBLEMS, counted but not listed. */
  readonly problemsOmitted: number;
}

export const MAX_PROBLEMS = 1_000;

/** The leaf a missing row stands for: no event hashes to 32 zero bytes. */
const ABSENT = Buffer.alloc(32);

/**
 * A full verification of a stored ledger, fed in position order (page by page) and independent of
 * where the rows come from. Checks every event row (its fields give its stored hash; no position is
 * skipped), every stored node of level ≥ 4 against the events below it, every stored head's signature
 * with the ledger's key for its size and its root against the events, and pins each discrepancy to the
 * row or the smallest range of positions the evidence allows (Evidence).
 *
 * Guarantees: memory O(log n) plus one page; every stored node and head of the stretches fed is
 * checked exactly once. Constraint: pages come in order and together cover positions 1..treeSize.
 */
export class LedgerAudit {
  private readonly walk = new TreeWalk();
  private readonly evidence = new Evidence((p) => this.report(p));
  private readonly problems: AuditProblem[] = [];
  private omitted = 0;
  private events = 0;
  private heads = 0;
  private nodes = 0;

  constructor(
    private readonly keys: HeadKeys,
    keyProblems: readonly AuditProblem[] = [],
  ) {
    keyProblems.forEach((p) => this.report(p));
  }

  /** The stored nodes the next page needs: those completed by the positions up to `through`. */
  nodesFor(through: number): NodeRef[] {
    return completedNodes(this.walk.size + 1, through);
  }

  /** Checks the signatures of a page's heads ahead (HeadKeys.prepare), while the previous page is hashed. */
  prepare(heads: readonly SignedTreeHead[]): Promise<void> {
    return this.keys.prepare(heads);
  }

  page(page: AuditPage): void {
    const base = this.walk.size;
    const leaves = this.leaves(page);
    const heads = [...page.heads].sort((a, b) => a.treeSize - b.treeSize);
    // The tree grows from head to head, so that each head is compared at exactly its size.
    for (let i = 0; ;) {
      const stop = i < heads.length ? heads[i].treeSize : page.through;
      const findings = this.walk.extend(leaves.slice(this.walk.size - base, stop - base), page.nodes);
      this.nodes += findings.length;
      this.evidence.nodes(findings);
      for (; i < heads.length && heads[i].treeSize === stop; i += 1) this.head(heads[i]);
      if (i >= heads.length && stop === page.through) return;
    }
  }

  /** Settles what is left, reports `extra` stored nodes (beyond the tree), and says what was found. */
  finish(extra: readonly NodeRef[] = []): AuditReport {
    this.evidence.finish();
    for (const ref of extra) this.report(nodeProblem('node-extra', ref, extraText(ref, this.walk.size)));
    const { events: eventsChecked, heads: headsChecked, nodes: nodesChecked, problems } = this;
    return {
      ok: problems.length === 0,
      eventsChecked,
      treeSize: this.walk.size,
      rootHash: toHex(this.walk.rootR()),
      headsChecked,
      headsUnchecked: this.keys.unchecked,
      nodesChecked,
      problems,
      problemsOmitted: this.omitted,
    };
  }

  /** The stored leaf hashes of the page, every position up to `through`; row problems reported. */
  private leaves(page: AuditPage): Buffer[] {
    const leaves: Buffer[] = [];
    let next = this.walk.size + 1;
    const missing = (upTo: number) => {
      for (; next < upTo; next += 1) this.absent(next, leaves);
    };
    for (const e of page.events) {
      missing(e.position);
      if (e.position !== next) throw new RangeError(`position ${e.position} out of order (next: ${next})`);
      this.events += 1;
      if (leafHash(e) !== e.hash) {
        this.report(eventChanged(e.position));
        this.evidence.row(e.position);
      }
      leaves.push(storedLeaf(e.hash));
      next += 1;
    }
    missing(page.through + 1);
    return leaves;
  }

  private absent(position: number, leaves: Buffer[]): void {
    this.report(eventMissing(position));
    this.evidence.row(position);
    leaves.push(ABSENT);
  }

  private head(head: SignedTreeHead): void {
    const verdict = this.keys.judge(head, () => toHex(this.walk.rootR()));
    if (!verdict.ok) {
      if (verdict.problem) this.report(verdict.problem);
      return;
    }
    this.heads += 1;
    this.evidence.head(head.rootHash.toLowerCase(), this.walk);
  }

  private report(problem: AuditProblem): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(problem);
    else this.omitted += 1;
  }
}

/**
 * The stored hash as a leaf: hex decoding stops at the first character that is not hex, so a malformed
 * hash (already reported, its fields do not give it) comes out short and stands as an absent leaf.
 */
function storedLeaf(hash: string): Buffer {
  const leaf = Buffer.from(hash, 'hex');
  return leaf.length === 32 && hash.length === 64 ? leaf : ABSENT;
}

/** The perfect subtrees of a stored level that positions from..to (1-based) complete. */
export function completedNodes(from: number, to: number): NodeRef[] {
  const refs: NodeRef[] = [];
  for (let level = LOWEST_STORED_LEVEL; 2 ** level <= to; level += 1) {
    const width = 2 ** level;
    const first = Math.max(0, Math.ceil(from / width) - 1);
    for (let index = first; (index + 1) * width <= to; index += 1) refs.push({ level, index });
  }
  return refs;
}

function extraText(ref: NodeRef, size: number): string {
  return (
    `ledger_merkle holds ${nodeName(ref)} beyond the tree of ${size} events: ${nodeRow(ref)} was ` +
    'inserted, and the append that completes this subtree will fail on it'
  );
}
