import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/decorators';
import { BODY_ERRORS, Endpoint } from '../openapi/endpoint';
import { RegisterKeyDto, RegisteredKeyDto, SigningKeyListDto } from './ledger.dto';
import { WitnessingService } from './witnessing.service';

@ApiTags('verification')
@Controller('v1/organizations/:orgId/signing-keys')
export class SigningKeysController {
  constructor(private readonly witnessing: WitnessingService) {}

  @Post()
  @Endpoint({
    summary: 'Register a witness signing key',
    roles: ['admin', 'partner', 'auditor'],
    description:
      'An Ed25519 public key with which the organization countersigns tree heads, ' +
      'with a proof that the organization holds it.',
    errors: {
      ...BODY_ERRORS,
      403: 'keys are registered by an admin or by the organization itself',
      404: 'The organization does not exist',
      409: 'The key is registered to another organization',
    },
  })
  @ApiCreatedResponse({
    type: RegisteredKeyDto,
    description: 'Registered; 200 when this key was already registered to this organization',
  })
  async register(
    @CurrentCaller() caller: Caller,
    @Param('orgId') orgId: string,
    @Body() body: RegisterKeyDto,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<RegisteredKeyDto> {
    const { keyId, created } = await this.witnessing.registerKey(caller, orgId, body.publicKey, body.proof);
    response.status(created ? 201 : 200);
    return { keyId, orgId };
  }

  @Get()
  @Endpoint({
    summary: 'List an organization’s signing keys',
    roles: ['admin', 'partner', 'auditor', 'governance'],
    errors: { 400: true },
  })
  @ApiOkResponse({ type: SigningKeyListDto })
  async list(@Param('orgId') orgId: string): Promise<SigningKeyListDto> {
    const keys = await this.witnessing.listKeys(orgId);
    return {
      items: keys.map(({ keyId, publicKey, createdAt }) => ({
        keyId,
        orgId,
        publicKey,
        createdAt: createdAt.toISOString(),
      })),
    };
  }
}
