import { hashChildren } from './hash';
import { inclusionSides } from './inclusion-walk';

/**
 * RFC 9162 §2.1.3.2: does `path` prove that `leafHash` is leaf `index` of the tree of `size` leaves
 * whose root is `root`? Written from the RFC's steps (inclusion-walk.ts), independent of how proofs are
 * produced here.
 */
export function verifyInclusion(
  index: number,
  size: number,
  leafHash: Uint8Array,
  path: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  const sides = inclusionSides(index, size, path.length);
  if (!sides) return false;
  let r: Buffer = Buffer.from(leafHash);
  sides.forEach((side, i) => (r = side === 'left' ? hashChildren(path[i], r) : hashChildren(r, path[i])));
  return r.equals(root);
}

/**
 * RFC 9162 §2.1.4.2: does `proof` show the tree of size `m` (root1) is a prefix of the tree of size `n`
 * (root2)?
 */
export function verifyConsistency(
  m: number,
  n: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): boolean {
  if (!Number.isSafeInteger(m) || !Number.isSafeInteger(n) || m < 1 || m > n) return false;
  if (m === n) return proof.length === 0 && Buffer.from(root1).equals(root2);
  if (proof.length === 0) return false;
  const path = (m & (m - 1)) === 0 ? [root1, ...proof] : [...proof];
  let fn = m - 1;
  let sn = n - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Buffer = Buffer.from(path[0]);
  let sr: Buffer = Buffer.from(path[0]);
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return fr.equals(root1) && sr.equals(root2) && sn === 0;
}
