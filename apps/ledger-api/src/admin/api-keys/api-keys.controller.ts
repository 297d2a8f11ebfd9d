import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/decorators';
import { ApiKeyListDto, CreateApiKeyDto, IssuedApiKeyDto } from './api-keys.dto';
import { ApiKeysService } from './api-keys.service';

/** Key management is plain reference data, so the controller calls the service without a bus. */
@ApiTags('organizations and keys')
@ApiBearerAuth()
@Controller('v1/api-keys')
@Roles('admin')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @ApiCreatedResponse({ type: IssuedApiKeyDto })
  issue(@Body() body: CreateApiKeyDto): Promise<IssuedApiKeyDto> {
    return this.keys.issue(body.role, body.orgId);
  }

  @Get()
  @ApiOkResponse({ type: ApiKeyListDto })
  async list(): Promise<ApiKeyListDto> {
    return { items: await this.keys.list() };
  }

  @Delete(':keyId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The key stops working at once' })
  async revoke(@Param('keyId') keyId: string): Promise<void> {
    await this.keys.revoke(keyId);
  }
}
