import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/decorators';
import { Endpoint, PARTNERSHIP_NOT_VISIBLE } from '../openapi/endpoint';
import { Alignment, AlignmentDto, AlignmentQuery } from './alignment';
import { AttributionQueries } from './attribution-queries';
import { AttributionDto, AttributionQuery } from './attribution.dto';

/** Who earned which revenue, and what each side prioritises: the readings partners argue over. */
@ApiTags('kpis')
@Controller('v1/partnerships/:partnershipId')
export class AttributionController {
  constructor(
    private readonly attribution: AttributionQueries,
    private readonly alignment: Alignment,
  ) {}

  @Get('attribution')
  @Endpoint({
    summary: 'Attribute won revenue to the partner orgs',
    roles: ['admin', 'partner', 'auditor', 'governance'],
    description:
      'Credits in minor units that sum to each deal’s amount (largest remainder). Model, window and ' +
      'half-life default to the charter’s; `proposal` answers as if that proposal were adopted.',
    errors: { 400: true, 404: `${PARTNERSHIP_NOT_VISIBLE}; or no such proposal` },
  })
  @ApiOkResponse({ type: AttributionDto })
  get(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId') id: string,
    @Query() query: AttributionQuery,
  ): Promise<AttributionDto> {
    return this.attribution.answer(caller, id, query, new Date());
  }

  @Get('alignment')
  @Endpoint({
    summary: 'What each org prioritises, side by side',
    roles: ['admin', 'partner', 'auditor', 'governance'],
    description: 'The charter’s priorities with each KPI’s value and status; `shared` and `oneSided` KPIs.',
    errors: { 400: true, 404: PARTNERSHIP_NOT_VISIBLE },
  })
  @ApiOkResponse({ type: AlignmentDto })
  align(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId') id: string,
    @Query() query: AlignmentQuery,
  ): Promise<AlignmentDto> {
    return this.alignment.answer(caller, id, query, new Date());
  }
}
