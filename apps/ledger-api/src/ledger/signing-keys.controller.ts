import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Caller } from '../auth/caller';
import { CurrentCaller, Roles } from '../auth/decorators';
import { RegisterKeyDto, RegisteredKeyDto } from './ledger.dto';
import { WitnessingService } from './witnessing.service';

@ApiTags('verification')
@ApiBearerAuth()
@Controller('v1/organizations/:orgId/signing-keys')
export class SigningKeysController {
  constructor(private readonly witnessing: WitnessingService) {}

  @Post()
  @Roles('admin', 'partner', 'auditor')
  @ApiCreatedResponse({ type: RegisteredKeyDto, description: 'Registered; 200 when this key was already registered to this organization' })
  async register(
    @CurrentCaller() caller: Caller,
    @Param('orgId') orgId: string,
    @Body() body: RegisterKeyDto,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<RegisteredKeyDto> {
    const { keyId, created } = await this.witnessing.registerKey(caller, orgId, body.publicKey);
    response.status(created ? 201 : 200);
    return { keyId, orgId };
  }

  @Get()
  @Roles('admin', 'partner', 'auditor', 'governance')
  @ApiOkResponse({ description: '{items: [{keyId, orgId, publicKey, createdAt}]}' })
  async list(@Param('orgId') orgId: string) {
    const keys = await this.witnessing.listKeys(orgId);
    return { items: keys.map(({ keyId, publicKey, createdAt }) => ({ keyId, orgId, publicKey, createdAt: createdAt.toISOString() })) };
  }
}
