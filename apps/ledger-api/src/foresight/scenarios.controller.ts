import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/decorators';
import { BODY_ERRORS, Endpoint, PARTNERSHIP_NOT_VISIBLE, tooManyExpensive } from '../openapi/endpoint';
import { Scenarios } from './scenarios';
import { DefineScenarioBody, ProjectionDto, ProjectionQuery, ScenarioDto } from './scenarios.dto';

const READERS = ['admin', 'partner', 'auditor', 'governance'] as const;
const WRITERS = ['admin', 'partner'] as const;

/** Scenarios: assumptions on the record, and their projections (API.md, "Forecasts and scenarios"). */
@ApiTags('foresight')
@Controller('v1/partnerships/:partnershipId/scenarios')
export class ScenariosController {
  constructor(private readonly scenarios: Scenarios) {}

  @Post()
  @Endpoint({
    summary: 'Define or redefine a scenario',
    roles: [...WRITERS],
    description:
      'Writes scenario.defined; the predefined baseline, stress and upside may be redefined too. ' +
      'Each assumption is within ±100: newDealsPct and dealSizePct in percent, ' +
      'winRatePp in percentage points. The latest definition of a name known at atPosition applies.',
    errors: { ...BODY_ERRORS, 404: PARTNERSHIP_NOT_VISIBLE, 409: 'the partnership has ended' },
  })
  @ApiBody({ type: DefineScenarioBody, required: true })
  @ApiCreatedResponse({ type: ScenarioDto })
  define(@CurrentCaller() caller: Caller, @Param('partnershipId') id: string, @Body() body: unknown) {
    return this.scenarios.define(caller, id, body, new Date());
  }

  @Get(':name/projection')
  @Endpoint({
    summary: 'Project partner revenue under a scenario',
    roles: [...READERS],
    description:
      'Partner revenue = new partner deals × partner win rate × partner average deal size. Each driver ' +
      'is its mean over the last 4 complete periods at asOf (from the partnership’s start; null periods ' +
      'left out); the scenario scales new deals and deal size by its percentages and adds its ' +
      'percentage points to the win rate (clamped to 0–1). The projected periods follow the last ' +
      'complete period at asOf.',
    errors: {
      400: 'A bad `period`, `horizon`, `asOf`, `atPosition` or `minPosition`',
      404: `${PARTNERSHIP_NOT_VISIBLE}; or no scenario of that name is known at atPosition`,
      429: tooManyExpensive('with `atPosition`: the replays', 'LEDGER_KPI_REPLAY_LIMIT'),
    },
  })
  @ApiOkResponse({ type: ProjectionDto })
  projection(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId') id: string,
    @Param('name') name: string,
    @Query() query: ProjectionQuery,
  ): Promise<ProjectionDto> {
    return this.scenarios.projection(caller, id, name, query, new Date());
  }
}
