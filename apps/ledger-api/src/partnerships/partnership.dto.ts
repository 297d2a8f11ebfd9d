import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FormedPartnership, PARTNERSHIP_TYPES } from '@ledger/domain';

export class PartnershipDto {
  @ApiProperty({ example: 'nw-contoso' }) partnershipId!: string;
  @ApiProperty({ example: 'Northwind x Contoso resale' }) name!: string;
  @ApiProperty({ enum: PARTNERSHIP_TYPES }) type!: string;
  @ApiProperty({ type: [String], example: ['northwind', 'contoso'] }) partnerOrgIds!: readonly string[];
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ enum: ['active', 'ended'] }) status!: 'active' | 'ended';
  @ApiProperty({ example: '2025-10-01T00:00:00.000Z' }) startedAt!: string;
  @ApiPropertyOptional({ example: '2026-10-01T00:00:00.000Z' }) endedAt?: string;
  @ApiProperty({ description: 'The number of events in the partnership (its stream version)', example: 42 })
  version!: number;
  @ApiPropertyOptional({ type: 'array', items: {} }) objectives?: readonly unknown[];
}

export class PartnershipListDto {
  @ApiProperty({ type: [PartnershipDto] }) items!: PartnershipDto[];
}

export function partnershipView(partnershipId: string, state: FormedPartnership): PartnershipDto {
  const { name, type, partnerOrgIds, currency, startedAt, objectives } = state.profile;
  return {
    partnershipId,
    name,
    type,
    partnerOrgIds,
    currency,
    status: state.status,
    startedAt,
    ...(state.status === 'ended' ? { endedAt: state.ended.endedAt } : {}),
    version: state.version,
    ...(objectives ? { objectives } : {}),
  };
}
