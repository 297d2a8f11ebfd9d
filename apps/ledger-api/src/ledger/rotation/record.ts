import { KeyRotation } from '@ledger/verification';
import { DataSource } from 'typeorm';
import { SIGNING_KEY_LOCK } from '../../database/migrations/1764000000003-key-rotations';
import { KeyRotationEntity } from '../entities';
import { newestHead, readChain } from '../key-history';

/**
 * Records a rotation in one transaction under the signing-key lock, which every head insert also takes
 * (its trigger): the chain and the largest head are read after the lock is held (READ COMMITTED gives
 * each query a fresh snapshot), so no head signed by the old key can commit beyond the recorded
 * tree size, and a second rotation run at the same time sees this one.
 */
export async function recordRotation(
  database: DataSource,
  decide: (chain: KeyRotation[], head: { keyId: string; treeSize: number } | undefined) => KeyRotation,
): Promise<KeyRotation> {
  return database.transaction(async (manager) => {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [SIGNING_KEY_LOCK]);
    const chain = await readChain(manager);
    const rotation = decide(chain, await newestHead(manager));
    await manager.insert(KeyRotationEntity, { seq: chain.length + 1, ...rotation });
    return rotation;
  });
}
