import { KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { keyIdOf, parsePublicKey } from './signed-head';

/**
 * A replacement of the ledger's signing key, as recorded in the ledger's database and served at
 * `GET /v1/ledger/key-rotations`. The old key endorses the new one by signing the RFC 8785 canonical JSON
 * of exactly these five fields, so a partner who pinned the old key can follow to the new one offline.
 *
 * Constraints:
 * - `keyId` = keyIdOf(publicKey); `previousKeyId` is the key the ledger signed with before.
 * - `treeSize`: every head the old key signed has a tree size ≤ it; a head of a larger size signed by
 *   the old key is not the ledger's (the old key was retired then).
 * - `rotatedAt`: ISO-8601 UTC, kept as the very string that was signed.
 */
export interface KeyRotationBody {
  readonly previousKeyId: string;
  readonly keyId: string;
  /** SPKI PEM of the new key. */
  readonly publicKey: string;
  readonly rotatedAt: string;
  readonly treeSize: number;
}

export interface KeyRotation extends KeyRotationBody {
  /** Base64 Ed25519 signature by the previous key; null: unendorsed (the previous key was lost). */
  readonly signature: string | null;
}

/** What the old key signs. */
export function rotationBytes({
  previousKeyId,
  keyId,
  publicKey,
  rotatedAt,
  treeSize,
}: KeyRotationBody): Buffer {
  return Buffer.from(canonicalJson({ previousKeyId, keyId, publicKey, rotatedAt, treeSize }), 'utf8');
}

export function signRotation(body: KeyRotationBody, previousPrivateKey: KeyObject): string {
  return sign(null, rotationBytes(body), previousPrivateKey).toString('base64');
}

/** Ed25519 verification of a rotation's endorsement; false (never a throw) for anything malformed. */
export function verifyRotation(rotation: KeyRotation, previousPublicKey: KeyObject): boolean {
  try {
    const { signature } = rotation;
    if (typeof signature !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return false;
    return verify(null, rotationBytes(rotation), previousPublicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** The key id a rotation's public key really has; undefined when it is not a readable Ed25519 key. */
export function keyIdOfPem(publicKey: string): string | undefined {
  try {
    return keyIdOf(parsePublicKey(publicKey));
  } catch {
    return undefined;
  }
}
