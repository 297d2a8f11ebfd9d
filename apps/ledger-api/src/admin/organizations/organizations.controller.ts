import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { NotFound } from '@ledger/domain';
import { Caller } from '../../auth/caller';
import { CurrentCaller } from '../../auth/decorators';
import { BODY_ERRORS, Endpoint } from '../../openapi/endpoint';
import { CreateOrganizationDto, OrganizationDto, OrganizationListDto } from './organizations.dto';
import { Organizations } from './organizations.commands';

@ApiTags('organizations and keys')
@Controller('v1/organizations')
export class OrganizationsController {
  constructor(private readonly organizations: Organizations) {}

  @Post()
  @Endpoint({
    summary: 'Create an organization',
    roles: ['admin'],
    description: 'The orgId is generated from the name when absent.',
    errors: { ...BODY_ERRORS, 409: 'The orgId is taken' },
  })
  @ApiCreatedResponse({ type: OrganizationDto })
  create(@Body() body: CreateOrganizationDto): Promise<OrganizationDto> {
    return this.organizations.create(body.orgId, body.name);
  }

  @Get()
  @Endpoint({ summary: 'List organizations', roles: ['admin', 'auditor', 'governance'] })
  @ApiOkResponse({ type: OrganizationListDto })
  async list(): Promise<OrganizationListDto> {
    return { items: await this.organizations.list() };
  }

  @Get(':orgId')
  @Endpoint({
    summary: 'Get an organization',
    roles: ['admin', 'auditor', 'governance', 'partner'],
    description: 'A partner key may look up its own organization only.',
    errors: { 400: true, 404: 'The organization does not exist, or is not the partner key’s own' },
  })
  @ApiOkResponse({ type: OrganizationDto })
  get(@Param('orgId') orgId: string, @CurrentCaller() caller: Caller): Promise<OrganizationDto> {
    if (caller.role === 'partner' && caller.orgId !== orgId) {
      throw new NotFound('organization_not_found', `organization ${orgId} does not exist`);
    }
    return this.organizations.get(orgId);
  }
}
