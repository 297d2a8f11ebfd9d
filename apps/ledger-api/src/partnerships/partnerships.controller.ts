import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/decorators';
import { BODY_ERRORS, Endpoint, PARTNERSHIP_NOT_VISIBLE } from '../openapi/endpoint';
import { FormPartnershipDto, FormedPartnershipDto } from './form-partnership/form-partnership.dto';
import { FormPartnership } from './form-partnership/form-partnership.handler';
import { ReadPartnerships } from './read-partnerships/read-partnerships.handlers';
import { PartnershipDto, PartnershipListDto } from './partnership.dto';

@ApiTags('partnerships')
@Controller('v1/partnerships')
export class PartnershipsController {
  constructor(
    private readonly forming: FormPartnership,
    private readonly reading: ReadPartnerships,
  ) {}

  @Post()
  @Endpoint({
    summary: 'Form a partnership',
    roles: ['admin', 'partner'],
    description:
      'Between 2–10 distinct existing organizations; a partner key’s own organization must be one of them.',
    errors: {
      ...BODY_ERRORS,
      403: 'a partner key names partnerOrgIds without its own organization',
      409: 'A partnership with this partnershipId already exists',
    },
  })
  @ApiCreatedResponse({
    type: FormedPartnershipDto,
    description: 'Records partnership.formed as the partnership’s first event',
  })
  form(@CurrentCaller() caller: Caller, @Body() body: FormPartnershipDto): Promise<FormedPartnershipDto> {
    return this.forming.form(caller, body, new Date());
  }

  @Get()
  @Endpoint({ summary: 'List partnerships', roles: ['admin', 'partner', 'auditor', 'governance'] })
  @ApiOkResponse({ type: PartnershipListDto, description: 'The partnerships the caller may see' })
  async list(@CurrentCaller() caller: Caller): Promise<PartnershipListDto> {
    return { items: await this.reading.list(caller) };
  }

  @Get(':partnershipId')
  @Endpoint({
    summary: 'Get a partnership',
    roles: ['admin', 'partner', 'auditor', 'governance'],
    errors: { 400: true, 404: PARTNERSHIP_NOT_VISIBLE },
  })
  @ApiOkResponse({ type: PartnershipDto })
  get(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId') partnershipId: string,
  ): Promise<PartnershipDto> {
    return this.reading.get(caller, partnershipId);
  }
}
