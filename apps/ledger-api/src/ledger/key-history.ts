import { KeyRotation } from '@ledger/verification';
import { EntityManager } from 'typeorm';
import { KeyRotationEntity, LedgerPublicKeyEntity, SignedHeadEntity } from './entities';

/**
 * What the ledger's database says about its signing key, read the same way by the start-up check, the
 * public key-rotations route and the rotation command.
 */
export interface LedgerKey {
  readonly keyId: string;
  /** Where that comes from, in words for an operator. */
  readonly evidence: string;
}

/** The recorded rotations, oldest first: the chain partners follow. */
export async function readChain(manager: EntityManager): Promise<KeyRotation[]> {
  const rows = await manager.find(KeyRotationEntity, { order: { seq: 'ASC' } });
  return rows.map(({ previousKeyId, keyId, publicKey, rotatedAt, treeSize, signature }) => ({
    previousKeyId,
    keyId,
    publicKey,
    rotatedAt,
    treeSize,
    signature,
  }));
}

export interface HeadKey {
  readonly keyId: string;
  readonly treeSize: number;
}

export async function newestHead(manager: EntityManager): Promise<HeadKey | undefined> {
  const [head] = await manager.find(SignedHeadEntity, { order: { treeSize: 'DESC' }, take: 1 });
  return head && { keyId: head.keyId, treeSize: head.treeSize };
}

/**
 * The key the ledger's heads are signed by: the newest rotation's, else the newest head's; undefined
 * for a ledger that never signed anything (it accepts any key). The trigger of migration
 * 1764000000003 applies the same rule to every head insert.
 */
export function ledgerKeyOf(chain: readonly KeyRotation[], head: HeadKey | undefined): LedgerKey | undefined {
  const rotation = chain.at(-1);
  if (rotation) {
    return { keyId: rotation.keyId, evidence: `the newest key rotation, at tree size ${rotation.treeSize}` };
  }
  return head && { keyId: head.keyId, evidence: `the newest signed head, of tree size ${head.treeSize}` };
}

/** The public keys the ledger recorded, by key id (migration 1764000000004). */
export async function readPublicKeys(manager: EntityManager): Promise<Map<string, string>> {
  const rows = await manager.find(LedgerPublicKeyEntity);
  return new Map(rows.map((r) => [r.keyId, r.publicKey]));
}

/**
 * Records a key the ledger signs with; a key already recorded is left as it is (the table is append-only).
 */
export async function recordPublicKey(
  manager: EntityManager,
  keyId: string,
  publicKey: string,
): Promise<void> {
  const insert = manager.createQueryBuilder().insert().into(LedgerPublicKeyEntity);
  await insert.values({ keyId, publicKey }).orIgnore().execute();
}
