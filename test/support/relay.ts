import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

type Json = any;

/** Rewrites the JSON answer to one GET (path without the query, and its query); undefined keeps it. */
export type Rewrite = (path: string, query: URLSearchParams, body: Json) => Json | undefined;

export interface Relay {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * A relay between the auditor's CLI and the ledger, as a proxy or a compromised gateway would sit: it
 * forwards every request to the real ledger and may rewrite the JSON answers (drop an event from a page,
 * cut the last page short). Real: the ledger behind it and its answers. Faked: only what `rewrite` changes.
 */
export async function startRelay(target: string, rewrite: Rewrite): Promise<Relay> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://relay');
      const answer = await fetch(new URL(`${url.pathname}${url.search}`, target), {
        method: req.method,
        headers: { authorization: req.headers.authorization ?? '', accept: 'application/json' },
      });
      const text = await answer.text();
      const json =
        (answer.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) : undefined;
      const changed = json === undefined ? undefined : rewrite(url.pathname, url.searchParams, json);
      res.writeHead(answer.status, {
        'content-type': answer.headers.get('content-type') ?? 'application/json',
      });
      res.end(changed === undefined ? text : JSON.stringify(changed));
    })().catch((error: Error) => {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 502, detail: error.message }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A rewrite that drops the items matching `drop` from every page of `path`. */
export function dropping(path: RegExp, drop: (item: Json) => boolean): Rewrite {
  return (p, _query, body) =>
    path.test(p) && Array.isArray(body?.items)
      ? { ...body, items: body.items.filter((i: Json) => !drop(i)) }
      : undefined;
}
