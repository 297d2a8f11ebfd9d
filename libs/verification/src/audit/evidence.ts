import { toHex } from '../merkle/hash';
import { AuditProblem, nodeName, nodeProblem, nodeRow, positionsOf, span } from './problems';
import { NodeFinding, TreeWalk } from './tree-walk';
import { NodeRef } from '../merkle/ranges';

/** A stored node that differs from the events below it, until some evidence says which of the two changed. */
interface Suspect {
  readonly ref: NodeRef;
  readonly from: number;
  readonly to: number;
}

/** Heads that stopped matching: some event in from–to changed; the head of size from − 1 still matched. */
interface Run {
  readonly from: number;
  readonly to: number;
  /** Event rows reported changed or missing within from–to: perhaps the whole cause. */
  readonly rows: readonly number[];
  /** Every head R failed since (bounded): all wrong heads, should R match a later head again. */
  readonly failed: number[];
}

const MAX_SUSPECTS = 1_000;

/**
 * Weighs the signed heads and the stored nodes against the tree of the stored leaf hashes (TreeWalk's
 * R), in position order, and pins each change to the smallest range they allow:
 * - a validly signed head whose root R gives confirms every event up to its size ("certified");
 * - the first head that R no longer gives, after one it gave (size m), pins a change to m+1..n;
 * - a stored node that differs from the events below it is the node's row if those events are
 *   confirmed (by a later head, or by a stored node above that agrees with them), and the events if a
 *   head confirms the stored nodes instead (TreeWalk's S): then the change lies under that node, and
 *   within m+1..n when that run overlaps it;
 * - once a head confirms S, the walk continues from the stored nodes (adoptStored), so a later,
 *   unrelated change is found and pinned on its own.
 *
 * Guarantees: every statement reported is implied by the evidence, assuming SHA-256 collision
 * resistance: a range reported holds a changed event; a node reported changed covers events a head or
 * stored node confirms. Memory is bounded: at most MAX_SUSPECTS suspects are held (older ones are then
 * reported as undecided).
 */
export class Evidence {
  private certified = 0;
  private anchored = true;
  private run?: Run;
  private suspects: Suspect[] = [];
  private rows: number[] = [];

  constructor(private readonly report: (problem: AuditProblem) => void) {}

  /** An event row reported changed or missing (a page ahead of its heads): a run it may explain says so. */
  row(position: number): void {
    if (this.rows.length < MAX_SUSPECTS) this.rows.push(position);
  }

  nodes(findings: readonly NodeFinding[]): void {
    for (const { ref, verdict } of findings) {
      if (verdict === 'missing') this.report(nodeProblem('node-missing', ref, missingText(ref)));
      else if (verdict === 'differs') this.suspect(ref);
      else if (verdict === 'agrees') this.confirmedBelow(ref);
    }
  }

  /** A head whose signature verified: `root` is what the ledger signed for tree size walk.size. */
  head(root: string, walk: TreeWalk): void {
    const size = walk.size;
    if (toHex(walk.rootR()) === root) return this.certify(size);
    if (this.anchored) {
      const rows = this.rows.filter((p) => p > this.certified && p <= size).slice(0, 20);
      this.run = { from: this.certified + 1, to: size, rows, failed: [] };
      this.anchored = false;
    }
    if (this.run && this.run.failed.length < 20) this.run.failed.push(size);
    if (walk.diverged && toHex(walk.rootS()) === root) {
      this.storedConfirmed(size);
      walk.adoptStored();
    }
  }

  /** Reports what no head came to settle. */
  finish(): void {
    if (this.run) this.report(runProblem(this.run, this.certified));
    for (const s of this.suspects) this.report(nodeProblem('node-or-events', s.ref, undecidedText(s)));
    this.run = undefined;
    this.suspects = [];
  }

  private suspect(ref: NodeRef): void {
    if (this.suspects.length >= MAX_SUSPECTS) {
      const oldest = this.suspects.shift()!;
      this.report(nodeProblem('node-or-events', oldest.ref, undecidedText(oldest)));
    }
    this.suspects.push({ ref, ...positionsOf(ref) });
  }

  /** R gives the head of this size: every event up to it is the one the ledger signed. */
  private certify(size: number): void {
    for (const wrong of this.run?.failed ?? []) this.report(headRootProblem(wrong, size, this.certified));
    this.run = undefined;
    this.anchored = true;
    this.certified = size;
    this.rows = this.rows.filter((p) => p > size);
    const evidence = `the signed head of tree size ${size}`;
    this.decide(
      (s) => s.to <= size,
      (s) => nodeProblem('node-changed', s.ref, rowChangedText(s.ref, evidence)),
    );
  }

