import { createHash } from 'node:crypto';

/**
 * RFC 9162 §2.1.1: leaves are hashed with a 0x00 prefix, interior nodes with 0x01, so neither can pose as the
 * other.
 */
const LEAF = Buffer.from([0x00]);
const NODE = Buffer.from([0x01]);

/** The root of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT = createHash('sha256').digest();

export function hashLeaf(leafBytes: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF).update(leafBytes).digest();
}

export function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(NODE).update(left).update(right).digest();
}

export const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** A 32-byte SHA-256 from lower- or upper-case hex; throws on anything else. */
export function fromHex(hex: string): Buffer {
  if (!/^[0-9a-fA-F]{64}$/.test(hex))
    throw new TypeError(`not a SHA-256 hex digest: ${JSON.stringify(hex).slice(0, 80)}`);
  return Buffer.from(hex, 'hex');
}

/** The largest power of two strictly less than n (n ≥ 2): the split point k of RFC 9162 §2.1.1. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
