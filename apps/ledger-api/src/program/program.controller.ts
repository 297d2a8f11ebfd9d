import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/decorators';
import { BODY_ERRORS, Endpoint, tooManyExpensive } from '../openapi/endpoint';
import { PartnerScoresQueries } from './partner-scores';
import {
  AssessmentBody,
  AssessmentWrittenDto,
  PartnerScoresDto,
  PartnerScoresQuery,
  ScoringModelBody,
  ScoringModelWrittenDto,
} from './program.dto';
import { ProgramWrites } from './program-writes';

const WRITERS = ['admin', 'governance'] as const;

/** Partner scoring and tiering (API.md): the program's scoring model, assessments and scores. */
@ApiTags('partner scoring')
@Controller('v1')
export class ProgramController {
  constructor(
    private readonly writes: ProgramWrites,
    private readonly scores: PartnerScoresQueries,
  ) {}

  @Put('program/scoring-model')
  @HttpCode(200)
  @Endpoint({
    summary: 'Set the program’s scoring model',
    roles: [...WRITERS],
    description:
      'Writes scoring_model.set to the program stream, in force from now. The same model as the latest ' +
      'writes nothing and names the one in force.',
    errors: { ...BODY_ERRORS },
  })
  @ApiBody({ type: ScoringModelBody, required: true })
  @ApiOkResponse({ type: ScoringModelWrittenDto })
  setModel(@CurrentCaller() caller: Caller, @Body() body: unknown): Promise<ScoringModelWrittenDto> {
    return this.writes.setModel(caller, body, new Date());
  }

  @Post('organizations/:orgId/assessments')
  @Endpoint({
    summary: 'Assess an organization',
    roles: [...WRITERS],
    description:
      'Writes organization.assessed to the program stream. Each score names an assessment criterion of ' +
      'the model in force.',
    errors: {
      ...BODY_ERRORS,
      404: 'No such organization (`organization_not_found`)',
      409: 'No scoring model is in force yet (`no_scoring_model`)',
    },
  })
  @ApiBody({ type: AssessmentBody, required: true })
  @ApiCreatedResponse({ type: AssessmentWrittenDto })
  assess(
    @CurrentCaller() caller: Caller,
    @Param('orgId') orgId: string,
    @Body() body: unknown,
  ): Promise<AssessmentWrittenDto> {
    return this.writes.assess(caller, orgId, body, new Date());
  }

  @Get('partner-scores')
  @Endpoint({
    summary: 'Partner scores and tiers',
    roles: ['admin', 'governance', 'auditor'],
    description:
      'Every org the ledger names by asOf (members of partnerships started by then, and orgs assessed ' +
      'by then), ranked by score then orgId; `{modelVersion: 0, items: []}` before any model.',
    errors: {
      400: true,
      429: tooManyExpensive('atPosition replays', 'LEDGER_KPI_REPLAY_LIMIT'),
      503: 'The read models have not reached minPosition within 5 s, or the database is unavailable',
    },
  })
  @ApiOkResponse({ type: PartnerScoresDto })
  read(@Query() query: PartnerScoresQuery): Promise<PartnerScoresDto> {
    return this.scores.read(query, new Date()) as Promise<PartnerScoresDto>;
  }
}
