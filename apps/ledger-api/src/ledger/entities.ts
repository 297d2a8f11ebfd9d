import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

const bigint = { to: (v: number) => v, from: (v: string) => Number(v) };

/** One signed tree head per tree size: signed the first time that size is served, then kept. */
@Entity({ name: 'ledger_heads' })
export class SignedHeadEntity {
  @PrimaryColumn({ name: 'tree_size', type: 'bigint', transformer: bigint }) treeSize!: number;
  @Column({ name: 'root_hash', type: 'text' }) rootHash!: string;
  @Column({ type: 'text' }) timestamp!: string;
  @Column({ type: 'text' }) signature!: string;
  @Column({ name: 'key_id', type: 'text' }) keyId!: string;
}

/** An organization's Ed25519 key for countersigning heads. */
@Entity({ name: 'org_signing_keys' })
export class OrgSigningKeyEntity {
  @PrimaryColumn({ name: 'key_id', type: 'text' }) keyId!: string;
  @Column({ name: 'org_id', type: 'text' }) orgId!: string;
  @Column({ name: 'public_key', type: 'text' }) publicKey!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** A countersignature of a head by an organization's key (witnessing). */
@Entity({ name: 'ledger_cosignatures' })
export class CosignatureEntity {
  @PrimaryColumn({ name: 'tree_size', type: 'bigint', transformer: bigint }) treeSize!: number;
  @PrimaryColumn({ name: 'key_id', type: 'text' }) keyId!: string;
  @Column({ name: 'org_id', type: 'text' }) orgId!: string;
  @Column({ type: 'text' }) signature!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** A replacement of the ledger's signing key (KeyRotation of libs/verification); append-only. */
@Entity({ name: 'ledger_key_rotations' })
export class KeyRotationEntity {
  @PrimaryColumn({ type: 'integer' }) seq!: number;
  @Column({ name: 'previous_key_id', type: 'text' }) previousKeyId!: string;
  @Column({ name: 'key_id', type: 'text' }) keyId!: string;
  @Column({ name: 'public_key', type: 'text' }) publicKey!: string;
  /** Text, not timestamptz: the very string the old key signed. */
  @Column({ name: 'rotated_at', type: 'text' }) rotatedAt!: string;
  @Column({ name: 'tree_size', type: 'bigint', transformer: bigint }) treeSize!: number;
  @Column({ type: 'text', nullable: true }) signature!: string | null;
}

/** The public key of a key the ledger signed heads with (migration 1764000000004); append-only. */
@Entity({ name: 'ledger_public_keys' })
export class LedgerPublicKeyEntity {
  @PrimaryColumn({ name: 'key_id', type: 'text' }) keyId!: string;
  /** SPKI PEM. */
  @Column({ name: 'public_key', type: 'text' }) publicKey!: string;
}

export const LEDGER_ENTITIES = [
  SignedHeadEntity,
  OrgSigningKeyEntity,
  CosignatureEntity,
  KeyRotationEntity,
  LedgerPublicKeyEntity,
];
