import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ORG_ID_PATTERN, PARTNERSHIP_TYPES } from '@ledger/domain';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
} from 'class-validator';

export const PARTNERSHIP_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/;

export class FormPartnershipDto {
  @ApiPropertyOptional({
    example: 'nw-contoso',
    pattern: PARTNERSHIP_ID.source,
    description: 'A UUID is generated when absent',
  })
  @IsOptional()
  @IsString({ message: 'must be a string' })
  @Matches(PARTNERSHIP_ID, {
    message: 'must be 2–64 letters, digits, dots, dashes or underscores, starting with a letter or digit',
  })
  partnershipId?: string;

  @ApiProperty({ example: 'Northwind x Contoso resale', maxLength: 200 })
  @IsString({ message: 'must be a string' })
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  name!: string;

  @ApiProperty({ enum: PARTNERSHIP_TYPES })
  @IsIn(PARTNERSHIP_TYPES, { message: `must be one of: ${PARTNERSHIP_TYPES.join(', ')}` })
  type!: string;

  @ApiProperty({ type: [String], minItems: 2, maxItems: 10, example: ['northwind', 'contoso'] })
  @IsArray({ message: 'must be an array of organization ids' })
  @ArrayMinSize(2, { message: 'must name at least 2 organizations' })
  @ArrayMaxSize(10, { message: 'must name at most 10 organizations' })
  @ArrayUnique({ message: 'must not name an organization twice' })
  @IsString({ each: true, message: 'must contain organization ids (strings)' })
  @Matches(ORG_ID_PATTERN, {
    each: true,
    message: 'must contain organization ids (lower-case letters, digits and -, 2–64 characters)',
  })
  partnerOrgIds!: string[];

  @ApiProperty({ example: 'EUR', description: 'ISO-4217; every amount of the partnership is in it' })
  @IsString({ message: 'must be an ISO-4217 currency code such as "EUR"' })
  currency!: string;

  @ApiPropertyOptional({ example: '2025-10-01T00:00:00Z', description: 'Defaults to now' })
  @IsOptional()
  @IsString({ message: 'must be an ISO-8601 timestamp with a time zone' })
  startedAt?: string;

  @ApiPropertyOptional({ type: 'array', items: {}, maxItems: 50, example: ['Grow DACH pipeline to 1M EUR'] })
  @IsOptional()
  @IsArray({ message: 'must be an array' })
  @ArrayMaxSize(50, { message: 'must have at most 50 entries' })
  objectives?: unknown[];
}

export class FormedPartnershipDto {
  @ApiProperty({ example: 'nw-contoso' }) partnershipId!: string;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ example: 17, description: 'The ledger position of the partnership.formed event' })
  position!: number;
}
