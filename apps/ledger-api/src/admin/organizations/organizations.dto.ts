import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';

export const ORG_ID_RULE =
  'must match ^[a-z0-9][a-z0-9-]{1,63}$ (lower-case letters, digits and -, 2–64 characters)';

export class CreateOrganizationDto {
  @ApiPropertyOptional({
    example: 'northwind',
    pattern: '^[a-z0-9][a-z0-9-]{1,63}$',
    description: 'Generated from the name when absent',
  })
  @IsOptional()
  @IsString({ message: 'must be a string' })
  @Matches(/^[a-z0-9][a-z0-9-]{1,63}$/, { message: ORG_ID_RULE })
  orgId?: string;

  @ApiProperty({ example: 'Northwind Traders', minLength: 1, maxLength: 200 })
  @IsString({ message: 'must be a string' })
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  name!: string;
}

export class OrganizationDto {
  @ApiProperty({ example: 'northwind' }) orgId!: string;
  @ApiProperty({ example: 'Northwind Traders' }) name!: string;
}

export class OrganizationListDto {
  @ApiProperty({ type: [OrganizationDto] }) items!: OrganizationDto[];
}
