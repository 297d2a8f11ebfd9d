import { EMPTY_ROOT, hashChildren } from './hash';
import { NodeRef } from './ranges';

/**
 * The right edge of a tree of `size` leaves: the perfect subtrees of its binary decomposition, largest
 * (leftmost) first. Appending needs only these (≤ log₂ size nodes) to produce every new perfect node.
 */
export function frontierRefs(size: number): NodeRef[] {
  const refs: NodeRef[] = [];
  let start = 0;
  for (let level = Math.floor(Math.log2(Math.max(size, 1))); level >= 0; level -= 1) {
    const width = 2 ** level;
    if (size - start >= width) {
      refs.push({ level, index: start / width });
      start += width;
    }
  }
  return refs;
}

export interface NewNode extends NodeRef {
  readonly hash: Buffer;
}

export interface Extended {
  /** Every perfect subtree of level ≥ 1 that the new leaves complete. */
  readonly nodes: NewNode[];
  /** The frontier of the extended tree, keyed `level:index`: what the next extension starts from. */
  readonly frontier: Map<string, Buffer>;
}

/**
 * Extends a tree of `size` leaves by `leafHashes`. `frontier` holds the hashes of frontierRefs(size)
 * (level 0 included), keyed `level:index`.
 */
export function extendTree(
  size: number,
  frontier: ReadonlyMap<string, Buffer>,
  leafHashes: readonly Buffer[],
): Extended {
  // The stack holds the current right edge, lowest level last, as in an incremental Merkle accumulator.
  const stack: { level: number; index: number; hash: Buffer }[] = frontierRefs(size).map((r) => {
    const hash = frontier.get(`${r.level}:${r.index}`);
    if (!hash) throw new RangeError(`the frontier misses node ${r.level}:${r.index}`);
    return { ...r, hash };
  });
  const created: NewNode[] = [];
  leafHashes.forEach((hash, i) => {
    let node = { level: 0, index: size + i, hash };
    while (stack.length > 0 && stack[stack.length - 1].level === node.level) {
      const left = stack.pop()!;
      node = { level: node.level + 1, index: left.index / 2, hash: hashChildren(left.hash, node.hash) };
      created.push(node);
    }
    stack.push(node);
  });
  return { nodes: created, frontier: new Map(stack.map((n) => [`${n.level}:${n.index}`, n.hash])) };
}

/** The root of a tree from its frontier alone: fold the right edge from the smallest subtree up. */
export function rootFromFrontier(size: number, frontier: ReadonlyMap<string, Buffer>): Buffer {
  const refs = frontierRefs(size);
  if (refs.length === 0) return EMPTY_ROOT;
  let root = frontier.get(`${refs[refs.length - 1].level}:${refs[refs.length - 1].index}`)!;
  for (let i = refs.length - 2; i >= 0; i -= 1)
    root = hashChildren(frontier.get(`${refs[i].level}:${refs[i].index}`)!, root);
  return root;
}
