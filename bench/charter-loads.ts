import { setTimeout as sleep } from 'node:timers/promises';
import { call } from '../test/support/process';
import { ApiProcess, LoadResult, load } from './api-process';
import { interleaved, median } from './support';

/**
 * The HTTP loads of the charter benchmark: autocannon at a fixed number of connections on each target,
 * the targets interleaved run by run (each on a settled API), and what one answer of each looks like.
 */
export interface Target {
  readonly path: () => string;
  readonly key: string;
}

export async function loads<K extends string>(
  api: ApiProcess,
  targets: Record<K, Target>,
  options: { runs: number; seconds: number; connections: number; log: (m: string) => void },
): Promise<Record<K, LoadResult[]>> {
  const names = Object.keys(targets) as K[];
  const out = Object.fromEntries(names.map((n) => [n, [] as LoadResult[]])) as Record<K, LoadResult[]>;
  await interleaved(options.runs, names, async (name, r) => {
    const { path, key } = targets[name];
    const result = await load({
      url: api.url,
      key,
      connections: options.connections,
      seconds: options.seconds,
      path,
    });
    await quiet(api.url);
    out[name].push(result);
    options.log(
      `run ${r + 1} ${name}: ${result.rps.toFixed(1)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms`,
    );
    return result.p99;
  });
  return out;
}

/** Each figure of a load is the median of that figure over its runs. */
export function medianOf(results: readonly LoadResult[]): LoadResult {
  const of = (pick: (l: LoadResult) => number) => median(results.map(pick));
  return {
    requests: of((l) => l.requests),
    p50: of((l) => l.p50),
    p99: of((l) => l.p99),
    rps: of((l) => l.rps),
    timeouts: of((l) => l.timeouts),
  };
}

/** A business time after every generated event, distinct for each request (no answer is reused). */
export function freshAsOf(base: string): () => string {
  let n = 0;
  return () => new Date(Date.parse(base) + (n += 1)).toISOString();
}

export type Probe =
  | { readonly kind: 'ok'; readonly bytes: number; readonly body: Record<string, unknown> }
  | { readonly kind: 'absent' }
  | { readonly kind: 'failed'; readonly detail: string };

/**
 * One request: its answer, or `absent` when the router has no such route (a 404 without the domain's
 * `code`, which a missing partnership would carry).
 */
export async function probe(api: ApiProcess, key: string, path: string): Promise<Probe> {
  const answer = await call(api.url, key, 'GET', path);
  if (answer.status === 404 && answer.body?.code === undefined) return { kind: 'absent' };
  if (answer.status !== 200)
    return { kind: 'failed', detail: `${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}` };
  return { kind: 'ok', bytes: Buffer.byteLength(JSON.stringify(answer.body)), body: answer.body };
}

/**
 * Waits until /health answers within 50 ms three times in a row (at most 5 minutes). Like
 * ApiProcess.settled, but a probe that fails (a connection not accepted within fetch's 10 s while the
 * event loop still computes what a load left running) is asked again instead of ending the benchmark.
 */
export async function quiet(url: string): Promise<void> {
  const deadline = Date.now() + 5 * 60_000;
  for (let quick = 0; quick < 3;) {
    if (Date.now() > deadline) throw new Error('the API did not settle within 5 minutes');
    const start = performance.now();
    const ok = await fetch(`${url}/health`, { signal: AbortSignal.timeout(60_000) }).then(
      (res) => res.arrayBuffer().then(() => res.ok),
      () => false,
    );
    quick = ok && performance.now() - start < 50 ? quick + 1 : 0;
    await sleep(100);
  }
}

/** Latencies (ms) of `count` requests sent one at a time on a settled API. */
export async function alone(
  api: ApiProcess,
  key: string,
  path: () => string,
  count: number,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    await quiet(api.url);
    const start = performance.now();
    const answer = await call(api.url, key, 'GET', path());
    if (answer.status !== 200) throw new Error(`${path()}: ${answer.status}`);
    times.push(performance.now() - start);
  }
  return times;
}

/** Latencies (ms) of `count` requests to each target, one at a time, the targets taking turns. */
export async function alternating<K extends string>(
  api: ApiProcess,
  key: string,
  paths: Record<K, () => string>,
  count: number,
): Promise<Record<K, number[]>> {
  const names = Object.keys(paths) as K[];
  const out = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (let i = 0; i < count; i += 1) {
    const order = i % 2 ? [...names].reverse() : names;
    for (const name of order) out[name].push(...(await alone(api, key, paths[name], 1)));
  }
  return out;
}
