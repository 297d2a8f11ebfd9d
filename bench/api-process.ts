import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { call, startService, stopService } from '../test/support/process';

/**
 * The API as users run it (`node scripts/start.mjs`, PostgreSQL mode) in a process of its own, so its
 * memory can be read and the load generator does not share its event loop.
 */
export const ADMIN_KEY = 'bench-admin-key-0123456789abcdef0123456789';

export interface ApiProcess {
  readonly url: string;
  /** The API's process id (its threads are /proc/<pid>/task/*). */
  readonly pid: number;
  /** Resolves once requests still running in the API (after a load generator stopped) have finished. */
  settled(): Promise<void>;
  /** Resident set size of the API process now, in MiB. */
  rssMiB(): number;
  call(
    method: string,
    path: string,
    body?: unknown,
    key?: string,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  stop(): Promise<void>;
}

/** The API compiled with the benchmarks (`npm run bench:build`), for benchmarks that must not rebuild dist/. */
export const BENCH_BUILT_API = 'dist-bench/apps/ledger-api/src/main.js';

export async function startApi(
  databaseUrl: string,
  env: Record<string, string> = {},
  script?: string,
): Promise<ApiProcess> {
  const running = await startService(
    {
      ...process.env,
      DATABASE_URL: databaseUrl,
      LEDGER_ADMIN_KEY: ADMIN_KEY,
      LOG_LEVEL: 'error',
      LEDGER_RATE_LIMIT: '0',
      ...env,
    },
    0,
    script,
  );
  const { child } = running;
  const url = running.url.replace('localhost', '127.0.0.1');
  // When the API dies mid-run, its last output is the only record of why: say it with the error.
  const alive = () => {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(
        `the API exited (${child.exitCode ?? child.signalCode}):\n${running.output().slice(-3000)}`,
      );
  };
  // A refused connection can come before the exit event: give it a moment to arrive.
  const explain = async (error: unknown): Promise<never> => {
    await new Promise((r) => setTimeout(r, 1000));
    alive();
    throw error;
  };
  return {
    url,
    pid: child.pid!,
    rssMiB: () => {
      alive();
      return (
        Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024
      );
    },
    call: async (method, path, body, key = ADMIN_KEY) => {
      const answer = await call(url, key, method, path, body).catch(explain);
      if (answer.status >= 400)
        throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
      return answer;
    },
    settled: () => settled(url).catch(explain),
    stop: async () => void (await stopService(running)),
  };
}

/** The API is settled when /health answers within 50 ms three times in a row (at most a minute). */
async function settled(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (let quick = 0; quick < 3 && Date.now() < deadline;) {
    const start = performance.now();
    await fetch(`${url}/health`);
    quick = performance.now() - start < 50 ? quick + 1 : 0;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface LoadResult {
  /** Requests answered within the load's duration (autocannon counts no others). */
  readonly requests: number;
  readonly p50: number;
  readonly p99: number;
  readonly rps: number;
  /** Requests that got no answer within 30 s. */
  readonly timeouts: number;
}

/** autocannon against the API; every answer must be 2xx, or the figure would measure failures. */
export async function load(options: {
  url: string;
  key?: string;
  connections: number;
  seconds: number;
  path: () => string;
  method?: 'GET' | 'POST';
  body?: () => string;
  timeoutsExpected?: boolean;
}): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    timeout: 30,
    method: options.method ?? 'GET',
    headers: { Authorization: `Bearer ${options.key ?? ADMIN_KEY}`, 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req: Record<string, unknown>) => ({
          ...req,
          path: options.path(),
          ...(options.body ? { body: options.body() } : {}),
        }),
      },
    ],
  } as never);
  // A request still waiting after autocannon's 30 s is counted as a timeout and as an error.
  const failed = options.timeoutsExpected
    ? result.non2xx > 0 || result.errors > result.timeouts
    : result.non2xx > 0 || result.errors > 0 || result.timeouts > 0;
  if (failed) {
    throw new Error(
      `${options.path()}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.average,
    requests: result.requests.total,
    timeouts: result.timeouts,
  };
}

/** Rebuilds the projection from position 1 (POST /v1/projections/rebuild): events per second until swapped in. */
export async function rebuildRate(api: ApiProcess, total: number): Promise<number> {
  const start = performance.now();
  const { rebuildId } = (await api.call('POST', '/v1/projections/rebuild')).body as { rebuildId: string };
  for (;;) {
    const view = (
      (await api.call('GET', '/v1/projections')).body as {
        items: { rebuild?: { rebuildId: string; state: string } }[];
      }
    ).items[0];
    if (view.rebuild?.rebuildId === rebuildId && view.rebuild.state === 'completed') break;
    if (view.rebuild?.state === 'failed') throw new Error('rebuild failed');
    await new Promise((r) => setTimeout(r, 20));
  }
  return total / ((performance.now() - start) / 1000);
}

/** Waits until the projection has applied `total` events. */
export async function projected(api: ApiProcess, total: number): Promise<void> {
  for (;;) {
    const view = ((await api.call('GET', '/v1/projections')).body as { items: { position: number }[] })
      .items[0];
    if (view.position >= total) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}
