import { createHash } from 'node:crypto';
import { LeafFields, leafJson } from './leaf-json';

export type { LeafFields };
export { leafJson };

const LEAF_PREFIX = Buffer.from([0x00]);

/** UTF-8 RFC 8785 canonical JSON of exactly the leaf fields. */
export function leafBytes(e: LeafFields): Buffer {
  return Buffer.from(leafJson(e), 'utf8');
}

/** RFC 9162 leaf hash, SHA-256(0x00 ‖ leaf bytes), as lower-case hex. */
export function leafHash(e: LeafFields): string {
  return createHash('sha256').update(LEAF_PREFIX).update(leafJson(e), 'utf8').digest('hex');
}
