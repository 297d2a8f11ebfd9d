import { inclusionSides } from '../../../../libs/verification/src/merkle/inclusion-walk';
import { LeafFields, leafJson } from '../../../../libs/verification/src/leaf-json';
import { Bytes, fromHex, sha256, toHex, utf8 } from './crypto';

/** RFC 9162 leaf hash of an event as read from the API: SHA-256(0x00 ‖ the auditor's leaf JSON). */
export async function leafHashOf(e: LeafFields): Promise<string> {
  return toHex(await sha256(new Uint8Array([0]), utf8(leafJson(e))));
}

/**
 * RFC 9162 §2.1.3.2 in the browser: the walk is the auditor's own (inclusion-walk.ts), the hashing Web
 * Crypto's. False for any malformed hex.
 */
export async function verifyInclusion(
  index: number,
  size: number,
  leafHash: string,
  auditPath: readonly string[],
  rootHash: string,
): Promise<boolean> {
  const sides = inclusionSides(index, size, auditPath.length);
  const path = auditPath.map(fromHex);
  let running = fromHex(leafHash);
  const root = fromHex(rootHash);
  if (!sides || !running || !root || path.some((p) => !p || p.length !== 32)) return false;
  const node = new Uint8Array([1]);
  for (const [i, side] of sides.entries()) {
    const sibling = path[i] as Bytes;
    running = side === 'left' ? await sha256(node, sibling, running) : await sha256(node, running, sibling);
  }
  return toHex(running) === toHex(root);
}
