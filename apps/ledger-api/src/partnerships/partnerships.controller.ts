import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller } from '../auth/caller';
import { CurrentCaller, Roles } from '../auth/decorators';
import { FormPartnershipDto, FormedPartnershipDto } from './form-partnership/form-partnership.dto';
import { FormPartnership } from './form-partnership/form-partnership.handler';
import { PartnershipDto, PartnershipListDto } from './partnership.dto';
import { GetPartnership, ListPartnerships } from './read-partnerships/read-partnerships.handlers';

@ApiTags('partnerships')
@ApiBearerAuth()
@Controller('v1/partnerships')
export class PartnershipsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('admin', 'partner')
  @ApiCreatedResponse({ type: FormedPartnershipDto, description: 'Records partnership.formed as the partnership’s first event' })
  form(@CurrentCaller() caller: Caller, @Body() body: FormPartnershipDto): Promise<FormedPartnershipDto> {
    return this.commands.execute(new FormPartnership(caller, body, new Date()));
  }

  @Get()
  @Roles('admin', 'partner', 'auditor', 'governance')
  @ApiOkResponse({ type: PartnershipListDto, description: 'The partnerships the caller may see' })
  async list(@CurrentCaller() caller: Caller): Promise<PartnershipListDto> {
    return { items: await this.queries.execute(new ListPartnerships(caller)) };
  }

  @Get(':partnershipId')
  @Roles('admin', 'partner', 'auditor', 'governance')
  @ApiOkResponse({ type: PartnershipDto })
  get(@CurrentCaller() caller: Caller, @Param('partnershipId') partnershipId: string): Promise<PartnershipDto> {
    return this.queries.execute(new GetPartnership(caller, partnershipId));
  }
}
