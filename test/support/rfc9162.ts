import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * A second, independent reading of RFC 9162 §2.1 and of API.md's leaf definition, written from the
 * texts only and sharing no code with libs/verification: if the product's proofs pass here, a third
 * party's verifier built from the same texts accepts them too.
 */
const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const node = (l: Buffer, r: Buffer) => sha256(Buffer.from([1]), l, r);

export function leafOf(e: {
  position: number;
  partnershipId: string;
  version: number;
  eventId: string;
  type: string;
  occurredAt: string;
  recordedAt: string;
  recordedBy: string;
  data: unknown;
}): string {
  const { position, partnershipId, version, eventId, type, occurredAt, recordedAt, recordedBy, data } = e;
  return sha256(
    Buffer.from([0]),
    Buffer.from(
      canonicalize({
        position,
        partnershipId,
        version,
        eventId,
        type,
        occurredAt,
        recordedAt,
        recordedBy,
        data,
      })!,
      'utf8',
    ),
  ).toString('hex');
}

/** §2.1.3.2 */
export function inclusionOk(
  index: number,
  size: number,
  leafHex: string,
  pathHex: string[],
  rootHex: string,
): boolean {
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = Buffer.from(leafHex, 'hex');
  for (const hex of pathHex) {
    const p = Buffer.from(hex, 'hex');
    if (sn === 0) return false;
    if ((fn & 1) === 1 || fn === sn) {
      r = node(p, r);
      while ((fn & 1) === 0 && fn !== 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else r = node(r, p);
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 && r.toString('hex') === rootHex;
}

/** §2.1.4.2 */
export function consistencyOk(
  first: number,
  second: number,
  proofHex: string[],
  firstHex: string,
  secondHex: string,
): boolean {
  if (first === second) return proofHex.length === 0 && firstHex === secondHex;
  if (proofHex.length === 0 || first > second) return false;
  const path = proofHex.map((h) => Buffer.from(h, 'hex'));
  if ((first & (first - 1)) === 0) path.unshift(Buffer.from(firstHex, 'hex'));
  let fn = first - 1;
  let sn = second - 1;
  while ((fn & 1) === 1) {
    fn >>= 1;
    sn >>= 1;
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if ((fn & 1) === 1 || fn === sn) {
      fr = node(c, fr);
      sr = node(c, sr);
      while ((fn & 1) === 0 && fn !== 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else sr = node(sr, c);
    fn >>= 1;
    sn >>= 1;
  }
  return fr.toString('hex') === firstHex && sr.toString('hex') === secondHex && sn === 0;
}

/**
 * §2.1.1: MTH of the leaves (hex leaf hashes), by the definition's recursion on the largest power of 2 < n.
 */
export function rootOf(leavesHex: string[]): string {
  const mth = (leaves: Buffer[]): Buffer => {
    if (leaves.length === 0) return sha256();
    if (leaves.length === 1) return leaves[0];
    let k = 1;
    while (k * 2 < leaves.length) k *= 2;
    return node(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
  };
  return mth(leavesHex.map((h) => Buffer.from(h, 'hex'))).toString('hex');
}
