import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ClocksQuery } from '../charter/charter.dto';

/** The dispute routes' documents (API.md, "Disputes"); bodies are parsed by the domain (requests.ts). */
const OBJECT = { type: 'object', additionalProperties: true } as const;
export const DISPUTE_STATES = ['open', 'resolved', 'withdrawn', 'overdue'] as const;

export class DisputesQuery extends ClocksQuery {
  @ApiPropertyOptional({ enum: DISPUTE_STATES, description: 'overdue: open past disputeSlaDays (also open)' })
  @IsOptional()
  @IsIn(DISPUTE_STATES, { message: `must be one of: ${DISPUTE_STATES.join(', ')}` })
  state?: string;
}

export class OpenDisputeBody {
  @ApiProperty({ ...OBJECT, description: '{eventId} or {kpiId, periodStart}' }) subject!: object;
  @ApiProperty() reason!: string;
  @ApiProperty({ enum: ['retract', 'correct', 'explain'] }) requestedRemedy!: string;
}

export class CommentBody {
  @ApiProperty() comment!: string;
}

export class ResolutionBody {
  @ApiProperty({ enum: ['upheld', 'rejected'] }) outcome!: string;
  @ApiProperty() resolution!: string;
  @ApiPropertyOptional({ description: 'Upheld only: retract the disputed event when resolved' })
  retract?: boolean;
}

export class DisputeStepDto {
  @ApiProperty() disputeId!: string;
  @ApiProperty({ enum: ['open', 'resolved', 'withdrawn'] }) state!: string;
  @ApiProperty({ description: 'Ledger position of the event this request wrote' }) position!: number;
  @ApiPropertyOptional({ enum: ['upheld', 'rejected'] }) outcome?: string;
  @ApiPropertyOptional({ description: 'The event.retracted an upheld resolution appended' })
  retraction?: { eventId: string; position: number };
}

export class DisputeEntryDto {
  @ApiProperty({ enum: ['opened', 'commented', 'proposed', 'accepted', 'withdrawn', 'resolved'] })
  kind!: string;
  @ApiProperty() at!: string;
  @ApiProperty() by!: string;
  @ApiPropertyOptional() position?: number;
  @ApiPropertyOptional() text?: string;
  @ApiPropertyOptional() outcome?: string;
  @ApiPropertyOptional() retract?: boolean;
}

export class DisputeDto {
  @ApiProperty() disputeId!: string;
  @ApiProperty({ enum: ['open', 'resolved', 'withdrawn'] }) state!: string;
  @ApiProperty({ description: 'Open at asOf more than disputeSlaDays after it was opened' })
  overdue!: boolean;
  @ApiProperty() overdueAt!: string;
  @ApiProperty(OBJECT) subject!: object;
  @ApiProperty() reason!: string;
  @ApiProperty() requestedRemedy!: string;
  @ApiProperty() openedBy!: string;
  @ApiProperty() openedAt!: string;
  @ApiProperty({ type: Number, nullable: true }) position!: number | null;
  @ApiProperty({ ...OBJECT, nullable: true }) proposal!: object | null;
  @ApiProperty({ ...OBJECT, nullable: true, description: '{state, at, outcome?, resolution?}' })
  closed!: object | null;
  @ApiProperty({ type: [DisputeEntryDto] }) thread!: readonly DisputeEntryDto[];
}

export class DisputesDto {
  @ApiProperty() partnershipId!: string;
  @ApiProperty() asOf!: string;
  @ApiProperty() position!: number;
  @ApiProperty({ type: [DisputeDto] }) items!: readonly DisputeDto[];
}
