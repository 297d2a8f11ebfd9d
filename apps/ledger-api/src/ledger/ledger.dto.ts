import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { AuditKind } from '@ledger/verification';
import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

const Size = (description: string, optional: boolean, min = 1) =>
  applyDecorators(
    optional
      ? ApiPropertyOptional({ minimum: min, description })
      : ApiProperty({ minimum: min, description }),
    ...(optional ? [IsOptional()] : [IsDefined({ message: 'is required' })]),
    Type(() => Number),
    IsInt({ message: 'must be a whole number' }),
    Min(min, { message: `must be at least ${min}` }),
    Max(Number.MAX_SAFE_INTEGER, { message: 'is too large' }),
  );

export class InclusionQuery {
  @Size('The event’s ledger position (leaf index + 1)', false) position!: number;
  @Size('The tree size to prove against (default: the current head)', true) treeSize?: number;
}

export class ConsistencyQuery {
  @Size('The older tree size', false) from!: number;
  @Size('The newer tree size (default: the current head)', true) to?: number;
}

export class SignedHeadDto {
  @ApiProperty({ type: 'integer' }) treeSize!: number;
  @ApiProperty({ description: 'Hex SHA-256 Merkle root (RFC 9162)' }) rootHash!: string;
  @ApiProperty({ example: '2026-11-24T10:00:00.000Z' }) timestamp!: string;
  @ApiProperty({
    description:
      'Base64 Ed25519 signature over the RFC 8785 canonical JSON of {treeSize, rootHash, timestamp}',
  })
  signature!: string;
  @ApiProperty({ example: 'ed25519-3f9a1c2b7d4e5f60' }) keyId!: string;
}

export class CosignatureDto {
  @ApiProperty() orgId!: string;
  @ApiProperty() keyId!: string;
  @ApiProperty() signature!: string;
}

export class HeadWithCosignaturesDto extends SignedHeadDto {
  @ApiProperty({ type: [CosignatureDto] }) cosignatures!: CosignatureDto[];
}

export class JwkDto {
  @ApiProperty({ enum: ['OKP'] }) kty!: string;
  @ApiProperty({ enum: ['Ed25519'] }) crv!: string;
  @ApiProperty({ description: 'The public key, base64url' }) x!: string;
}

export class PublicKeyDto {
  @ApiProperty() keyId!: string;
  @ApiProperty({ description: 'SPKI PEM' }) publicKey!: string;
  @ApiProperty({ type: JwkDto, description: 'The same key as a JWK (OKP, Ed25519)' })
  jwk!: Record<string, unknown>;
}

export class KeyRotationDto {
  @ApiProperty({ example: 'ed25519-3f9a1c2b7d4e5f60', description: 'The key retired by this rotation' })
  previousKeyId!: string;

  @ApiProperty({ example: 'ed25519-8e0b4d2a6c1f7e93', description: 'The new key: keyIdOf(publicKey)' })
  keyId!: string;

  @ApiProperty({ description: 'The new key, SPKI PEM' })
  publicKey!: string;

  @ApiProperty({ example: '2026-12-01T10:00:00.000Z' })
  rotatedAt!: string;

  @ApiProperty({
    description: 'Heads up to this tree size were signed by the previous key; no larger one ever is',
  })
  treeSize!: number;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description:
      'Base64 Ed25519 signature by the previous key over the RFC 8785 canonical JSON of ' +
      '{previousKeyId, keyId, ' +
      'publicKey, rotatedAt, treeSize}; null when the previous key was lost (unendorsed: compare ' +
      'the new key ' +
      'out of band)',
  })
  signature!: string | null;
}

export class KeyRotationsDto {
  @ApiProperty({
    type: [KeyRotationDto],
    description: 'Oldest first: each link retires the key of the one before',
  })
  items!: KeyRotationDto[];
}

export class InclusionProofDto {
  @ApiProperty({ type: 'integer', description: '0-based: position − 1' }) leafIndex!: number;
  @ApiProperty({ type: 'integer' }) position!: number;
  @ApiProperty({ type: 'integer' }) treeSize!: number;
  @ApiProperty() leafHash!: string;
  @ApiProperty({ type: [String], description: 'Hex hashes, nearest the leaf first (RFC 9162 §2.1.3)' })
  auditPath!: string[];
}

