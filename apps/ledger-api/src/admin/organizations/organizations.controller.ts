import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { NotFound } from '@ledger/domain';
import { Caller } from '../../auth/caller';
import { CurrentCaller, Roles } from '../../auth/decorators';
import { CreateOrganizationDto, OrganizationDto, OrganizationListDto } from './organizations.dto';
import { CreateOrganization, GetOrganization, ListOrganizations } from './organizations.commands';

@ApiTags('organizations and keys')
@ApiBearerAuth()
@Controller('v1/organizations')
export class OrganizationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: OrganizationDto })
  create(@Body() body: CreateOrganizationDto): Promise<OrganizationDto> {
    return this.commands.execute(new CreateOrganization(body.orgId, body.name));
  }

  @Get()
  @Roles('admin', 'auditor', 'governance')
  @ApiOkResponse({ type: OrganizationListDto })
  async list(): Promise<OrganizationListDto> {
    return { items: await this.queries.execute(new ListOrganizations()) };
  }

  @Get(':orgId')
  @Roles('admin', 'auditor', 'governance', 'partner')
  @ApiOkResponse({ type: OrganizationDto })
  get(@Param('orgId') orgId: string, @CurrentCaller() caller: Caller): Promise<OrganizationDto> {
    if (caller.role === 'partner' && caller.orgId !== orgId) {
      throw new NotFound('organization_not_found', `organization ${orgId} does not exist`);
    }
    return this.queries.execute(new GetOrganization(orgId));
  }
}
