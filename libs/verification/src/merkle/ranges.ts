import { hashChildren, splitPoint } from './hash';

/** Leaves [start, end) of the ledger, 0-based (leaf index = position − 1). */
export interface Range {
  readonly start: number;
  readonly end: number;
}

/** A perfect, aligned subtree: leaves [index·2^level, (index+1)·2^level). Level 0 is a leaf. */
export interface NodeRef {
  readonly level: number;
  readonly index: number;
}

export const nodeKey = (n: NodeRef) => `${n.level}:${n.index}`;

/**
 * The subtrees whose hashes form the inclusion proof of leaf `index` in a tree of `size` leaves, in
 * proof order (nearest the leaf first): RFC 9162 §2.1.3.1, PATH(m, D[n]).
 */
export function inclusionRanges(index: number, size: number): Range[] {
  if (!(index >= 0 && index < size)) throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
  const out: Range[] = [];
  const path = (m: number, start: number, end: number): void => {
    if (end - start === 1) return;
    const k = splitPoint(end - start);
    if (m < k) {
      path(m, start, start + k);
      out.push({ start: start + k, end });
    } else {
      path(m - k, start + k, end);
      out.push({ start, end: start + k });
    }
  };
  path(index, 0, size);
  return out;
}

/**
 * The subtrees whose hashes form the consistency proof from size m to size n: RFC 9162 §2.1.4.1, PROOF(m,
 * D[n]).
 */
export function consistencyRanges(m: number, n: number): Range[] {
  if (!(m >= 1 && m <= n)) throw new RangeError(`no consistency proof from ${m} to ${n}`);
  const out: Range[] = [];
  const subproof = (size: number, start: number, end: number, complete: boolean): void => {
    const n2 = end - start;
    if (size === n2) {
      if (!complete) out.push({ start, end });
      return;
    }
    const k = splitPoint(n2);
    if (size <= k) {
      subproof(size, start, start + k, complete);
      out.push({ start: start + k, end });
    } else {
      subproof(size - k, start + k, end, false);
      out.push({ start, end: start + k });
    }
  };
  subproof(m, 0, n, true);
  return out;
}

/** Whether [start, end) is one perfect aligned subtree, and which. */
function asNode(r: Range): NodeRef | undefined {
  const size = r.end - r.start;
  if ((size & (size - 1)) !== 0 || r.start % size !== 0) return undefined;
  return { level: Math.log2(size), index: r.start / size };
}

/** The perfect aligned subtrees whose hashes make up MTH(D[start:end]), following the RFC's split. */
export function coverOf(r: Range): NodeRef[] {
  const node = asNode(r);
  if (node) return [node];
  const k = splitPoint(r.end - r.start);
  return [...coverOf({ start: r.start, end: r.start + k }), ...coverOf({ start: r.start + k, end: r.end })];
}

/** MTH(D[start:end]) from the hashes of perfect subtrees (`node` must know every one coverOf names). */
export function rangeHash(r: Range, node: (ref: NodeRef) => Buffer): Buffer {
  const ref = asNode(r);
  if (ref) return node(ref);
  const k = splitPoint(r.end - r.start);
  return hashChildren(
    rangeHash({ start: r.start, end: r.start + k }, node),
    rangeHash({ start: r.start + k, end: r.end }, node),
  );
}
