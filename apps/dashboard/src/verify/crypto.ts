/**
 * The browser's own cryptography (Web Crypto): SHA-256 and Ed25519. Nothing here trusts the server's
 * word: keys are imported from their bytes and every check recomputes.
 */
export type Bytes = Uint8Array<ArrayBuffer>;

export const utf8 = (text: string): Bytes => new TextEncoder().encode(text);

export function fromHex(hex: string): Bytes | null {
  if (!/^([0-9a-fA-F]{2})*$/.test(hex)) return null;
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

export const toHex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

export function fromBase64(text: string): Bytes | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return null;
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return null; // a length atob refuses
  }
}

export async function sha256(...parts: Uint8Array[]): Promise<Bytes> {
  const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', joined));
}

/** Said instead of a bare DOMException where a browser's Web Crypto has no Ed25519 yet. */
export const NO_ED25519 =
  'this browser’s Web Crypto cannot verify Ed25519 (Chromium 137, Firefox 129, Safari 17 and later can); ' +
  'use a current browser, or verify with `npx ledger`';

/** An Ed25519 public key from SPKI PEM (as the API lists witness keys) or a JWK (the ledger's key). */
export async function importEd25519(key: string | JsonWebKey): Promise<CryptoKey> {
  return importKey(key).catch((error: unknown) => {
    throw error instanceof DOMException && error.name === 'NotSupportedError' ? new Error(NO_ED25519) : error;
  });
}

async function importKey(key: string | JsonWebKey): Promise<CryptoKey> {
  if (typeof key !== 'string')
    return crypto.subtle.importKey('jwk', key, { name: 'Ed25519' }, true, ['verify']);
  const der = fromBase64(key.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''));
  if (!der) throw new TypeError('not a PEM public key');
  return crypto.subtle.importKey('spki', der, { name: 'Ed25519' }, true, ['verify']);
}

/** The ledger's key id: `ed25519-` and the first 16 hex digits of SHA-256 over the key's SPKI bytes. */
export async function keyIdOf(key: CryptoKey): Promise<string> {
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', key));
  return `ed25519-${toHex(await sha256(spki)).slice(0, 16)}`;
}

/** False, never a throw, for a malformed signature. */
export async function verifyEd25519(key: CryptoKey, signature: string, message: Bytes): Promise<boolean> {
  const bytes = fromBase64(signature);
  if (!bytes || bytes.length !== 64) return false;
  return crypto.subtle.verify({ name: 'Ed25519' }, key, bytes, message).catch(() => false);
}
