import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Authenticator } from './authenticator';
import { Role } from './caller';
import { AuthenticatedRequest, PUBLIC_KEY, ROLES_KEY } from './decorators';

/**
 * Authenticates every request by its Bearer API key and checks the route's roles.
 * Missing, unknown or revoked key → 401; known key with a role the route does not allow → 403.
 * Routes without @Roles are refused to everyone but admin, so a forgotten decorator fails closed.
 * The key itself is usually checked on arrival, before the body is read (on-arrival.ts); the guard then
 * finds the caller already established, and otherwise checks the key itself, the same way.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = routeAccess(this.reflector, context.getHandler(), context.getClass());
    if (access === 'public') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const caller = await this.authenticator.identify(request);
    if (!access.includes(caller.role)) {
      throw new ForbiddenException(`the ${caller.role} role may not do this; allowed: ${access.join(', ')}`);
    }
    return true;
  }
}

/**
 * Who may call a handler: anyone (`public`) or the roles of its @Roles (method, else class, else
 * admin only). The OpenAPI test checks every documented operation against this very function.
 */
/** A route's handler or controller class: what Nest's Reflector reads metadata from. */
export type Handler = ReturnType<ExecutionContext['getHandler']>;

export function routeAccess(
  reflector: Reflector,
  handler: Handler,
  controller: Handler,
): 'public' | readonly Role[] {
  const targets = [handler, controller];
  if (reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return 'public';
  return reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? ['admin'];
}
