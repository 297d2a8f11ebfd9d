import { KeyObject, createPublicKey, sign, verify } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { keyIdOf } from './signed-head';

/**
 * Proof of possession for a witness key: an organization registers a public key only with a signature,
 * by that very key, over the canonical JSON of {purpose, orgId, keyId}. Without it, one organization
 * could register another's public key in its own name and claim the other's countersignatures (which
 * are public) as its own, or block the rightful owner from registering it.
 *
 * Constraints: the statement names the organization, so a proof for one organization is no proof for
 * another; it names the key by id, so one proof serves any encoding of the key (PEM, JWK, raw).
 */
export const WITNESS_KEY_PURPOSE = 'partnership-ledger witness key';

export function witnessKeyStatement(orgId: string, publicKey: KeyObject): Buffer {
  return Buffer.from(
    canonicalJson({ purpose: WITNESS_KEY_PURPOSE, orgId, keyId: keyIdOf(publicKey) }),
    'utf8',
  );
}

/** Base64 Ed25519 signature that proves `privateKey` is held by (someone acting for) `orgId`. */
export function proveWitnessKey(orgId: string, privateKey: KeyObject): string {
  return sign(null, witnessKeyStatement(orgId, createPublicKey(privateKey)), privateKey).toString('base64');
}

/** False (never a throw) for any malformed proof. */
export function verifyWitnessKeyProof(orgId: string, publicKey: KeyObject, proof: unknown): boolean {
  try {
    if (typeof proof !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(proof)) return false;
    return verify(null, witnessKeyStatement(orgId, publicKey), publicKey, Buffer.from(proof, 'base64'));
  } catch {
    return false;
  }
}
