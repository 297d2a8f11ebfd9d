import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AccessDenied, NotFound, ORG_ID_PATTERN, RuleViolation, ValidationFailed } from '@ledger/domain';
import {
  WITNESS_KEY_PURPOSE,
  keyIdOf,
  parsePublicKey,
  verifyHead,
  verifyWitnessKeyProof,
} from '@ledger/verification';
import { Repository } from 'typeorm';
import { Caller } from '../auth/caller';
import { OrganizationEntity } from '../database/entities';
import { CosignatureEntity, OrgSigningKeyEntity } from './entities';
import { HeadsService } from './heads.service';

/**
 * Witnessing: organizations register Ed25519 keys and countersign heads they verified. A countersigned
 * head is evidence held by both sides: a partner whose head of size N differs from another's can prove
 * the ledger showed them different histories.
 *
 * Constraints: a partner registers keys and countersigns only for its own organization; a key is
 * registered only with a proof that the organization holds it (witness-key.ts), and never from a private
 * key; a signature is checked against the stored head before it is kept; one countersignature per head
 * and key.
 */
@Injectable()
export class WitnessingService {
  constructor(
    private readonly heads: HeadsService,
    @InjectRepository(OrgSigningKeyEntity) private readonly keys: Repository<OrgSigningKeyEntity>,
    @InjectRepository(CosignatureEntity) private readonly cosignatures: Repository<CosignatureEntity>,
    @InjectRepository(OrganizationEntity) private readonly orgs: Repository<OrganizationEntity>,
  ) {}

  async registerKey(
    caller: Caller,
    orgId: string,
    publicKey: unknown,
    proof: unknown,
  ): Promise<{ keyId: string; orgId: string; created: boolean }> {
    if (!ORG_ID_PATTERN.test(orgId) || !(await this.orgs.existsBy({ orgId })))
      throw new NotFound('organization_not_found', `organization ${orgId} does not exist`);
    if (caller.role !== 'admin' && caller.orgId !== orgId)
      throw new AccessDenied(
        'not_your_organization',
        'keys are registered by an admin or by the organization itself',
      );
    let key;
    try {
      key = parsePublicKey(publicKey);
    } catch (error) {
      throw new ValidationFailed([{ path: 'publicKey', message: (error as Error).message }]);
    }
    if (!verifyWitnessKeyProof(orgId, key, proof)) {
      const message =
        `must be a base64 Ed25519 signature by this key over the canonical JSON of {purpose: ` +
        `"${WITNESS_KEY_PURPOSE}", orgId: "${orgId}", keyId: "${keyIdOf(key)}"} (proof that ${orgId} ` +
        `holds the key)`;
      throw new ValidationFailed([{ path: 'proof', message }]);
    }
    const keyId = keyIdOf(key);
    const existing = await this.keys.findOneBy({ keyId });
    if (existing && existing.orgId !== orgId)
      throw new RuleViolation(
        'key_registered_elsewhere',
        `key ${keyId} is registered to another organization`,
        'publicKey',
      );
    if (existing) return { keyId, orgId, created: false };
    await this.keys.insert({
      keyId,
      orgId,
      publicKey: key.export({ type: 'spki', format: 'pem' }) as string,
    });
    return { keyId, orgId, created: true };
  }

  listKeys(orgId: string) {
    return this.keys.find({ where: { orgId }, order: { createdAt: 'ASC' } });
  }

  async cosign(
    caller: Caller,
    treeSize: number,
    keyId: string,
    signature: string,
  ): Promise<{ created: boolean; orgId: string }> {
    const head = await this.heads.issued(treeSize);
    const key = await this.keys.findOneBy({ keyId });
    if (!key)
      throw new ValidationFailed([
        {
          path: 'keyId',
          message: `no signing key ${keyId} is registered (POST /v1/organizations/:orgId/signing-keys)`,
        },
      ]);
    if (caller.role !== 'admin' && caller.orgId !== key.orgId)
      throw new AccessDenied(
        'not_your_key',
        `key ${keyId} belongs to ${key.orgId}; countersign with a key of your own organization`,
      );
    if (!verifyHead(head, signature, parsePublicKey(key.publicKey))) {
      throw new ValidationFailed([
        {
          path: 'signature',
          message:
            `is not a valid Ed25519 signature by ${keyId} over the canonical JSON of {treeSize, ` +
            `rootHash, timestamp} of the head of size ${treeSize}`,
        },
      ]);
    }
    const existing = await this.cosignatures.findOneBy({ treeSize, keyId });
    if (existing) return { created: false, orgId: key.orgId };
    await this.cosignatures
      .createQueryBuilder()
      .insert()
      .values({ treeSize, keyId, orgId: key.orgId, signature })
      .orIgnore()
      .execute();
    return { created: true, orgId: key.orgId };
  }
}
