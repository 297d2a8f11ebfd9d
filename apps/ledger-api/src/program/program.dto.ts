import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ClocksQuery } from '../charter/charter.dto';
import { Position } from '../common/query-fields';

/** The program routes' documents (API.md, "Partner scoring and tiering"); bodies are parsed by the domain. */
const OBJECT = { type: 'object', additionalProperties: true } as const;

export class PartnerScoresQuery extends ClocksQuery {
  @Position('Wait (up to 5 s) until the read models have applied this position; 503 past that', 1)
  minPosition?: number;
}

export class ScoringModelBody {
  @ApiProperty({
    type: 'array',
    items: OBJECT,
    description:
      '[{criterionId, weight (> 0), source: assessment|kpi, kpiId? (source kpi), min, max (> min)}], 1–50',
  })
  criteria!: object[];
  @ApiProperty({ type: 'array', items: OBJECT, description: '[{tier, minScore (0–100)}], 1–20, unique' })
  tiers!: object[];
}

export class AssessmentBody {
  @ApiProperty({ ...OBJECT, description: '{criterionId: number}: assessment criteria of the model in force' })
  scores!: object;
  @ApiPropertyOptional() notes?: string;
}

export class ScoringModelWrittenDto {
  @ApiProperty({ description: 'The number of scoring_model.set events, this one included' })
  modelVersion!: number;
  @ApiProperty({ description: 'The scoring_model.set event (the one in force, when nothing changed)' })
  eventId!: string;
  @ApiProperty() position!: number;
}

export class AssessmentWrittenDto {
  @ApiProperty() orgId!: string;
  @ApiProperty({ description: 'The organization.assessed event' }) eventId!: string;
  @ApiProperty() position!: number;
}

export class BreakdownDto {
  @ApiProperty() criterionId!: string;
  @ApiProperty({
    // `nullable` sits beside a `type` (OAS 3.0), inside the one member that a null then matches.
    oneOf: [{ type: 'number', nullable: true }, { type: 'string' }],
    description: 'x: the latest assessment, or the KPI over the org’s partnerships (money: decimal string)',
  })
  value!: number | string | null;
  @ApiProperty({
    type: 'number',
    nullable: true,
    description: 'clamp((x − min)/(max − min), 0, 1), half-up to 4 decimals; null: left out (prospect)',
  })
  normalized!: number | null;
  @ApiProperty() weight!: number;
}

export class PartnerScoreDto {
  @ApiProperty() orgId!: string;
  @ApiProperty({ description: '0–100, half-up to 2 decimals' }) score!: number;
  @ApiProperty({ type: 'string', nullable: true }) tier!: string | null;
  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'At the end of the previous quarter, under the model in force then',
  })
  previousTier!: string | null;
  @ApiProperty({ type: [BreakdownDto] }) breakdown!: BreakdownDto[];
  @ApiProperty({ type: [String] }) missing!: string[];
}

export class TierDto {
  @ApiProperty() tier!: string;
  @ApiProperty({ description: 'The least rounded score of the tier' }) minScore!: number;
}

export class PartnerScoresDto {
  @ApiProperty() asOf!: string;
  @ApiProperty({ description: 'The ledger position the figures reflect' }) position!: number;
  @ApiProperty({ description: 'The number of scoring_model.set events known by asOf (0: no model yet)' })
  modelVersion!: number;
  @ApiProperty({
    type: [TierDto],
    description: 'The tiers of the model in force at asOf, highest minScore first (not in API.md v1.1)',
  })
  tiers!: TierDto[];
  @ApiProperty({ type: [PartnerScoreDto] }) items!: PartnerScoreDto[];
}
