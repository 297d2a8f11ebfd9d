import { execSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { Client } from 'pg';

/** Shared helpers of the benchmarks: scale, medians, machine description, a fresh database. */
export type Scale = 'small' | 'default';
export const SCALE: Scale = scaleOf(process.env.BENCH_SCALE);

function scaleOf(value: string | undefined): Scale {
  if (value === undefined || value === '' || value === 'default') return 'default';
  if (value === 'small') return 'small';
  throw new Error(`BENCH_SCALE must be small or default, not ${value}`);
}

/** The nearest-rank percentile (p in 0–100); NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function machine(databaseUrl: string): Promise<string> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ v: string }>('SELECT current_setting($$server_version$$) AS v');
  await client.end();
  const disk = (() => {
    try {
      return execSync('df -h . | tail -1', { encoding: 'utf8' }).trim().split(/\s+/)[0];
    } catch {
      return 'unknown';
    }
  })();
  return [
    `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`,
    `${Math.round(totalmem() / 2 ** 30)} GiB RAM`,
    `Node ${process.version}`,
    `PostgreSQL ${rows[0].v} (fsync on, local, ${disk})`,
  ].join('; ');
}

/** A fresh database on the server of BENCH_DATABASE_URL (default: the local PostgreSQL). */
export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base =
    process.env.BENCH_DATABASE_URL ??
    process.env.TEST_DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `ledger_bench_${Date.now()}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Prints a progress line prefixed with the benchmark's name. */
export function logger(name: string): (message: string) => void {
  return (message) => process.stdout.write(`[bench:${name}] ${message}\n`);
}

/** Runs a benchmark's main and exits non-zero with the stack when it fails. */
export function run(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}

/** Runs `body` once per run, each run calling every variant once, so noise hits all variants alike. */
export async function interleaved<K extends string>(
  runs: number,
  variants: readonly K[],
  body: (variant: K, run: number) => Promise<number>,
): Promise<Record<K, number[]>> {
  const out = Object.fromEntries(variants.map((v) => [v, [] as number[]])) as Record<K, number[]>;
  for (let r = 0; r < runs; r += 1) {
    for (const v of variants) out[v].push(await body(v, r));
  }
  return out;
}
