import type { FastifyInstance } from 'fastify';
import { hasBody } from './json-body';
import { RetryLater } from './problem';

/** How long a request waits for a slot before it is refused: a burst of small bodies frees slots in ms. */
const SLOT_WAIT_MS = 1_000;

/**
 * At most `max` request bodies are received at once, in all: a body is held in memory while it arrives
 * (up to 4 MiB, json-body.ts), so this caps what slow or stalled uploads can hold at about max × 4 MiB.
 * A request past it waits up to 1 s for a slot (its body unread, so it holds no more than a socket
 * buffer), then is answered 503 with Retry-After: 1; the server is busy, not the client at fault (a 429
 * would say this client sent too much), and appends are safe to retry.
 *
 * Guarantees: a slot is taken only after the key check on arrival (on-arrival.ts), so clients without
 * a working key never take one; it is given back once, at the first of: the body fully received, the
 * request answered (an unread body is then discarded by Node, not kept), or the connection closed; a
 * freed slot goes to the longest-waiting request. A burst of more than `max` small bodies at one
 * instant is therefore served, not refused; only bodies that stay unfinished for a second are.
 * Constraints: the slots are shared by every client; the request timeout (30 s) bounds how long a
 * stalled upload holds one.
 */
export function limitBodyReads(fastify: FastifyInstance, max: number): void {
  const slots = new Slots(max);
  const holding = new WeakSet<object>();
  const release = (request: object) => {
    if (holding.delete(request)) slots.release();
  };
  fastify.addHook('preParsing', async (request, _reply, payload) => {
    if (!hasBody(request)) return payload;
    if (!(await slots.take(SLOT_WAIT_MS))) throw busy(max);
    holding.add(request);
    for (const event of ['end', 'close', 'error']) payload.once(event, () => release(request));
    if (request.raw.destroyed) release(request); // it went away while it waited
    return payload;
  });
  fastify.addHook('onResponse', async (request) => release(request));
}

/** A counting semaphore whose waiters give up after a while. */
export class Slots {
  private used = 0;
  private readonly waiting: Array<(taken: boolean) => void> = [];

  constructor(private readonly max: number) {}

  /** Resolves true once a slot is this caller's, false if none freed up within `waitMs`. */
  take(waitMs: number): Promise<boolean> {
    if (this.used < this.max) {
      this.used += 1;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(handOver), 1);
        resolve(false);
      }, waitMs);
      const handOver = (taken: boolean) => {
        clearTimeout(timer);
        resolve(taken);
      };
      this.waiting.push(handOver);
    });
  }

  /** A freed slot passes straight to the longest waiter, so `used` never drops below what is held. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next(true);
    else this.used -= 1;
  }
}

function busy(max: number): RetryLater {
  const detail = `${max} request bodies are being received already; retry in 1 s (appends are safe to retry)`;
  return new RetryLater(503, 'server-busy', 'Server busy', detail, 1);
}
