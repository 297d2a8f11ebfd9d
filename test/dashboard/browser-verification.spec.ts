import { generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { canonicalJson, headBytes, keyIdOf as auditorKeyIdOf, leafHash } from '@ledger/verification';
import { goldenFile } from '../golden/golden-dir';
import { importEd25519, keyIdOf, utf8, verifyEd25519 } from '../../apps/dashboard/src/verify/crypto';
import { leafHashOf, verifyInclusion } from '../../apps/dashboard/src/verify/merkle';

/**
 * The dashboard's verification code (Web Crypto, as in the browser; Node has the same API) checked
 * against the reference vectors and against the auditor's own functions: the two verifiers must agree.
 */
const vectors = JSON.parse(readFileSync(goldenFile('merkle-vectors.json'), 'utf8')) as {
  leafHashes: string[];
  roots: Record<string, string>;
  inclusion: { leafIndex: number; treeSize: number; auditPath: string[] }[];
};

describe('the dashboard’s inclusion-proof check', () => {
  it.each(vectors.inclusion)('accepts the reference proof of leaf $leafIndex in $treeSize', async (proof) => {
    const { leafIndex, treeSize, auditPath } = proof;
    const root = vectors.roots[treeSize];
    await expect(
      verifyInclusion(leafIndex, treeSize, vectors.leafHashes[leafIndex], auditPath, root),
    ).resolves.toBe(true);
  });

  it('rejects every reference proof for another leaf, another size, an altered element or a wrong root', async () => {
    for (const { leafIndex, treeSize, auditPath } of vectors.inclusion) {
      const root = vectors.roots[treeSize];
      const other = vectors.leafHashes[(leafIndex + 1) % vectors.leafHashes.length];
      if (other !== vectors.leafHashes[leafIndex] && treeSize > 1)
        await expect(verifyInclusion(leafIndex, treeSize, other, auditPath, root)).resolves.toBe(false);
      // The same proof against the next tree's root: the size decides the walk, the root the answer.
      const next = vectors.roots[treeSize + 1];
      if (next)
        await expect(
          verifyInclusion(leafIndex, treeSize + 1, vectors.leafHashes[leafIndex], auditPath, next),
        ).resolves.toBe(false);
      await expect(
        verifyInclusion(
          leafIndex,
          treeSize,
          vectors.leafHashes[leafIndex],
          auditPath,
          vectors.roots['1'] === root ? vectors.roots['2'] : vectors.roots['1'],
        ),
      ).resolves.toBe(false);
      if (auditPath.length > 0) {
        const altered = [
          `${auditPath[0][0] === '0' ? '1' : '0'}${auditPath[0].slice(1)}`,
          ...auditPath.slice(1),
        ];
        await expect(
          verifyInclusion(leafIndex, treeSize, vectors.leafHashes[leafIndex], altered, root),
        ).resolves.toBe(false);
      }
    }
    await expect(verifyInclusion(0, 1, 'not hex', [], vectors.roots['1'])).resolves.toBe(false);
  });

  it('hashes an event’s leaf exactly as the auditor does, unicode and nesting included', async () => {
    const event = {
      position: 7,
      partnershipId: 'nw-contoso',
      version: 3,
      eventId: 'e-1',
      type: 'deal.registered',
      occurredAt: '2026-01-02T09:00:00.000Z',
      recordedAt: '2026-01-02T09:00:01.000Z',
      recordedBy: 'northwind',
      data: { dealId: 'D1', amount: '1250.00', note: 'Zürich — ☃', nested: { z: 1, a: [2, 1e21, 0.5] } },
    };
    await expect(leafHashOf(event)).resolves.toBe(leafHash(event));
  });
});

describe('the dashboard’s signature checks', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const head = { treeSize: 42, rootHash: 'ab'.repeat(32), timestamp: '2026-12-03T20:00:00.000Z' };
  const signature = sign(null, headBytes(head), privateKey).toString('base64');
  const signed = utf8(canonicalJson(head));

  it('verifies a head signed by the ledger’s key, from its JWK and from its PEM, with the same key id', async () => {
    const fromJwk = await importEd25519(publicKey.export({ format: 'jwk' }));
    const fromPem = await importEd25519(publicKey.export({ type: 'spki', format: 'pem' }) as string);
    await expect(verifyEd25519(fromJwk, signature, signed)).resolves.toBe(true);
    await expect(verifyEd25519(fromPem, signature, signed)).resolves.toBe(true);
    await expect(keyIdOf(fromJwk)).resolves.toBe(auditorKeyIdOf(publicKey));
  });

  it('refuses an altered head, an altered or malformed signature, and another key', async () => {
    const key = await importEd25519(publicKey.export({ format: 'jwk' }));
    const other = await importEd25519(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }));
    await expect(verifyEd25519(key, signature, utf8(canonicalJson({ ...head, treeSize: 43 })))).resolves.toBe(
      false,
    );
    await expect(
      verifyEd25519(key, `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`, signed),
    ).resolves.toBe(false);
    await expect(verifyEd25519(key, 'not base64!', signed)).resolves.toBe(false);
    await expect(verifyEd25519(key, signature.slice(4), signed)).resolves.toBe(false);
    await expect(verifyEd25519(other, signature, signed)).resolves.toBe(false);
  });
});
