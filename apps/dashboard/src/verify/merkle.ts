import { inclusionSides } from '../../../../libs/verification/src/merkle/inclusion-walk';
import { canonicalJson } from '../../../../libs/verification/src/canonical-json';
import { Bytes, fromHex, sha256, toHex, utf8 } from './crypto';

/** The fields of an event its Merkle leaf commits to (API.md, Verification). */
export interface LeafFields {
  readonly position: number;
  readonly partnershipId: string;
  readonly version: number;
  readonly eventId: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
  readonly data: unknown;
}

/** RFC 9162 leaf hash of an event as read from the API: SHA-256(0x00 ‖ canonical JSON of its fields). */
export async function leafHashOf(e: LeafFields): Promise<string> {
  const { position, partnershipId, version, eventId, type, occurredAt, recordedAt, recordedBy, data } = e;
  const fields = {
    position,
    partnershipId,
    version,
    eventId,
    type,
    occurredAt,
    recordedAt,
    recordedBy,
    data,
  };
  return toHex(await sha256(new Uint8Array([0]), utf8(canonicalJson(fields))));
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
