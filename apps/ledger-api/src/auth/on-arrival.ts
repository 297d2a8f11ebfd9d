import type { FastifyInstance } from 'fastify';
import { Authenticator } from './authenticator';
import { AuthenticatedRequest, isKeyedRoute } from './decorators';

/**
 * Checks the API key of a request to a keyed route as soon as its headers are in, before its body is
 * read: a client without a working key is answered 401 (or 429) at once and its body is never held in
 * memory (Node discards what is still to come). Before this, 200 keyless uploads of 4 MB each were
 * buffered whole before the guard refused them.
 *
 * Guarantees: only routes marked keyed by @Roles (through their Fastify route config; every keyed
 * operation, as `Endpoint` applies it) are checked here: public routes, unmatched paths (404) and the
 * OpenAPI UI are left alone, as before. The guard still decides on roles, with the caller found here.
 * Constraints: registered after helmet, so early answers carry its headers too.
 */
export function identifyOnArrival(fastify: FastifyInstance, authenticator: Authenticator): void {
  fastify.addHook('onRequest', async (request) => {
    if (!isKeyedRoute(request)) return;
    await authenticator.identify(request as AuthenticatedRequest);
  });
}
