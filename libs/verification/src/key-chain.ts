import { KeyRotation, keyIdOfPem, verifyRotation } from './key-rotation';
import { parsePublicKey } from './signed-head';

/**
 * A key a partner trusts to sign the ledger's heads, in the order they were trusted: the pinned one
 * first, then each one reached through a rotation.
 */
export interface TrustedKey {
  readonly keyId: string;
  /** SPKI PEM (or any form parsePublicKey reads). */
  readonly publicKey: string;
  /** Set once the key was rotated away: the largest tree size it may have signed. */
  readonly untilTreeSize?: number;
  /** pinned: by the partner; endorsed: by the previous key's signature; accepted: compared out of band. */
  readonly trustedBy: 'pinned' | 'endorsed' | 'accepted';
}

export type KeyChainProblem = 'unendorsed' | 'forged' | 'broken' | 'unreached' | 'retired';

export class KeyChainError extends Error {
  constructor(
    readonly problem: KeyChainProblem,
    message: string,
    /** The key the failing link or head names. */
    readonly keyId?: string,
  ) {
    super(message);
    this.name = 'KeyChainError';
  }
}

/**
 * Follows the ledger's rotations forward from the newest trusted key, each link checked with the key
 * before it. Returns every trusted key (the old ones with the tree size they were retired at) and the
 * links followed.
 *
 * Guarantees: a key is trusted only through an unbroken chain of links, each signed by the key before
 * it; an unendorsed link only when its new key is `acceptKeyId` (compared out of band); no key twice;
 * never a fork. Throws KeyChainError saying which link failed and why.
 */
export function followRotations(
  trusted: readonly TrustedKey[],
  rotations: readonly KeyRotation[],
  acceptKeyId?: string,
): { keys: TrustedKey[]; followed: KeyRotation[] } {
  const keys = [...trusted];
  const followed: KeyRotation[] = [];
  for (let current = keys.at(-1)!; ; current = keys.at(-1)!) {
    const links = rotations.filter((r) => r.previousKeyId === current.keyId);
    if (links.length === 0) return { keys, followed };
    if (links.length > 1) {
      const forked =
        `the ledger shows ${links.length} different rotations from ${current.keyId}: its key history ` +
        `is forked`;
      throw new KeyChainError('broken', forked);
    }
    const link = links[0];
    checkLink(link, current, keys, acceptKeyId);
    keys[keys.length - 1] = { ...current, untilTreeSize: link.treeSize };
    keys.push({
      keyId: link.keyId,
      publicKey: link.publicKey,
      trustedBy: link.signature === null ? 'accepted' : 'endorsed',
    });
    followed.push(link);
  }
}

function checkLink(
  link: KeyRotation,
  current: TrustedKey,
  keys: readonly TrustedKey[],
  acceptKeyId?: string,
): void {
  const name = `the rotation from ${current.keyId} to ${link.keyId} at tree size ${link.treeSize}`;
  if (keyIdOfPem(link.publicKey) !== link.keyId) {
    throw new KeyChainError('broken', `${name} carries a public key whose id is not ${link.keyId}`);
  }
  if (keys.some((k) => k.keyId === link.keyId))
    throw new KeyChainError('broken', `${name} returns to a key used before`);
  const floor = keys.at(-2)?.untilTreeSize ?? 0;
  if (!Number.isSafeInteger(link.treeSize) || link.treeSize < floor) {
    throw new KeyChainError('broken', `${name} goes back before the previous rotation (tree size ${floor})`);
  }
  if (link.signature === null) {
    if (acceptKeyId === link.keyId) return;
    const lost = 'the operator replaced the key without the old one (recorded as lost)';
    throw new KeyChainError('unendorsed', `${name} is NOT signed by ${current.keyId}: ${lost}`, link.keyId);
  }
  if (!verifyRotation(link, parsePublicKey(current.publicKey))) {
    throw new KeyChainError(
      'forged',
      `${name} is not signed by ${current.keyId}: its signature does not verify`,
    );
  }
}

/**
 * The trusted key a head must be signed by. Constraint: a retired key vouches only for tree sizes up
 * to the rotation that retired it, so a stolen old key cannot sign the ledger's future.
 */
export function keyForHead(
  keys: readonly TrustedKey[],
  head: { readonly treeSize: number; readonly keyId: string },
): TrustedKey {
  const key = keys.find((k) => k.keyId === head.keyId);
  const signed = `the head of tree size ${head.treeSize} is signed by ${head.keyId}`;
  if (!key) {
    const pinned = keys.at(-1)!.keyId;
    throw new KeyChainError(
      'unreached',
      `${signed}, which is not the pinned key ${pinned} and no rotation signed by it leads there`,
    );
  }
  if (key.untilTreeSize !== undefined && head.treeSize > key.untilTreeSize) {
    throw new KeyChainError('retired', `${signed}, which was retired at tree size ${key.untilTreeSize}`);
  }
  return key;
}
