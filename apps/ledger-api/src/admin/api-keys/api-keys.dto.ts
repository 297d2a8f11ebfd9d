import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { ROLES, Role } from '../../auth/caller';
import { ORG_ID_RULE } from '../organizations/organizations.dto';

export class CreateApiKeyDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `must be one of: ${ROLES.join(', ')}` })
  role!: Role;

  @ApiPropertyOptional({
    example: 'northwind',
    description: 'Required for the partner role: the organization the key acts for',
  })
  @IsOptional()
  @IsString({ message: 'must be a string' })
  @Matches(/^[a-z0-9][a-z0-9-]{1,63}$/, { message: ORG_ID_RULE })
  orgId?: string;
}

export class ApiKeyDto {
  @ApiProperty({ example: 'key_3f9a1c2b7d4e5f60' }) keyId!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ nullable: true, type: String, example: 'northwind' }) orgId!: string | null;
}

export class IssuedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ description: 'The secret. Shown once; only its hash is stored.', example: 'plk_…' })
  key!: string;
}

export class ListedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ example: '2026-11-24T10:00:00.000Z' }) createdAt!: string;
  @ApiProperty({ type: String, nullable: true, description: 'When it was revoked; null while it works' })
  revokedAt!: string | null;
}

export class ApiKeyListDto {
  @ApiProperty({ type: [ListedApiKeyDto] }) items!: ListedApiKeyDto[];
}
