import { generateKeyPairSync } from 'node:crypto';
import { headBytes, keyIdOf, parsePublicKey, signHead, verifyHead } from './signed-head';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const head = { treeSize: 42, rootHash: 'ab'.repeat(32), timestamp: '2026-11-24T10:00:00.000Z' };

describe('signed tree heads', () => {
  it('signs exactly the canonical JSON of treeSize, rootHash and timestamp', () => {
    expect(headBytes({ ...head, extra: 'ignored' } as never).toString('utf8')).toBe(
      `{"rootHash":"${'ab'.repeat(32)}","timestamp":"2026-11-24T10:00:00.000Z","treeSize":42}`,
    );
  });

  it('verifies its own signature and rejects any change to the head, the signature or the key', () => {
    const signature = signHead(head, privateKey);
    expect(verifyHead(head, signature, publicKey)).toBe(true);
    expect(verifyHead({ ...head, treeSize: 43 }, signature, publicKey)).toBe(false);
    expect(verifyHead({ ...head, rootHash: 'ac'.repeat(32) }, signature, publicKey)).toBe(false);
    expect(verifyHead({ ...head, timestamp: '2026-11-24T10:00:00.001Z' }, signature, publicKey)).toBe(false);
    const bytes = Buffer.from(signature, 'base64');
    bytes[10] ^= 1;
    expect(verifyHead(head, bytes.toString('base64'), publicKey)).toBe(false);
    expect(verifyHead(head, 'not base64!', publicKey)).toBe(false);
    expect(verifyHead(head, signature, generateKeyPairSync('ed25519').publicKey)).toBe(false);
  });

  it('reads a public key as PEM, JWK or 32 raw bytes, and names the key by its SPKI hash', () => {
    const pem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const jwk = publicKey.export({ format: 'jwk' });
    const raw = Buffer.from(jwk.x as string, 'base64url');
    const ids = [
      parsePublicKey(pem),
      parsePublicKey(jwk),
      parsePublicKey(raw.toString('base64')),
      parsePublicKey(raw.toString('hex')),
    ].map(keyIdOf);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toMatch(/^ed25519-[0-9a-f]{16}$/);
  });

  it('refuses keys that are not Ed25519 or not keys at all', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({
      type: 'spki',
      format: 'pem',
    });
    expect(() => parsePublicKey(rsa)).toThrow('must be an Ed25519 key, not rsa');
    expect(() => parsePublicKey('hello')).toThrow(TypeError);
    expect(() => parsePublicKey(Buffer.alloc(31).toString('base64'))).toThrow('32 raw bytes');
    expect(() => parsePublicKey(42)).toThrow(TypeError);
  });
});
