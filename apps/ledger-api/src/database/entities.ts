import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { LEDGER_ENTITIES } from '../ledger/entities';
import { PROJECTION_ENTITIES } from '../read-model/entities';

/** Organizations are reference data managed by admins, not ledger events. */
@Entity({ name: 'organizations' })
export class OrganizationEntity {
  @PrimaryColumn({ name: 'org_id', type: 'text' })
  orgId!: string;

  @Column({ type: 'text' })
  name!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** An API key: only the SHA-256 of the secret is kept; revocation is a timestamp, never a delete. */
@Entity({ name: 'api_keys' })
export class ApiKeyEntity {
  @PrimaryColumn({ name: 'key_id', type: 'text' })
  keyId!: string;

  @Column({ name: 'key_hash', type: 'text', unique: true })
  keyHash!: string;

  @Column({ type: 'text' })
  role!: string;

  @Column({ name: 'org_id', type: 'text', nullable: true })
  orgId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}

export const ENTITIES = [OrganizationEntity, ApiKeyEntity, ...PROJECTION_ENTITIES, ...LEDGER_ENTITIES];
