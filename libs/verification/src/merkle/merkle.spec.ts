import { readFileSync } from 'node:fs';
import { goldenFile } from '../../../../test/golden/golden-dir';
import { EMPTY_ROOT, fromHex, hashLeaf, toHex } from './hash';
import { extendTree, frontierRefs, rootFromFrontier } from './frontier';
import { coverOf, inclusionRanges, rangeHash } from './ranges';
import { MemoryTree } from './tree';
import { verifyConsistency, verifyInclusion } from './verify';

const vectors = JSON.parse(readFileSync(goldenFile('merkle-vectors.json'), 'utf8')) as {
  leafInputsHex: string[];
  leafHashes: string[];
  roots: Record<string, string>;
  emptyRoot: string;
  inclusion: { leafIndex: number; treeSize: number; auditPath: string[] }[];
  consistency: { fromSize: number; toSize: number; proof: string[] }[];
};

const leaves = (n: number) => Array.from({ length: n }, (_, i) => hashLeaf(Buffer.from(`leaf ${i}`)));

describe('RFC 6962 / 9162 reference vectors (the Certificate Transparency test inputs)', () => {
  const tree = new MemoryTree(vectors.leafInputsHex.map((hex) => hashLeaf(Buffer.from(hex, 'hex'))));

  it('hashes each leaf as SHA-256(0x00 ‖ input)', () => {
    expect(vectors.leafInputsHex.map((hex) => toHex(hashLeaf(Buffer.from(hex, 'hex'))))).toEqual(
      vectors.leafHashes,
    );
  });

  it('gives the reference root for every size 1–8 and the empty root', () => {
    for (const [size, root] of Object.entries(vectors.roots))
      expect(toHex(tree.root(Number(size)))).toBe(root);
    expect(toHex(EMPTY_ROOT)).toBe(vectors.emptyRoot);
  });

  it.each(vectors.inclusion)(
    'produces and accepts the reference inclusion proof of leaf $leafIndex in $treeSize',
    ({ leafIndex, treeSize, auditPath }) => {
      expect(tree.inclusionProof(leafIndex, treeSize).map(toHex)).toEqual(auditPath);
      expect(
        verifyInclusion(
          leafIndex,
          treeSize,
          tree.node({ level: 0, index: leafIndex }),
          auditPath.map(fromHex),
          fromHex(vectors.roots[treeSize]),
        ),
      ).toBe(true);
    },
  );

  it.each(vectors.consistency)(
    'produces and accepts the reference consistency proof $fromSize → $toSize',
    ({ fromSize, toSize, proof }) => {
      expect(tree.consistencyProof(fromSize, toSize).map(toHex)).toEqual(proof);
      expect(
        verifyConsistency(
          fromSize,
          toSize,
          proof.map(fromHex),
          fromHex(vectors.roots[fromSize]),
          fromHex(vectors.roots[toSize]),
        ),
      ).toBe(true);
    },
  );
});

