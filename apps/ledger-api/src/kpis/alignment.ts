import { Injectable } from '@nestjs/common';
import { KpiValue } from '@ledger/kpis';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Caller } from '../auth/caller';
import { AS_OF, AT_POSITION, Position, Timestamp } from '../common/query-fields';
import { CharterReads } from '../charter/charter-reads';
import { PartnershipAccess } from '../partnerships/partnership-access';
import { KpiQueries } from './kpi-queries';
import { CharterRefDto, KpiValueDto } from './kpis.dto';

export class AlignmentQuery {
  @Timestamp(AS_OF) asOf?: string;
  @Position(AT_POSITION, 0) atPosition?: number;
}

export class OrgPrioritiesDto {
  @ApiProperty() orgId!: string;
  @ApiProperty({ type: [KpiValueDto], description: 'Each prioritised KPI with its value and status' })
  priorities!: readonly KpiValueDto[];
}

export class OneSidedDto {
  @ApiProperty() kpiId!: string;
  @ApiProperty() orgId!: string;
}

export class AlignmentDto {
  @ApiProperty() partnershipId!: string;
  @ApiProperty() asOf!: string;
  @ApiProperty() position!: number;
  @ApiPropertyOptional({ type: CharterRefDto }) charter?: CharterRefDto;
  @ApiProperty({ type: [OrgPrioritiesDto] }) orgs!: readonly OrgPrioritiesDto[];
  @ApiProperty({ type: [String], description: 'KPIs every member org prioritises' })
  shared!: readonly string[];
  @ApiProperty({ type: [OneSidedDto], description: 'KPIs only one org prioritises' })
  oneSided!: readonly OneSidedDto[];
}

/**
 * What each side prioritises, side by side (API.md, "Charter" → alignment): the charter's `priorities`
 * at asOf with each KPI's value and status from the KPI answer of the same (asOf, atPosition).
 */
@Injectable()
export class Alignment {
  constructor(
    private readonly kpis: KpiQueries,
    private readonly charters: CharterReads,
    private readonly access: PartnershipAccess,
  ) {}

  async answer(caller: Caller, partnershipId: string, q: AlignmentQuery, now: Date): Promise<AlignmentDto> {
    const members = [...(await this.access.profile(caller, partnershipId)).partnerOrgIds].sort();
    const asOf = q.asOf ?? now.toISOString();
    const clocks = { asOf, ...(q.atPosition !== undefined ? { atPosition: q.atPosition } : {}) };
    const { priorities } = (await this.charters.charter(caller, partnershipId, clocks, now)).charter;
    const snapshot = await this.kpis.snapshot(caller, partnershipId, clocks, now);
    const byId = new Map<string, KpiValue>(
      Object.values(snapshot.categories).flatMap((list) => list!.map((k) => [k.kpiId, k] as const)),
    );
    const orgs = members.map((orgId) => ({
      orgId,
      priorities: (priorities[orgId] ?? []).flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])),
    }));
    const count = new Map<string, string[]>();
    for (const o of members)
      for (const id of priorities[o] ?? []) count.set(id, [...(count.get(id) ?? []), o]);
    return {
      partnershipId,
      asOf: snapshot.asOf,
      position: snapshot.position,
      ...(snapshot.charter ? { charter: snapshot.charter } : {}),
      orgs,
      shared: [...count].filter(([, by]) => by.length === members.length).map(([id]) => id),
      oneSided: [...count]
        .filter(([, by]) => by.length === 1 && members.length > 1)
        .map(([kpiId, [orgId]]) => ({ kpiId, orgId })),
    };
  }
}