export class ConsistencyProofDto {
  @ApiProperty({ type: 'integer' }) fromSize!: number;
  @ApiProperty({ type: 'integer' }) toSize!: number;
  @ApiProperty({ type: [String], description: 'Hex hashes (RFC 9162 §2.1.4)' }) proof!: string[];
}

const PROBLEM_KINDS: AuditKind[] = [
  'event-changed',
  'event-missing',
  'events-rewritten',
  'node-changed',
  'node-missing',
  'node-extra',
  'node-or-events',
  'head-signature',
  'head-key',
  'head-root',
  'key-rotation',
];

export class VerifyProblemDto {
  @ApiProperty({
    type: 'integer',
    description: 'The first position concerned; for a head or a rotation, its size',
  })
  position!: number;
  @ApiProperty({ description: 'What does not match, and which row' }) problem!: string;
  @ApiProperty({ enum: PROBLEM_KINDS, description: 'Which row: an event, a ledger_merkle node, a head' })
  kind!: AuditKind;
  @ApiPropertyOptional({ type: 'integer', description: 'The positions the change is pinned to: from…' })
  from?: number;
  @ApiPropertyOptional({ type: 'integer', description: '…to (equal to from when pinned to one event)' })
  to?: number;
  @ApiPropertyOptional({ type: 'integer', description: 'The ledger_merkle row: its level' }) level?: number;
  @ApiPropertyOptional({ type: 'integer', description: 'The ledger_merkle row: its index' }) index?: number;
  @ApiPropertyOptional({
    type: 'integer',
    description: 'The ledger_heads row, or the head showing the change',
  })
  treeSize?: number;
}

export class VerifyReportDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ type: 'integer' }) eventsChecked!: number;
  @ApiProperty({ type: 'integer' }) treeSize!: number;
  @ApiProperty({ description: 'The root of the tree of the stored leaf hashes' }) rootHash!: string;
  @ApiProperty({ type: 'integer', description: 'Signed heads whose signature and root were checked' })
  headsChecked!: number;
  @ApiProperty({ type: 'integer', description: 'Heads by a key whose public key the ledger never recorded' })
  headsUnchecked!: number;
  @ApiProperty({ type: 'integer', description: 'Stored Merkle nodes (level ≥ 4) compared with their events' })
  nodesChecked!: number;
  @ApiProperty({ type: [VerifyProblemDto] }) problems!: VerifyProblemDto[];
  @ApiProperty({ type: 'integer', description: 'Problems beyond the first 1000, counted but not listed' })
  problemsOmitted!: number;
}

export class CosignDto {
  @ApiProperty({ example: 'ed25519-3f9a1c2b7d4e5f60' })
  @IsString({ message: 'must be the keyId of a registered signing key' })
  keyId!: string;

  @ApiProperty({
    description:
      'Base64 Ed25519 signature over the RFC 8785 canonical ' +
      'JSON of {treeSize, rootHash, timestamp} of that head',
  })
  @IsString({ message: 'must be a base64 signature' })
  @Matches(/^[A-Za-z0-9+/]{1,200}={0,2}$/, { message: 'must be a base64 signature' })
  signature!: string;
}

export class RegisterKeyDto {
  @ApiProperty({
    description:
      'An Ed25519 public key: SPKI PEM, a JWK ({kty: "OKP", ' +
      'crv: "Ed25519", x}) or 32 raw bytes in base64 or hex',
    oneOf: [{ type: 'string' }, { $ref: getSchemaPath(JwkDto) }],
  })
  @IsDefined({ message: 'is required' })
  publicKey!: unknown;

  @ApiProperty({
    description:
      'Proof of possession: base64 Ed25519 signature by this key over the RFC 8785 canonical JSON of ' +
      '{purpose: "partnership-ledger witness key", orgId, keyId}, keyId being the key\'s id (ed25519-…)',
    example: 'f3Vn…==',
  })
  @IsString({ message: 'is required: a base64 signature by the key (see the description)' })
  proof!: string;
}

export class RegisteredKeyDto {
  @ApiProperty() keyId!: string;
  @ApiProperty() orgId!: string;
}

export class SigningKeyDto {
  @ApiProperty() keyId!: string;
  @ApiProperty() orgId!: string;
  @ApiProperty({ description: 'SPKI PEM' }) publicKey!: string;
  @ApiProperty({ example: '2026-11-24T10:00:00.000Z' }) createdAt!: string;
}

export class SigningKeyListDto {
  @ApiProperty({ type: [SigningKeyDto] }) items!: SigningKeyDto[];
}