describe('proofs for every pair of sizes up to 64', () => {
  const tree = new MemoryTree(leaves(64));

  it('verifies every inclusion proof, and rejects it for any other leaf, size or root', () => {
    for (let n = 1; n <= 64; n += 1) {
      const root = tree.root(n);
      for (let i = 0; i < n; i += 1) {
        const proof = tree.inclusionProof(i, n);
        const leaf = tree.node({ level: 0, index: i });
        expect(verifyInclusion(i, n, leaf, proof, root)).toBe(true);
        expect(verifyInclusion(i, n, tree.node({ level: 0, index: (i + 1) % 64 }), proof, root)).toBe(false);
        if (n > 1) expect(verifyInclusion((i + 1) % n, n, leaf, proof, root)).toBe(false);
        if (n < 64) expect(verifyInclusion(i, n + 1, leaf, proof, tree.root(n + 1))).toBe(false);
      }
    }
  });

  it('verifies every consistency proof, and rejects it against other roots or sizes', () => {
    for (let n = 1; n <= 64; n += 1) {
      for (let m = 1; m <= n; m += 1) {
        const proof = tree.consistencyProof(m, n);
        expect(verifyConsistency(m, n, proof, tree.root(m), tree.root(n))).toBe(true);
        if (m > 1) expect(verifyConsistency(m - 1, n, proof, tree.root(m - 1), tree.root(n))).toBe(false);
        if (m < n) expect(verifyConsistency(m, n, proof, tree.root(m), tree.root(n - 1))).toBe(false);
      }
    }
  });

  it('rejects every single-bit mutation of every proof and every truncated or extended proof', () => {
    let checked = 0;
    for (const n of [3, 7, 8, 13, 32, 64]) {
      for (let i = 0; i < n; i += 1) {
        const proof = tree.inclusionProof(i, n);
        const leaf = tree.node({ level: 0, index: i });
        proof.forEach((_, k) => {
          for (const bit of [0, 77, 255]) {
            const mutated = proof.map((p) => Buffer.from(p));
            mutated[k][bit >> 3] ^= 1 << (bit & 7);
            expect(verifyInclusion(i, n, leaf, mutated, tree.root(n))).toBe(false);
            checked += 1;
          }
          expect(verifyInclusion(i, n, leaf, proof.slice(0, k), tree.root(n))).toBe(false);
        });
        expect(verifyInclusion(i, n, leaf, [...proof, leaf], tree.root(n))).toBe(false);
      }
      for (let m = 1; m < n; m += 1) {
        const proof = tree.consistencyProof(m, n);
        proof.forEach((_, k) => {
          const mutated = proof.map((p) => Buffer.from(p));
          mutated[k][k % 32] ^= 0x80;
          expect(verifyConsistency(m, n, mutated, tree.root(m), tree.root(n))).toBe(false);
          expect(
            verifyConsistency(
              m,
              n,
              proof.filter((__, j) => j !== k),
              tree.root(m),
              tree.root(n),
            ),
          ).toBe(false);
          checked += 2;
        });
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('refuses nonsense sizes and indices instead of throwing', () => {
    const root = tree.root(8);
    expect(verifyInclusion(8, 8, tree.node({ level: 0, index: 0 }), [], root)).toBe(false);
    expect(verifyInclusion(-1, 8, tree.node({ level: 0, index: 0 }), [], root)).toBe(false);
    expect(verifyConsistency(0, 8, [], EMPTY_ROOT, root)).toBe(false);
    expect(verifyConsistency(9, 8, [], root, root)).toBe(false);
    expect(verifyConsistency(4, 8, [], tree.root(4), root)).toBe(false);
  });
});

describe('the stored tree', () => {
  it('extends a tree from its frontier exactly as building it whole does, in any batch sizes', () => {
    const all = leaves(300);
    const reference = new MemoryTree(all);
    const stored = new Map<string, Buffer>();
    all.forEach((h, i) => stored.set(`0:${i}`, h));
    let size = 0;
    for (const batch of [1, 1, 2, 5, 8, 13, 64, 1, 100, 105]) {
      const frontier = new Map(
        frontierRefs(size).map((r) => [`${r.level}:${r.index}`, stored.get(`${r.level}:${r.index}`)!]),
      );
      const extended = extendTree(size, frontier, all.slice(size, size + batch));
      for (const node of extended.nodes) stored.set(`${node.level}:${node.index}`, node.hash);
      size += batch;
      expect(rootFromFrontier(size, extended.frontier)).toEqual(reference.root(size));
    }
    expect(size).toBe(300);
    const node = (r: { level: number; index: number }) => stored.get(`${r.level}:${r.index}`)!;
    for (const n of [1, 2, 3, 100, 255, 256, 299, 300]) {
      expect(rangeHash({ start: 0, end: n }, node)).toEqual(reference.root(n));
      for (const r of inclusionRanges(Math.floor(n / 2), n))
        for (const ref of coverOf(r)) expect(stored.has(`${ref.level}:${ref.index}`)).toBe(true);
    }
  });

  it('needs only a logarithmic frontier', () => {
    expect(frontierRefs(0)).toEqual([]);
    expect(frontierRefs(13)).toEqual([
      { level: 3, index: 0 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
    expect(frontierRefs(1_000_000).length).toBe(7);
  });
});
