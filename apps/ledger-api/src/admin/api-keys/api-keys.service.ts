import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { NotFound, ValidationFailed } from '@ledger/domain';
import { IsNull, Repository } from 'typeorm';
import { Caller, Role } from '../../auth/caller';
import { LedgerConfig } from '../../config/config';
import { LEDGER_CONFIG } from '../../config/tokens';
import { ApiKeyEntity, OrganizationEntity } from '../../database/entities';
import { LedgerMetrics } from '../../metrics/metrics';
import { IssuedApiKeyDto, ListedApiKeyDto } from './api-keys.dto';
import { KnownKeys, RevocationEpoch } from './known-keys';

/**
 * API keys. Keys are 256-bit random secrets, so a plain SHA-256 is a sound at-rest hash (no password
 * stretching is needed), and lookups are by hash. The bootstrap admin key comes from the configuration.
 *
 * Guarantees: a secret is returned once, at issue; a revoked key fails the very next request, in every
 * process (KnownKeys: a request is answered from memory only after a revocation check that started
 * after it arrived).
 */
@Injectable()
export class ApiKeysService {
  private readonly adminHash: Buffer;
  private readonly known: KnownKeys;

  constructor(
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
    @InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>,
    @InjectRepository(OrganizationEntity) private readonly orgs: Repository<OrganizationEntity>,
    private readonly metrics: LedgerMetrics,
  ) {
    this.adminHash = sha256(config.adminKey);
    this.known = new KnownKeys(
      () => this.revocationEpoch(),
      (keyHash) => this.lookUp(keyHash),
    );
  }

  /** `beforeQuery` runs before the database is asked about a key this process does not hold (known-keys). */
  async authenticate(key: string, beforeQuery?: () => void): Promise<Caller | undefined> {
    const hash = sha256(key);
    if (timingSafeEqual(hash, this.adminHash)) return { role: 'admin', keyId: 'bootstrap' };
    return this.known.caller(hash.toString('hex'), beforeQuery);
  }

  /** Changes with every revocation: one more revoked key, and the latest revocation time moves. */
  private async revocationEpoch(): Promise<RevocationEpoch> {
    this.metrics.keyQueries.inc({ query: 'revocation_check' });
    const [row]: { revoked: string; latest: Date | null }[] = await this.keys.query(
      'SELECT count(revoked_at) AS revoked, max(revoked_at) AS latest FROM api_keys',
    );
    return `${row.revoked}/${row.latest?.toISOString() ?? ''}`;
  }

  private async lookUp(keyHash: string): Promise<Caller | undefined> {
    this.metrics.keyQueries.inc({ query: 'key' });
    // Plain SQL on the unique key_hash index, not the query builder.
    const [row]: { keyId: string; role: string; orgId: string | null }[] = await this.keys.query(
      'SELECT key_id AS "keyId", role, org_id AS "orgId" ' +
        'FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
      [keyHash],
    );
    if (!row) return undefined;
    if (row.role === 'partner') return { role: 'partner', orgId: row.orgId ?? '', keyId: row.keyId };
    return {
      role: row.role as Exclude<Role, 'partner'>,
      keyId: row.keyId,
      ...(row.orgId ? { orgId: row.orgId } : {}),
    };
  }

  async issue(role: Role, orgId: string | undefined): Promise<IssuedApiKeyDto> {
    if (role === 'partner' && !orgId)
      throw new ValidationFailed([{ path: 'orgId', message: 'is required for the partner role' }]);
    if (orgId && !(await this.orgs.existsBy({ orgId }))) {
      throw new ValidationFailed([{ path: 'orgId', message: `organization ${orgId} does not exist` }]);
    }
    const key = `plk_${randomBytes(32).toString('base64url')}`;
    const keyId = `key_${randomBytes(8).toString('hex')}`;
    await this.keys.insert({ keyId, keyHash: sha256(key).toString('hex'), role, orgId: orgId ?? null });
    return { keyId, key, role, orgId: orgId ?? null };
  }

  async revoke(keyId: string): Promise<void> {
    const row = /^key_[0-9a-f]{16}$/.test(keyId) ? await this.keys.findOneBy({ keyId }) : null;
    if (!row) throw new NotFound('api_key_not_found', `API key ${keyId} does not exist`);
    if (!row.revokedAt) await this.keys.update({ keyId, revokedAt: IsNull() }, { revokedAt: new Date() });
    this.known.forget(keyId);
  }

  async list(): Promise<ListedApiKeyDto[]> {
    const rows = await this.keys.find({ order: { createdAt: 'ASC' } });
    return rows.map((r) => ({
      keyId: r.keyId,
      role: r.role as Role,
      orgId: r.orgId,
      createdAt: r.createdAt.toISOString(),
      revokedAt: r.revokedAt?.toISOString() ?? null,
    }));
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
