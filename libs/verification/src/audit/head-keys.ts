import { KeyObject } from 'node:crypto';
import { KeyChainError, TrustedKey, keyForHead } from '../key-chain';
import { KeyRotation, keyIdOfPem, verifyRotation } from '../key-rotation';
import { SignedTreeHead, parsePublicKey, verifyHead, verifyHeadAsync } from '../signed-head';
import { AuditProblem, headProblem } from './problems';

/** A key the ledger signed heads with, and the tree sizes it may have signed (keyForHead's rule). */
export interface LedgerSigningKey {
  readonly keyId: string;
  /** SPKI PEM; undefined when the ledger did not record it (a key rotated away before keys were recorded). */
  readonly publicKey?: string;
  /** Set once the key was rotated away: the largest tree size it may have signed. */
  readonly untilTreeSize?: number;
}

export type HeadVerdict = { readonly ok: true } | { readonly ok: false; readonly problem?: AuditProblem };

/**
 * Which key must have signed which stored head, and whether it did. The ledger's keys are its first key,
 * then each rotation's: a head must be signed by the key of its keyId, within that key's tree sizes
 * (a retired key signs nothing beyond its rotation), and its signature must verify over its fields.
 *
 * Guarantees: a head is evidence (ok) only if its signature verifies with the ledger's key for its size;
 * a head signed by a key whose public key the ledger never recorded is neither evidence nor a problem
 * (counted as unchecked). Each public key is parsed once, whatever the number of heads.
 */
export class HeadKeys {
  private readonly parsed = new Map<string, KeyObject | undefined>();
  private readonly chain: TrustedKey[];
  /** Signatures checked ahead by prepare(), by head (the very objects judge() then receives). */
  private readonly checked = new WeakMap<SignedTreeHead, boolean>();
  unchecked = 0;

  constructor(keys: readonly LedgerSigningKey[]) {
    // keyForHead's rule (a key signs only up to its rotation) on the ledger's own chain of keys.
    this.chain = keys.map(({ keyId, publicKey, untilTreeSize }) => ({
      keyId,
      publicKey: publicKey ?? '',
      untilTreeSize,
      trustedBy: 'endorsed',
    }));
    for (const { keyId, publicKey } of keys) {
      this.parsed.set(keyId, publicKey === undefined ? undefined : parsePublicKey(publicKey));
    }
  }

  /**
   * Checks these heads' signatures ahead of judge(), on libuv's thread pool (verifyHeadAsync), so that a
   * caller reading the next page meanwhile has them checked by the time they are judged.
   */
  async prepare(heads: readonly SignedTreeHead[]): Promise<void> {
    await Promise.all(
      heads.map(async (head) => {
        const publicKey = this.keyOf(head);
        if (publicKey) this.checked.set(head, await verifyHeadAsync(head, head.signature, publicKey));
      }),
    );
  }

  private keyOf(head: SignedTreeHead): KeyObject | undefined {
    try {
      return this.parsed.get(keyForHead(this.chain, head).keyId);
    } catch {
      return undefined;
    }
  }

  judge(head: SignedTreeHead, treeRoot: () => string): HeadVerdict {
    let key: TrustedKey;
    try {
      key = keyForHead(this.chain, head);
    } catch (error) {
      if (!(error instanceof KeyChainError)) throw error;
      return { ok: false, problem: headProblem('head-key', head.treeSize, keyMessage(head, error)) };
    }
    const publicKey = this.parsed.get(key.keyId);
    if (!publicKey) {
      this.unchecked += 1;
      return { ok: false };
    }
    const signed = this.checked.get(head) ?? verifyHead(head, head.signature, publicKey);
    this.checked.delete(head);
    if (signed) return { ok: true };
    const matches = treeRoot() === head.rootHash;
    const root = matches ? 'its root still matches the tree' : 'its root differs from it too';
    const problem =
      `the stored head of tree size ${head.treeSize} does not verify with its key ${key.keyId}: its ` +
      `signature, root or timestamp was changed in ledger_heads (${root})`;
    return { ok: false, problem: headProblem('head-signature', head.treeSize, problem) };
  }
}

function keyMessage(head: SignedTreeHead, error: KeyChainError): string {
  if (error.problem === 'retired')
    return `${error.message}: a retired key signs no later head (ledger_heads changed?)`;
  const keyId = JSON.stringify(head.keyId).slice(0, 80);
  const named = `the stored head of tree size ${head.treeSize} names the key ${keyId}`;
  return `${named}, which is not one of the ledger's signing keys (its first key or one of its rotations)`;
}

/**
 * The ledger's signing keys in order, from its first key and its recorded rotations, and the problems
 * of the rotations themselves: each must carry the key its keyId names and, unless recorded as
 * unendorsed (its previous key lost), be signed by the key before it.
 *
 * `publicKeys` holds the public keys the ledger recorded (by keyId), which the first key's comes from;
 * without it, the first key's heads are left unchecked (HeadKeys).
 */
export function ledgerKeys(
  firstKeyId: string,
  rotations: readonly KeyRotation[],
  publicKeys: ReadonlyMap<string, string>,
): { keys: LedgerSigningKey[]; problems: AuditProblem[] } {
  const keys: LedgerSigningKey[] = [{ keyId: firstKeyId, publicKey: recorded(firstKeyId, publicKeys) }];
  const problems: AuditProblem[] = [];
  for (const rotation of rotations) {
    const previous = keys.at(-1)!;
    keys[keys.length - 1] = { ...previous, untilTreeSize: rotation.treeSize };
    const problem = rotationProblem(rotation, previous);
    const { treeSize } = rotation;
    if (problem) problems.push({ position: treeSize, problem, kind: 'key-rotation', treeSize });
    const valid = keyIdOfPem(rotation.publicKey) === rotation.keyId;
    keys.push({ keyId: rotation.keyId, publicKey: valid ? rotation.publicKey : undefined });
  }
  return { keys, problems };
}

function recorded(keyId: string, publicKeys: ReadonlyMap<string, string>): string | undefined {
  const pem = publicKeys.get(keyId);
  return pem !== undefined && keyIdOfPem(pem) === keyId ? pem : undefined;
}

function rotationProblem(rotation: KeyRotation, previous: LedgerSigningKey): string | undefined {
  const { previousKeyId, keyId, treeSize } = rotation;
  const name = `the key rotation from ${previousKeyId} to ${keyId} at tree size ${treeSize}`;
  if (previousKeyId !== previous.keyId) return `${name} does not follow the ledger's key ${previous.keyId}`;
  if (keyIdOfPem(rotation.publicKey) !== keyId)
    return `${name} carries a public key whose id is not ${keyId}`;
  // Unendorsed (null): the operator recorded the previous key as lost; partners compare it out of band.
  if (rotation.signature === null || previous.publicKey === undefined) return undefined;
  const endorsed = verifyRotation(rotation, parsePublicKey(previous.publicKey));
  return endorsed ? undefined : `${name} is not signed by ${previous.keyId}`;
}
