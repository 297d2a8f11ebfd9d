import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { Position } from '../common/query-fields';

export const ALERT_STATES = ['open', 'cleared'] as const;
export const ALERT_KINDS = [
  'anomaly',
  'missing_data',
  'late_data',
  'dispute_overdue',
  'action_overdue',
  'milestone_overdue',
  'target_off_track',
] as const;

export class AlertsQuery {
  @ApiPropertyOptional({ description: 'Only this partnership (members: one of theirs)' })
  @IsOptional()
  @IsString({ message: 'must be a string' })
  @MaxLength(200, { message: 'must be at most 200 characters' })
  partnershipId?: string;

  @ApiPropertyOptional({ enum: ALERT_STATES })
  @IsOptional()
  @IsIn(ALERT_STATES, { message: `must be one of: ${ALERT_STATES.join(', ')}` })
  state?: 'open' | 'cleared';

  @Position('Wait (up to 5 s) until the read models have applied this position; 503 past that', 1)
  minPosition?: number;
}

export class AlertDto {
  @ApiProperty() alertId!: string;
  @ApiProperty() partnershipId!: string;
  @ApiProperty({ enum: ALERT_KINDS }) kind!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) subject!: object;
  @ApiProperty({ description: 'The business time the condition began' }) raisedAt!: string;
  @ApiProperty({ description: 'The ledger position of the event that made it true' }) position!: number;
  @ApiPropertyOptional({ description: 'The business time it stopped' }) clearedAt?: string;
}

export class AlertsDto {
  @ApiProperty({ type: [AlertDto] }) items!: AlertDto[];
}
