import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/**
 * The fields of an event that its Merkle leaf commits to (API.md, Verification). Every field a reader
 * sees is covered, so no stored byte can change without changing the leaf.
 */
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

const LEAF_PREFIX = Buffer.from([0x00]);

/** UTF-8 RFC 8785 canonical JSON of exactly the leaf fields. */
export function leafBytes(e: LeafFields): Buffer {
  const { position, partnershipId, version, eventId, type, occurredAt, recordedAt, recordedBy, data } = e;
  const json = canonicalJson({ position, partnershipId, version, eventId, type, occurredAt, recordedAt, recordedBy, data });
  return Buffer.from(json, 'utf8');
}

/** RFC 9162 leaf hash, SHA-256(0x00 ‖ leaf bytes), as lower-case hex. */
export function leafHash(e: LeafFields): string {
  return createHash('sha256').update(LEAF_PREFIX).update(leafBytes(e)).digest('hex');
}