  /** A stored node that agrees with the events below it confirms them: suspects below it are their rows. */
  private confirmedBelow(ref: NodeRef): void {
    const { from, to } = positionsOf(ref);
    const evidence = `the stored ${nodeName(ref)} above it, which agrees with them`;
    this.decide(
      (s) => s.from >= from && s.to <= to,
      (s) => nodeProblem('node-changed', s.ref, rowChangedText(s.ref, evidence)),
    );
  }

  /** A head confirms the stored nodes (S) where R fails: the suspects up to it are changed events. */
  private storedConfirmed(size: number): void {
    const run = this.run!;
    let placed = false;
    this.decide(
      (s) => s.to <= size,
      (s) => {
        // The change that opened the run lies in it; a suspect outside it is a change of its own.
        const overlaps = s.from <= run.to && s.to >= run.from;
        placed ||= overlaps;
        const from = overlaps ? Math.max(s.from, run.from) : Math.max(s.from, this.certified + 1);
        const to = overlaps ? Math.min(s.to, run.to) : s.to;
        return rewrittenProblem({ from, to }, size, s, overlaps ? run : undefined, this.certified);
      },
    );
    if (!placed) this.report(runProblem(run, this.certified));
    this.run = undefined;
    this.anchored = true;
    this.certified = size;
    this.rows = this.rows.filter((p) => p > size);
  }

  private decide(which: (s: Suspect) => boolean, problem: (s: Suspect) => AuditProblem): void {
    const kept: Suspect[] = [];
    for (const s of this.suspects) {
      if (which(s)) this.report(problem(s));
      else kept.push(s);
    }
    this.suspects = kept;
  }
}

const DIFFERS = 'the stored Merkle tree differs from the tree of the stored events';

function missingText(ref: NodeRef): string {
  return (
    `the stored Merkle tree lacks ${nodeName(ref)}: ${nodeRow(ref)} was deleted, so inclusion and ` +
    'consistency proofs through it fail'
  );
}

function rowChangedText(ref: NodeRef, evidence: string): string {
  return (
    `${DIFFERS} at ${nodeName(ref)}: ${nodeRow(ref)} was changed (the events below it are confirmed ` +
    `by ${evidence}); proofs through it are wrong`
  );
}

function undecidedText(s: Suspect): string {
  return (
    `${DIFFERS} at ${nodeName(s.ref)}: either ${nodeRow(s.ref)} or an event at ${span(s.from, s.to)} ` +
    'was changed (no signed head tells which)'
  );
}

function what(from: number, to: number): string {
  return from === to
    ? `the event at position ${from} was changed`
    : `an event at positions ${from}–${to} was changed`;
}

function since(certified: number): string {
  return certified > 0 ? `the head of size ${certified} still matches` : 'no smaller signed head matches';
}

function rowsNote(rows: readonly number[]): string {
  if (rows.length === 0) return ' together with its stored hash';
  const which = `${rows.length === 1 ? 'position' : 'positions'} ${rows.join(', ')}`;
  return ` (${which}: reported changed or missing above)`;
}

function runProblem(run: Run, certified: number): AuditProblem {
  const problem =
    `${what(run.from, run.to)}${rowsNote(run.rows)}: the first ${run.to} events no longer give the root of ` +
    `the head the ledger signed at tree size ${run.to}, while ${since(certified)}`;
  const { from, to } = run;
  return { position: from, problem, kind: 'events-rewritten', from, to, treeSize: to };
}

function rewrittenProblem(
  { from, to }: { from: number; to: number },
  size: number,
  s: Suspect,
  run: Run | undefined,
  certified: number,
): AuditProblem {
  const node =
    `the stored ${nodeName(s.ref)} (positions ${s.from}–${s.to}) still holds the original ` +
    `hash, as the head signed at tree size ${size} confirms`;
  const heads = run ? `; the head of size ${run.to} no longer matches them, while ${since(certified)}` : '';
  const problem = `${what(from, to)}${rowsNote(run?.rows ?? [])}: ${DIFFERS} there, and ${node}${heads}`;
  const { level, index } = s.ref;
  const treeSize = run?.to ?? size;
  return { position: from, problem, kind: 'events-rewritten', from, to, level, index, treeSize };
}

function headRootProblem(wrong: number, next: number, certified: number): AuditProblem {
  const problem =
    `the head signed at tree size ${wrong} does not match the stored events, while ${since(certified)} and ` +
    `the head of size ${next} matches them again: that head was signed over another tree`;
  return { position: wrong, problem, kind: 'head-root', treeSize: wrong };
}
