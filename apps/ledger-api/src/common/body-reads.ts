import type { FastifyInstance } from 'fastify';
import { hasBody } from './json-body';
import { RetryLater } from './problem';

/**
 * At most `max` request bodies are received at once, in all: a body is held in memory while it arrives
 * (up to 4 MiB, json-body.ts), so this caps what slow or stalled uploads can hold at about max × 4 MiB.
 * Past it the request is answered 503 with Retry-After: 1 before its body is read; the server is busy,
 * not the client at fault (a 429 would say this client sent too much), and appends are safe to retry.
 *
 * Guarantees: a slot is taken only after the key check on arrival (on-arrival.ts), so clients without
 * a working key never take one; it is given back once, at the first of: the body fully received, the
 * request answered (an unread body is then discarded by Node, not kept), or the connection closed.
 * Constraints: the slots are shared by every client; the request timeout (30 s) bounds how long a
 * stalled upload holds one.
 */
export function limitBodyReads(fastify: FastifyInstance, max: number): void {
  let reading = 0;
  const holding = new WeakSet<object>();
  const release = (request: object) => {
    if (holding.delete(request)) reading -= 1;
  };
  fastify.addHook('preParsing', async (request, _reply, payload) => {
    if (!hasBody(request)) return payload;
    if (reading >= max) throw busy(max);
    reading += 1;
    holding.add(request);
    for (const event of ['end', 'close', 'error']) payload.once(event, () => release(request));
    return payload;
  });
  fastify.addHook('onResponse', async (request) => release(request));
}

function busy(max: number): RetryLater {
  const detail = `${max} request bodies are being received already; retry in 1 s (appends are safe to retry)`;
  return new RetryLater(503, 'server-busy', 'Server busy', detail, 1);
}
