import { ExecutionContext, SetMetadata, applyDecorators, createParamDecorator } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { Caller, Role } from './caller';

export const ROLES_KEY = 'ledger:roles';
export const PUBLIC_KEY = 'ledger:public';

/**
 * In a keyed route's Fastify config, so that the key check on arrival (on-arrival.ts) knows the route is
 * keyed before any guard runs. Public routes, unmatched paths and the OpenAPI UI do not carry it.
 */
const KEYED_ROUTE = { ledgerKeyed: true } as const;

/**
 * The roles that may call a route; every other authenticated key gets 403. Controllers apply it through
 * `Endpoint` (openapi/endpoint.ts), so that the OpenAPI document names the very same roles.
 * Method decorators only, this one and `Public`: Nest copies a route's config from its method, so on a
 * controller class the guard would see them and the arrival hook would not.
 */
export const Roles = (...roles: Role[]): MethodDecorator =>
  applyDecorators(SetMetadata(ROLES_KEY, roles), RouteConfig(KEYED_ROUTE));

/** A route that needs no API key (health, metrics, the ledger's public key): see openapi/endpoint.ts. */
export const Public = (): MethodDecorator => SetMetadata(PUBLIC_KEY, true);

/** Whether a request is for a route marked with @Roles: readable on arrival, before the body. */
export function isKeyedRoute(request: FastifyRequest): boolean {
  return (request.routeOptions.config as Partial<typeof KEYED_ROUTE> | undefined)?.ledgerKeyed === true;
}

export type AuthenticatedRequest = FastifyRequest & { caller?: Caller };

export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<AuthenticatedRequest>().caller;
  if (!caller) throw new Error('route has no authenticated caller: is it marked @Public()?');
  return caller;
});
