import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { BODY_ERRORS, Endpoint } from '../../openapi/endpoint';
import { ApiKeyListDto, CreateApiKeyDto, IssuedApiKeyDto } from './api-keys.dto';
import { ApiKeysService } from './api-keys.service';

/** Key management is plain reference data, so the controller calls the service without a bus. */
@ApiTags('organizations and keys')
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @Endpoint({
    summary: 'Issue an API key',
    roles: ['admin'],
    description: 'The key is in the answer once; only a hash of it is stored. A partner key needs its orgId.',
    errors: BODY_ERRORS,
  })
  @ApiCreatedResponse({ type: IssuedApiKeyDto })
  issue(@Body() body: CreateApiKeyDto): Promise<IssuedApiKeyDto> {
    return this.keys.issue(body.role, body.orgId);
  }

  @Get()
  @Endpoint({ summary: 'List API keys', roles: ['admin'], description: 'Without their secrets.' })
  @ApiOkResponse({ type: ApiKeyListDto })
  async list(): Promise<ApiKeyListDto> {
    return { items: await this.keys.list() };
  }

  @Delete(':keyId')
  @HttpCode(204)
  @Endpoint({
    summary: 'Revoke an API key',
    roles: ['admin'],
    errors: { 400: true, 404: 'There is no key with this keyId' },
  })
  @ApiNoContentResponse({ description: 'The key stops working at once' })
  async revoke(@Param('keyId') keyId: string): Promise<void> {
    await this.keys.revoke(keyId);
  }
}
