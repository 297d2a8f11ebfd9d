import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectEntityManager } from '@nestjs/typeorm';
import { KeyRotation } from '@ledger/verification';
import { EntityManager } from 'typeorm';
import { SigningKeyMismatch } from './key-errors';
import { LedgerKey, ledgerKeyOf, newestHead, readChain, recordPublicKey } from './key-history';
import { KeyMaterial, SigningKey } from './signing-key';

/** The command that replaces the key on purpose (package.json, rotate-signing-key.ts). */
export const ROTATE_COMMAND = 'npm run rotate-signing-key';

/**
 * Refuses to start on a foreign key: a restore without the key, or another host's LEDGER_SIGNING_KEY,
 * would otherwise sign new heads that every partner's `ledger verify` rejects ("not signed by the pinned
 * key"), while the server's own verify still says ok. Runs at init, so before the process listens.
 *
 * Guarantees: a process whose key is not the ledger's (ledgerKeyOf) never serves; a ledger that has
 * signed nothing accepts any key. The head-insert trigger (migration 1764000000003) is the second half
 * of this pair: it holds the same rule for processes already running when a rotation happens.
 */
@Injectable()
export class SigningKeyCheck implements OnModuleInit {
  constructor(
    private readonly key: SigningKey,
    @InjectEntityManager() private readonly manager: EntityManager,
  ) {}

  async onModuleInit(): Promise<void> {
    const chain = await readChain(this.manager);
    const problem = mismatch(this.key, chain, ledgerKeyOf(chain, await newestHead(this.manager)));
    if (problem) {
      this.key.discardGenerated();
      throw new SigningKeyMismatch(problem);
    }
    // Only the ledger's own key is recorded: verify checks the heads it signs even after it is rotated away.
    await recordPublicKey(this.manager, this.key.keyId, this.key.publicKeyPem);
  }
}

/** The one-line refusal, or undefined when the key is the ledger's (or the ledger signed nothing yet). */
export function mismatch(
  key: KeyMaterial,
  chain: readonly KeyRotation[],
  ledger: LedgerKey | undefined,
): string | undefined {
  if (!ledger || ledger.keyId === key.keyId) return undefined;
  const inUse = `the signing key in use, ${key.keyId} (${origin(key)})`;
  const env = 'LEDGER_SIGNING_KEY';
  const target = key.source === env ? env : `${key.source} (or ${env})`;
  const retiredBy = chain.find((r) => r.previousKeyId === key.keyId);
  if (retiredBy) {
    return (
      `${inUse}, was retired by a key rotation to ${retiredBy.keyId} at tree size ` +
      `${retiredBy.treeSize}; the ledger's key is now ${ledger.keyId}. Start this process with that key in ` +
      `${target} (${ROTATE_COMMAND} printed where it wrote it)`
    );
  }
  return (
    `${inUse}, is not ${ledger.keyId}, the key of ${ledger.evidence}; ` +
    `partners' \`ledger verify\` would reject every new head. Restore ${ledger.keyId} from your ` +
    `backup into ` +
    `${target}, or, only if it is lost for good, rotate deliberately: ${ROTATE_COMMAND} -- --old-key-lost`
  );
}

function origin(key: KeyMaterial): string {
  if (key.generated) return `generated just now because ${key.source} was missing`;
  return `from ${key.source}`;
}
