import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { AS_OF, AT_POSITION, Position, Timestamp } from '../common/query-fields';

/** The charter routes' documents (API.md, "Charter"); bodies are parsed by the domain (requests.ts). */
const OBJECT = { type: 'object', additionalProperties: true } as const;
const PROPOSAL_STATES = ['open', 'adopted', 'rejected', 'withdrawn', 'superseded'] as const;
const ACTION_STATES = ['open', 'done', 'overdue'] as const;

export class ClocksQuery {
  @Timestamp(AS_OF) asOf?: string;
  @Position(AT_POSITION, 0) atPosition?: number;
}

export class AtPositionQuery {
  @Position(AT_POSITION, 0) atPosition?: number;
}

export class ProposalsQuery extends AtPositionQuery {
  @ApiPropertyOptional({ enum: PROPOSAL_STATES })
  @IsOptional()
  @IsIn(PROPOSAL_STATES, { message: `must be one of: ${PROPOSAL_STATES.join(', ')}` })
  state?: string;
}

export class ActionsQuery extends ClocksQuery {
  @ApiPropertyOptional({ enum: ACTION_STATES, description: 'overdue: open past its dueDate (also open)' })
  @IsOptional()
  @IsIn(ACTION_STATES, { message: `must be one of: ${ACTION_STATES.join(', ')}` })
  state?: string;
}

export class ProposeCharterBody {
  @ApiProperty({ ...OBJECT, description: 'The charter document (API.md); every field optional' })
  charter!: object;
  @ApiPropertyOptional({ description: 'Default: the moment it is adopted; any time from the start' })
  effectiveFrom?: string;
  @ApiPropertyOptional() rationale?: string;
}

export class ApproveBody {
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) definitionHash!: string;
  @ApiPropertyOptional({
    description:
      'Base64 Ed25519 signature by a key registered for your org over the canonical JSON of ' +
      '{partnershipId, proposalId, definitionHash}',
  })
  signature?: string;
}

export class RejectBody {
  @ApiProperty() reason!: string;
}

export class CompletionBody {
  @ApiPropertyOptional() note?: string;
}

export class ReviewActionInput {
  @ApiPropertyOptional() actionId?: string;
  @ApiProperty() title!: string;
  @ApiProperty() ownerOrgId!: string;
  @ApiProperty({ example: '2026-09-30' }) dueDate!: string;
}

export class ReviewBody {
  @ApiProperty({ example: '2026-07-01' }) periodStart!: string;
  @ApiProperty() summary!: string;
  @ApiPropertyOptional() snapshotHash?: string;
  @ApiPropertyOptional({ type: [ReviewActionInput] }) actions?: ReviewActionInput[];
}

export class ApprovalDto {
  @ApiProperty() orgId!: string;
  @ApiProperty() at!: string;
  @ApiProperty() signed!: boolean;
}

export class ChangeDto {
  @ApiProperty({ example: 'scorecard[0].target' }) path!: string;
  @ApiProperty({ nullable: true, description: 'Any JSON value' }) from!: unknown;
  @ApiProperty({ nullable: true, description: 'Any JSON value' }) to!: unknown;
}

export class ProposalDto {
  @ApiProperty() proposalId!: string;
  @ApiProperty({ enum: PROPOSAL_STATES }) state!: string;
  @ApiProperty() proposedBy!: string;
  @ApiProperty() proposedAt!: string;
  @ApiProperty({ type: Number, nullable: true }) position!: number | null;
  @ApiProperty() baseVersion!: number;
  @ApiProperty() definitionHash!: string;
  @ApiProperty({ type: String, nullable: true }) effectiveFrom!: string | null;
  @ApiProperty({ type: String, nullable: true }) rationale!: string | null;
  @ApiProperty(OBJECT) charter!: object;
  @ApiProperty({ type: [ApprovalDto] }) approvals!: readonly ApprovalDto[];
  @ApiProperty({ type: [ChangeDto] }) changes!: readonly ChangeDto[];
}

