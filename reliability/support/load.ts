import { randomUUID } from 'node:crypto';

/** Outcome of one append request under load: what the client knows for certain. */
export interface Attempt {
  readonly eventIds: string[];
  readonly at: number;
  status: number | 'network-error';
  receipt?: { eventId: string; position: number; version: number; hash: string }[];
}

/**
 * Writers that post batches of `size` cost.incurred events to one partnership each until `stop()`,
 * recording every attempt. A 201/200 is acknowledged; anything else leaves the outcome unknown or
 * rejected, as for a real portal.
 */
export function startLoad(url: string, key: string, partnershipIds: string[], size: number) {
  const attempts: Attempt[] = [];
  let running = true;
  const writers = partnershipIds.map(async (pid) => {
    while (running) {
      const events = Array.from({ length: size }, () => ({
        eventId: randomUUID(),
        type: 'cost.incurred',
        occurredAt: '2026-01-10T00:00:00Z',
        data: { amount: '1.00', category: 'mdf' },
      }));
      const attempt: Attempt = {
        eventIds: events.map((e) => e.eventId),
        at: Date.now(),
        status: 'network-error',
      };
      attempts.push(attempt);
      try {
        const res = await fetch(`${url}/v1/partnerships/${pid}/events`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ events }),
          signal: AbortSignal.timeout(20_000),
        });
        attempt.status = res.status;
        const body = (await res.json()) as { events?: Attempt['receipt'] };
        if (res.status === 201 || res.status === 200) attempt.receipt = body.events;
      } catch {
        attempt.status = 'network-error';
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
  return {
    attempts,
    stop: async () => {
      running = false;
      await Promise.all(writers);
    },
  };
}

export const acknowledged = (a: Attempt) => a.status === 201 || a.status === 200;

/** Every event of the ledger, read as an auditor would (GET /v1/events, paging). */
export async function readLedger(
  url: string,
  key: string,
): Promise<{ eventId: string; position: number; version: number; hash: string; partnershipId: string }[]> {
  const events = [];
  for (let next = 1; ;) {
    const res = await fetch(`${url}/v1/events?fromPosition=${next}&limit=1000`, {
      headers: { Authorization: `Bearer ${key}` },
    });
    const page = (await res.json()) as {
      items: { eventId: string; position: number; version: number; hash: string; partnershipId: string }[];
      nextPosition: number;
    };
    if (page.items.length === 0) return events;
    events.push(...page.items);
    next = page.nextPosition;
  }
}

export function newIds(n: number): string[] {
  return Array.from({ length: n }, () => randomUUID());
}

/** One HTTP answer as a portal sees it. */
export interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: Record<string, any>;
}

/**
 * POSTs that wait out 429s as a polite portal does (sleeping Retry-After) and count them, so tests
 * under load judge only the answers the ledger gave to requests it accepted to consider. A body that
 * is not JSON is kept as `{ text }` for the test's message.
 */
export function throttleAwarePoster(timeoutMs: number) {
  let throttled = 0;
  const post = async (url: string, key: string, body: unknown): Promise<Answer> => {
    for (;;) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      if (res.status === 429) {
        throttled += 1;
        await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get('retry-after') ?? 1)));
        continue;
      }
      return {
        status: res.status,
        contentType: res.headers.get('content-type') ?? '',
        body: parseOrText(text),
      };
    }
  };
  return { post, throttled: () => throttled };
}

function parseOrText(text: string): Record<string, any> {
  try {
    return JSON.parse(text);
  } catch {
    return { text: text.slice(0, 200) };
  }
}
