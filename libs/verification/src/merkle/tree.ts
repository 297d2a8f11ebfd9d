import { EMPTY_ROOT, hashChildren } from './hash';
import { NodeRef, Range, consistencyRanges, inclusionRanges, nodeKey, rangeHash } from './ranges';

/**
 * A Merkle tree over leaf hashes held in memory: what an auditor builds from an export, and the
 * reference the stored tree is tested against. Every perfect subtree is computed once.
 */
export class MemoryTree {
  private readonly levels: Buffer[][] = [[]];

  constructor(leafHashes: readonly Buffer[] = []) {
    for (const h of leafHashes) this.append(h);
  }

  get size(): number {
    return this.levels[0].length;
  }

  append(leafHash: Buffer): void {
    this.levels[0].push(leafHash);
    for (let level = 0; this.levels[level].length % 2 === 0; level += 1) {
      const row = this.levels[level];
      (this.levels[level + 1] ??= []).push(hashChildren(row[row.length - 2], row[row.length - 1]));
    }
  }

  node = (ref: NodeRef): Buffer => {
    const hash = this.levels[ref.level]?.[ref.index];
    if (!hash) throw new RangeError(`no node ${nodeKey(ref)} in a tree of ${this.size}`);
    return hash;
  };

  root(size = this.size): Buffer {
    return size === 0 ? EMPTY_ROOT : this.hashOf({ start: 0, end: size });
  }

  hashOf(r: Range): Buffer {
    return rangeHash(r, this.node);
  }

  inclusionProof(index: number, size = this.size): Buffer[] {
    return inclusionRanges(index, size).map((r) => this.hashOf(r));
  }

  consistencyProof(m: number, n = this.size): Buffer[] {
    return consistencyRanges(m, n).map((r) => this.hashOf(r));
  }
}