export class ProposalsDto {
  @ApiProperty() partnershipId!: string;
  @ApiProperty() position!: number;
  @ApiProperty({ type: [ProposalDto] }) items!: readonly ProposalDto[];
}

export class ProposalCreatedDto {
  @ApiProperty() proposalId!: string;
  @ApiProperty() baseVersion!: number;
  @ApiProperty() definitionHash!: string;
  @ApiProperty({ enum: ['open'] }) state!: string;
  @ApiProperty({ type: [String] }) approvals!: readonly string[];
  @ApiProperty() position!: number;
}

export class ProposalStepDto {
  @ApiProperty() proposalId!: string;
  @ApiProperty({ enum: PROPOSAL_STATES }) state!: string;
  @ApiPropertyOptional({ description: 'The version adopted by this approval' }) version?: number;
  @ApiProperty() position!: number;
}

export class ChairDto {
  @ApiProperty() orgId!: string;
  @ApiProperty() periodStart!: string;
  @ApiProperty() periodEnd!: string;
}

export class CharterDto {
  @ApiProperty() partnershipId!: string;
  @ApiProperty() asOf!: string;
  @ApiProperty() position!: number;
  @ApiProperty({ type: Number, nullable: true, description: '0: none adopted (defaults)' })
  version!: number | null;
  @ApiProperty({ type: String, nullable: true }) definitionHash!: string | null;
  @ApiProperty({ type: String, nullable: true }) effectiveFrom!: string | null;
  @ApiProperty({ ...OBJECT, description: 'Defaults filled in' }) charter!: object;
  @ApiProperty({ type: ChairDto, nullable: true }) chair!: ChairDto | null;
}

export class CharterVersionDto {
  @ApiProperty() version!: number;
  @ApiProperty() proposalId!: string;
  @ApiProperty() definitionHash!: string;
  @ApiProperty() effectiveFrom!: string;
  @ApiProperty() adoptedAt!: string;
  @ApiProperty({ type: Number, nullable: true }) position!: number | null;
  @ApiProperty() proposedBy!: string;
  @ApiProperty({ type: [ApprovalDto] }) approvals!: readonly ApprovalDto[];
  @ApiProperty({ type: String, nullable: true }) rationale!: string | null;
}

export class CharterVersionsDto {
  @ApiProperty() partnershipId!: string;
  @ApiProperty() position!: number;
  @ApiProperty({ type: [CharterVersionDto] }) items!: readonly CharterVersionDto[];
}

export class ActionDto {
  @ApiProperty() actionId!: string;
  @ApiProperty() reviewId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() ownerOrgId!: string;
  @ApiProperty() dueDate!: string;
  @ApiPropertyOptional({ enum: ['open', 'done'] }) state?: string;
  @ApiPropertyOptional() overdue?: boolean;
  @ApiPropertyOptional(OBJECT) completed?: object;
}

export class ActionsDto {
  @ApiProperty() partnershipId!: string;
  @ApiProperty() asOf!: string;
  @ApiProperty() position!: number;
  @ApiProperty({ type: [ActionDto] }) items!: readonly ActionDto[];
}

export class ReviewDto {
  @ApiProperty() reviewId!: string;
  @ApiProperty() periodStart!: string;
  @ApiProperty() summary!: string;
  @ApiPropertyOptional() snapshotHash?: string;
  @ApiProperty() heldBy!: string;
  @ApiProperty() heldAt!: string;
  @ApiProperty({ type: Number, nullable: true }) position!: number | null;
  @ApiProperty({ type: [ActionDto] }) actions!: readonly ActionDto[];
}

export class ReviewsDto {
  @ApiProperty() partnershipId!: string;
  @ApiProperty() position!: number;
  @ApiProperty({ type: [ReviewDto] }) items!: readonly ReviewDto[];
}

export class ReviewHeldDto {
  @ApiProperty() reviewId!: string;
  @ApiProperty({ type: [String] }) actionIds!: readonly string[];
  @ApiProperty() position!: number;
}

export class ActionCompletedDto {
  @ApiProperty() actionId!: string;
  @ApiProperty() position!: number;
}
