import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeysService } from '../admin/api-keys/api-keys.service';
import { Role } from './caller';
import { AuthenticatedRequest, PUBLIC_KEY, ROLES_KEY } from './decorators';

/**
 * Authenticates every request by its Bearer API key and checks the route's roles.
 * Missing, unknown or revoked key → 401; known key with a role the route does not allow → 403.
 * Routes without @Roles are refused to everyone but admin, so a forgotten decorator fails closed.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = bearerOf(request.headers.authorization);
    if (!key) throw new UnauthorizedException('an API key is required: Authorization: Bearer <key>');
    const caller = await this.keys.authenticate(key);
    if (!caller) throw new UnauthorizedException('the API key is unknown or revoked');
    request.caller = caller;
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? ['admin'];
    if (!roles.includes(caller.role)) {
      throw new ForbiddenException(`the ${caller.role} role may not do this; allowed: ${roles.join(', ')}`);
    }
    return true;
  }
}

function bearerOf(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
