/**
 * RFC 9162 §2.1.3.2 without the hashing: which side each element of an inclusion proof of leaf `index`
 * in a tree of `size` leaves stands on. Both verifiers use it: the auditor's (Node, synchronous SHA-256)
 * and the dashboard's (the browser's Web Crypto, asynchronous), so the RFC's steps are written once.
 * Imports nothing, so a browser bundle can take it as it is.
 *
 * Guarantees: `'left'` means the proof element is the left child (hash(element ‖ running)), `'right'` the
 * right one; null when no proof of this length can prove this leaf (index outside the tree, a path too
 * long or too short).
 */
export type Side = 'left' | 'right';

export function inclusionSides(index: number, size: number, pathLength: number): Side[] | null {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return null;
  let fn = index;
  let sn = size - 1;
  const sides: Side[] = [];
  for (let i = 0; i < pathLength; i++) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      sides.push('left');
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      sides.push('right');
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? sides : null;
}
