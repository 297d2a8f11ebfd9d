import { KeyRotation, KeyRotationBody, signRotation } from '@ledger/verification';
import { ledgerKeyOf } from '../key-history';
import { KeyMaterial, publicPem } from '../signing-key';

/** The rotation cannot be recorded as asked; the message says why and what to do instead. */
export class RotationRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RotationRefused';
  }
}

export interface RotationInput {
  readonly chain: readonly KeyRotation[];
  readonly newestHead: { keyId: string; treeSize: number } | undefined;
  /** The configured key (LEDGER_SIGNING_KEY or the data directory's file), if there is one. */
  readonly oldKey: KeyMaterial | undefined;
  readonly newKey: KeyMaterial;
  readonly oldKeyLost: boolean;
  readonly now: string;
}

/**
 * The rotation to record, decided from what the database holds (read under the signing-key lock).
 *
 * Constraints: the old key must be the ledger's current key and signs the rotation, unless the operator
 * says it is lost (then the link is unendorsed and partners must compare the new key out of band); the
 * new key was never the ledger's; `treeSize` is the largest signed head, so every head the old key
 * signed is within it and none is signed by it after.
 */
export function planRotation(input: RotationInput): KeyRotation {
  const { chain, newestHead, oldKey, newKey, oldKeyLost, now } = input;
  const ledger = ledgerKeyOf(chain, newestHead);
  if (!ledger) {
    throw new RotationRefused(
      'the ledger has signed no head yet, so any key is accepted at start-up: replace the ' +
        "key (LEDGER_SIGNING_KEY or the data directory's signing-key.pem) instead of rotating",
    );
  }
  checkOldKey(ledger.keyId, oldKey, oldKeyLost);
  const used = new Set([ledger.keyId, ...chain.flatMap((r) => [r.previousKeyId, r.keyId])]);
  if (used.has(newKey.keyId)) {
    throw new RotationRefused(
      `the new key ${newKey.keyId} was the ledger's key before: give a key never used ` +
        '(or none, to generate one)',
    );
  }
  const body: KeyRotationBody = {
    previousKeyId: ledger.keyId,
    keyId: newKey.keyId,
    publicKey: publicPem(newKey.publicKey),
    rotatedAt: now,
    treeSize: newestHead?.treeSize ?? 0,
  };
  return { ...body, signature: oldKeyLost ? null : signRotation(body, oldKey!.privateKey) };
}

function checkOldKey(ledgerKeyId: string, oldKey: KeyMaterial | undefined, oldKeyLost: boolean): void {
  const isLedgers = oldKey?.keyId === ledgerKeyId;
  const orLost = 'or, only if it is lost for good, run with --old-key-lost';
  if (oldKeyLost && isLedgers) {
    throw new RotationRefused(
      `the ledger's key ${ledgerKeyId} is not lost: it is in ${oldKey!.source}. Rotate ` +
        'without --old-key-lost, so that it endorses the new key and partners follow on their own',
    );
  }
  if (oldKeyLost) return;
  if (!oldKey) {
    throw new RotationRefused(
      `the ledger's key ${ledgerKeyId} is neither in LEDGER_SIGNING_KEY nor in the data ` +
        `directory: restore it from your backup first, ${orLost}`,
    );
  }
  if (!isLedgers) {
    throw new RotationRefused(
      `the key in ${oldKey.source} is ${oldKey.keyId}, not the ledger's key ` +
        `${ledgerKeyId}: restore ${ledgerKeyId} from your backup first, ${orLost}`,
    );
  }
}
