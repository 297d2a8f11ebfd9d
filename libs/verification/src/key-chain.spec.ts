import { KeyObject, generateKeyPairSync } from 'node:crypto';
import { TrustedKey, followRotations, keyForHead } from './key-chain';
import { KeyRotation, KeyRotationBody, rotationBytes, signRotation } from './key-rotation';
import { keyIdOf } from './signed-head';

/** Keys rotated K0 → K1 → K2; a partner pinned K0. Pure: real Ed25519 keys, nothing faked. */
const pair = () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    privateKey,
    keyId: keyIdOf(publicKey),
    pem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
  };
};
const [k0, k1, k2] = [pair(), pair(), pair()];
const pinned: TrustedKey[] = [{ keyId: k0.keyId, publicKey: k0.pem, trustedBy: 'pinned' }];

function rotation(
  from: { keyId: string },
  to: ReturnType<typeof pair>,
  treeSize: number,
  signer?: KeyObject,
): KeyRotation {
  const body: KeyRotationBody = {
    previousKeyId: from.keyId,
    keyId: to.keyId,
    publicKey: to.pem,
    rotatedAt: '2026-12-01T10:00:00.000Z',
    treeSize,
  };
  return { ...body, signature: signer ? signRotation(body, signer) : null };
}

describe('following the ledger’s key rotations', () => {
  it('signs exactly the canonical JSON of the five fields', () => {
    const r = rotation(k0, k1, 7, k0.privateKey);
    expect(rotationBytes({ ...r, extra: 1 } as never).toString('utf8')).toBe(
      `{"keyId":"${k1.keyId}","previousKeyId":"${k0.keyId}","publicKey":${JSON.stringify(k1.pem)},` +
        `"rotatedAt":"2026-12-01T10:00:00.000Z","treeSize":7}`,
    );
  });

  it(
    'given endorsed links, when followed from the pinned key, ' +
      'then every key is trusted with its retirement size',
    () => {
      const chain = [rotation(k0, k1, 7, k0.privateKey), rotation(k1, k2, 9, k1.privateKey)];
      const { keys, followed } = followRotations(pinned, chain);
      expect(keys.map((k) => [k.keyId, k.untilTreeSize, k.trustedBy])).toEqual([
        [k0.keyId, 7, 'pinned'],
        [k1.keyId, 9, 'endorsed'],
        [k2.keyId, undefined, 'endorsed'],
      ]);
      expect(followed).toEqual(chain);
      expect(keyForHead(keys, { treeSize: 12, keyId: k2.keyId }).keyId).toBe(k2.keyId);
      expect(keyForHead(keys, { treeSize: 7, keyId: k0.keyId }).keyId).toBe(k0.keyId);
    },
  );

  it('given a partner already on K1, then only the later links are followed', () => {
    const chain = [rotation(k0, k1, 7, k0.privateKey), rotation(k1, k2, 9, k1.privateKey)];
    const onK1: TrustedKey[] = [{ keyId: k1.keyId, publicKey: k1.pem, trustedBy: 'pinned' }];
    expect(followRotations(onK1, chain).followed).toEqual([chain[1]]);
  });

  it('refuses a head signed by a retired key beyond the size it was retired at', () => {
    const { keys } = followRotations(pinned, [rotation(k0, k1, 7, k0.privateKey)]);
    expect(() => keyForHead(keys, { treeSize: 8, keyId: k0.keyId })).toThrow(
      expect.objectContaining({ problem: 'retired' }),
    );
  });

  it('refuses a head signed by a key no endorsed rotation reaches', () => {
    expect(() => keyForHead(pinned, { treeSize: 3, keyId: k1.keyId })).toThrow(
      expect.objectContaining({ problem: 'unreached' }),
    );
  });

  it('refuses a link signed by the new key instead of the old one', () => {
    expect(() => followRotations(pinned, [rotation(k0, k1, 7, k1.privateKey)])).toThrow(
      expect.objectContaining({ problem: 'forged' }),
    );
  });

  it('refuses an unendorsed link unless its new key was accepted out of band', () => {
    const lost = [rotation(k0, k1, 7)];
    expect(() => followRotations(pinned, lost)).toThrow(expect.objectContaining({ problem: 'unendorsed' }));
    expect(() => followRotations(pinned, lost, k2.keyId)).toThrow(
      expect.objectContaining({ problem: 'unendorsed' }),
    );
    expect(followRotations(pinned, lost, k1.keyId).keys.at(-1)).toMatchObject({
      keyId: k1.keyId,
      trustedBy: 'accepted',
    });
  });

  it('refuses a forked history, a key id that is not its key’s, a link back in time and a cycle', () => {
    const fork = [rotation(k0, k1, 7, k0.privateKey), rotation(k0, k2, 7, k0.privateKey)];
    expect(() => followRotations(pinned, fork)).toThrow(/forked/);
    const lying = { ...rotation(k0, k1, 7, k0.privateKey), keyId: k2.keyId };
    expect(() => followRotations(pinned, [lying])).toThrow(expect.objectContaining({ problem: 'broken' }));
    const back = [rotation(k0, k1, 7, k0.privateKey), rotation(k1, k2, 6, k1.privateKey)];
    expect(() => followRotations(pinned, back)).toThrow(/goes back/);
    const cycle = [rotation(k0, k1, 7, k0.privateKey), rotation(k1, k0, 8, k1.privateKey)];
    expect(() => followRotations(pinned, cycle)).toThrow(/returns to a key used before/);
  });
});
