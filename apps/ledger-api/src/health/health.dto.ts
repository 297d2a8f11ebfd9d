import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class DatabaseHealthDto {
  @ApiProperty({ enum: ['up'] }) status!: 'up';
  @ApiProperty({ type: 'integer', description: 'The ledger’s head position' }) ledgerPosition!: number;
}

class KpiProjectionHealthDto {
  @ApiPropertyOptional({
    type: 'integer',
    description: 'The last ledger position the KPI read models applied',
  })
  position?: number;
  @ApiPropertyOptional({ type: 'integer', description: 'How many positions they are behind the ledger' })
  lag?: number;
  @ApiProperty({ enum: ['live', 'catching_up', 'rebuilding', 'unknown'] }) state!: string;
}

class ProjectionsHealthDto {
  @ApiProperty({ enum: ['up'], description: 'Informational: a lagging projection never fails the check' })
  status!: 'up';
  @ApiProperty({ type: KpiProjectionHealthDto }) kpis!: KpiProjectionHealthDto;
}

class HealthChecksDto {
  @ApiProperty({ type: DatabaseHealthDto }) database!: DatabaseHealthDto;
  @ApiProperty({ type: ProjectionsHealthDto }) projections!: ProjectionsHealthDto;
}

/** The answer of @nestjs/terminus when every check is up (a failing check answers 503 instead). */
export class HealthDto {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
  @ApiProperty({ type: HealthChecksDto }) info!: HealthChecksDto;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The checks that failed: none when 200',
  })
  error!: object;
  @ApiProperty({ type: HealthChecksDto }) details!: HealthChecksDto;
}
