import { KeyObject, createHash, createPublicKey, sign, verify } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** A tree head: the ledger's size and Merkle root at a moment. */
export interface TreeHead {
  readonly treeSize: number;
  /** Hex SHA-256. */
  readonly rootHash: string;
  /** ISO-8601 UTC. */
  readonly timestamp: string;
}

export interface SignedTreeHead extends TreeHead {
  /** Base64 Ed25519 signature over headBytes(head). */
  readonly signature: string;
  readonly keyId: string;
}

/** What is signed: the UTF-8 RFC 8785 canonical JSON of exactly {treeSize, rootHash, timestamp}. */
export function headBytes({ treeSize, rootHash, timestamp }: TreeHead): Buffer {
  return Buffer.from(canonicalJson({ treeSize, rootHash, timestamp }), 'utf8');
}

export function signHead(head: TreeHead, privateKey: KeyObject): string {
  return sign(null, headBytes(head), privateKey).toString('base64');
}

/** Ed25519 verification of a head signature; false (never a throw) for any malformed input. */
export function verifyHead(head: TreeHead, signature: string, publicKey: KeyObject): boolean {
  try {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return false;
    return verify(null, headBytes(head), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * verifyHead on libuv's thread pool: for many heads at once (a full verification), the signatures are
 * checked while the main thread does other work. Same answers as verifyHead.
 */
export function verifyHeadAsync(head: TreeHead, signature: string, publicKey: KeyObject): Promise<boolean> {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return Promise.resolve(false);
  return new Promise((resolve) => {
    try {
      verify(null, headBytes(head), publicKey, Buffer.from(signature, 'base64'), (error, ok) =>
        resolve(!error && ok),
      );
    } catch {
      resolve(false);
    }
  });
}

/** A stable id for a public key: the first 16 hex digits of SHA-256 over its SPKI DER encoding. */
export function keyIdOf(publicKey: KeyObject): string {
  return `ed25519-${createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16)}`;
}

const RAW_ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * An Ed25519 public key from PEM (SPKI), a JWK ({kty: "OKP", crv: "Ed25519", x}) or 32 raw bytes in
 * base64 or hex. Throws a TypeError naming what is wrong for anything else (another key type included).
 */
export function parsePublicKey(input: unknown): KeyObject {
  refusePrivate(input);
  let key: KeyObject;
  try {
    if (typeof input === 'string' && input.includes('-----BEGIN')) key = createPublicKey(input);
    else if (typeof input === 'object' && input !== null)
      key = createPublicKey({ key: input as never, format: 'jwk' });
    else if (typeof input === 'string')
      key = createPublicKey({
        key: Buffer.concat([RAW_ED25519_SPKI_PREFIX, rawBytes(input)]),
        format: 'der',
        type: 'spki',
      });
    else throw new TypeError('must be a PEM string, a JWK object or 32 raw bytes in base64 or hex');
  } catch (error) {
    throw error instanceof TypeError && /must be/.test(error.message)
      ? error
      : new TypeError('is not a readable public key (PEM, JWK or raw Ed25519)');
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new TypeError(`must be an Ed25519 key, not ${key.asymmetricKeyType}`);
  return key;
}

/**
 * A private key is never taken for a public one (createPublicKey would derive one from it): whoever sent
 * it has disclosed a secret, and must be told so rather than have it stored.
 */
function refusePrivate(input: unknown): void {
  const pem = typeof input === 'string' && /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(input);
  const jwk = typeof input === 'object' && input !== null && 'd' in input;
  if (pem || jwk)
    throw new TypeError(
      'is a private key: send only the public key, ' +
        'and replace this key pair, since its secret has left your hands',
    );
}

function rawBytes(text: string): Buffer {
  const bytes = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (bytes.length !== 32) throw new TypeError('must be 32 raw bytes (base64 or hex) when not PEM or JWK');
  return bytes;
}
