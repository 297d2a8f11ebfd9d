import { KeyRotation } from '@ledger/verification';
import { DataSource } from 'typeorm';
import { SIGNING_KEY_LOCK } from '../../database/migrations/1764000000003-key-rotations';
import { KeyRotationEntity } from '../entities';
import { newestHead, readChain, recordPublicKey } from '../key-history';

/**
 * Records a rotation in one transaction under the signing-key lock, which every head insert also takes
 * (its trigger): the chain and the largest head are read after the lock is held (READ COMMITTED gives
 * each query a fresh snapshot), so no head signed by the old key can commit beyond the recorded
 * tree size, and a second rotation run at the same time sees this one.
 */
export async function recordRotation(
  database: DataSource,
  decide: (chain: KeyRotation[], head: { keyId: string; treeSize: number } | undefined) => KeyRotation,
  oldKey?: { readonly keyId: string; readonly publicKeyPem: string },
): Promise<KeyRotation> {
  return database.transaction(async (manager) => {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [SIGNING_KEY_LOCK]);
    const chain = await readChain(manager);
    const rotation = decide(chain, await newestHead(manager));
    await manager.insert(KeyRotationEntity, { seq: chain.length + 1, ...rotation });
    // The retiring key's public key, for verify to check its heads later (a process records it at start
    // too; this covers a ledger whose processes never started with this version).
    if (oldKey?.keyId === rotation.previousKeyId) {
      await recordPublicKey(manager, oldKey.keyId, oldKey.publicKeyPem);
    }
    return rotation;
  });
}
