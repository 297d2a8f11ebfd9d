import { KeyObject, createHash, sign, verify } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/**
 * What partners approve of a charter, and how an approval is signed (API.md, "Charter"). Anyone holding
 * an exported `charter.proposed` event can recompute its definitionHash, and anyone holding the org's
 * public key can check a signed approval, offline.
 *
 * Guarantees: the hash is SHA-256 (hex) of the RFC 8785 canonical JSON of the charter exactly as
 * proposed (before defaults are filled in), so it does not depend on key order or white space.
 */
export function definitionHashOf(charter: unknown): string {
  return createHash('sha256').update(canonicalJson(charter), 'utf8').digest('hex');
}

/** The bytes an approval signature covers: the canonical JSON of {partnershipId, proposalId, definitionHash}. */
export function approvalStatement(partnershipId: string, proposalId: string, definitionHash: string): Buffer {
  return Buffer.from(canonicalJson({ partnershipId, proposalId, definitionHash }), 'utf8');
}

/** Base64 Ed25519 signature of an approval, as an org's portal makes it. */
export function signApproval(statement: Buffer, privateKey: KeyObject): string {
  return sign(null, statement, privateKey).toString('base64');
}

/** False (never a throw) for a malformed signature or one by another key. */
export function verifyApproval(statement: Buffer, signature: unknown, publicKey: KeyObject): boolean {
  try {
    if (typeof signature !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return false;
    return verify(null, statement, publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
