import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Caller, ROLES, Role } from '../../auth/caller';
import { CurrentCaller } from '../../auth/decorators';
import { Endpoint } from '../../openapi/endpoint';

export class MeDto {
  @ApiProperty() keyId!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiPropertyOptional({ description: 'The organization a partner key is bound to' }) orgId?: string;
}

/**
 * Who a key is: a dashboard or portal shows only what the key may read, without probing routes for
 * 403s. Says nothing a key's holder does not already know.
 */
@ApiTags('organizations and keys')
@Controller('v1/me')
export class MeController {
  @Get()
  @Endpoint({ summary: 'Who this API key is', roles: ['admin', 'partner', 'auditor', 'governance'] })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentCaller() caller: Caller): MeDto {
    return { keyId: caller.keyId, role: caller.role, ...(caller.orgId ? { orgId: caller.orgId } : {}) };
  }
}
