import { KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectEntityManager } from '@nestjs/typeorm';
import { LedgerIntegrityError } from '@ledger/event-store';
import { SignedTreeHead, keyIdOfPem, parsePublicKey, verifyHead } from '@ledger/verification';
import { EntityManager } from 'typeorm';
import { readChain, readPublicKeys } from './key-history';
import { SigningKey } from './signing-key';

/**
 * The read half of the paired assertion on heads (the write half: the head-insert trigger and signing
 * with the ledger's key): a stored head is served only if its signature still verifies with the key its
 * keyId names — so a ledger_heads row changed behind the API's back is answered as the integrity
 * problem (500, ledger-integrity) rather than handed to partners as the ledger's word.
 *
 * Constraint: a head signed by a key the ledger never recorded (rotated away before keys were recorded)
 * cannot be checked here and is served as stored; POST /v1/ledger/verify counts it as unchecked.
 */
@Injectable()
export class HeadCheck {
  private recorded?: Map<string, KeyObject>;

  constructor(
    private readonly key: SigningKey,
    @InjectEntityManager() private readonly manager: EntityManager,
  ) {}

  async assertSigned(head: SignedTreeHead): Promise<void> {
    const publicKey = head.keyId === this.key.keyId ? this.key.publicKey : await this.keyOf(head.keyId);
    if (!publicKey || verifyHead(head, head.signature, publicKey)) return;
    const message =
      `the stored head of tree size ${head.treeSize} does not verify with its key ${head.keyId}: ` +
      'its signature, root or timestamp was changed in ledger_heads';
    throw new LedgerIntegrityError(head.treeSize, message);
  }

  /** The ledger's other keys, read once (and again when a head names one not seen yet: a new rotation). */
  private async keyOf(keyId: string): Promise<KeyObject | undefined> {
    if (!this.recorded?.has(keyId)) this.recorded = await this.read();
    return this.recorded.get(keyId);
  }

  private async read(): Promise<Map<string, KeyObject>> {
    const pems = await readPublicKeys(this.manager);
    for (const r of await readChain(this.manager)) pems.set(r.keyId, r.publicKey);
    const valid = [...pems].filter(([keyId, pem]) => keyIdOfPem(pem) === keyId);
    return new Map(valid.map(([keyId, pem]) => [keyId, parsePublicKey(pem)]));
  }
}
