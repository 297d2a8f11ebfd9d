import { createPrivateKey, randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';

/**
 * The process configuration, read and validated once at start-up. A bad value stops the process with a
 * message that names the variable; nothing reads process.env after this.
 */
export interface LedgerConfig {
  readonly port: number;
  /** A postgres:// URL; unset means embedded PGlite in `dataDir`. */
  readonly databaseUrl?: string;
  readonly dataDir: string;
  readonly adminKey: string;
  /** True when the admin key was generated for this run (embedded default without LEDGER_ADMIN_KEY). */
  readonly adminKeyGenerated: boolean;
  readonly logLevel: string;
  /** PEM (PKCS#8) Ed25519 private key signing tree heads; unset: generated once into dataDir and kept. */
  readonly signingKey?: string;
  readonly databasePoolSize: number;
  /** Requests per second each API key (or, unauthenticated, each client address) may make; 0: no limit. */
  readonly rateLimitPerSecond: number;
  /**
   * Lookups of API keys this process does not know, per client address and second (a bucket that
   * refills at this rate; a lookup that finds its key is given back); past it → 429. 0: no limit.
   */
  readonly authFailuresPerSecond: number;
  /** Request bodies being received at once, in all; past it → 503 with Retry-After. */
  readonly maxBodyReads: number;
  /** Run the projection runner in this process (one process at a time applies events; others stand by). */
  readonly projectionsEnabled: boolean;
  /** Events applied per projection transaction. */
  readonly projectionBatchSize: number;
  /** Diagnostics: hold each projection transaction open this long before committing (crash tests). */
  readonly projectionCommitDelayMs: number;
  /**
   * How often the projection lets time alone decide alerts (deadlines passed, month closes) when no event
   * arrives; and how far behind the clock it decides them, so an append in flight is not overtaken.
   */
  readonly alertTickMs: number;
  readonly alertGraceMs: number;
  /** Diagnostics: keep alerts while projecting (off only to measure what their upkeep costs, bench/alerts.ts). */
  readonly alertUpkeep: boolean;
  /** KPI facts kept in memory, in events' worth (about 2.5 KiB each): the bound on the process's memory. */
  readonly factsCacheEvents: number;
  /** A KPI snapshot for "now" may be answered by one computed at most this long ago from the same facts. */
  readonly kpiReuseMs: number;
  /**
   * Worker threads computing atPosition replays, series and portfolios; 0 computes them on the event loop.
   */
  readonly kpiWorkers: number;
  /** How much lower the workers' CPU priority is than the event loop's (nice(2) increment, 0–19). */
  readonly kpiWorkerNice: number;
  /** Requests of each expensive kind in flight at once in this process; past it 429. 0: no limit. */
  readonly kpiLimits: KpiLimits;
}

export interface KpiLimits {
  readonly replays: number;
  readonly series: number;
  readonly portfolios: number;
}

export class ConfigError extends Error {
  constructor(variable: string, rule: string) {
    super(`${variable} ${rule}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const databaseUrl = optional(env.DATABASE_URL);
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(
      'DATABASE_URL',
      'must be a postgres:// or postgresql:// URL (leave it unset for the embedded database)',
    );
  }
  const adminKey = optional(env.LEDGER_ADMIN_KEY);
  if (adminKey !== undefined && adminKey.length < 32)
    throw new ConfigError('LEDGER_ADMIN_KEY', 'must be at least 32 characters');
  if (adminKey === undefined && databaseUrl !== undefined) {
    throw new ConfigError(
      'LEDGER_ADMIN_KEY',
      'must be set (at least 32 characters) when DATABASE_URL is set',
    );
  }
  const logLevel = optional(env.LOG_LEVEL) ?? 'info';
  const signingKey = optional(env.LEDGER_SIGNING_KEY)?.replace(/\\n/g, '\n');
  if (signingKey !== undefined && !isEd25519PrivateKey(signingKey)) {
    throw new ConfigError(
      'LEDGER_SIGNING_KEY',
      'must be an Ed25519 private key in PEM (PKCS#8), e.g. from `openssl genpkey -algorithm ed25519`',
    );
  }
  if (!LOG_LEVELS.includes(logLevel))
    throw new ConfigError('LOG_LEVEL', `must be one of: ${LOG_LEVELS.join(', ')}`);
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    databaseUrl,
    dataDir: resolve(optional(env.LEDGER_DATA_DIR) ?? './.ledger-data'),
    adminKey: adminKey ?? `plk_admin_${randomBytes(24).toString('base64url')}`,
    adminKeyGenerated: adminKey === undefined,
    logLevel,
    ...(signingKey ? { signingKey } : {}),
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 10, 2, 200),
    rateLimitPerSecond: integer(env, 'LEDGER_RATE_LIMIT', 2000, 0, 1_000_000),
    authFailuresPerSecond: integer(env, 'LEDGER_AUTH_FAILURE_LIMIT', 100, 0, 1_000_000),
    maxBodyReads: integer(env, 'LEDGER_MAX_BODY_READS', 32, 1, 100_000),
    projectionsEnabled: flag(env, 'LEDGER_PROJECTIONS', true),
    projectionBatchSize: integer(env, 'LEDGER_PROJECTION_BATCH', 1000, 1, 20000),
    projectionCommitDelayMs: integer(env, 'LEDGER_PROJECTION_COMMIT_DELAY_MS', 0, 0, 60000),
    alertTickMs: integer(env, 'LEDGER_ALERT_TICK_MS', 60_000, 100, 3_600_000),
    alertGraceMs: integer(env, 'LEDGER_ALERT_GRACE_MS', 5_000, 0, 600_000),
    alertUpkeep: flag(env, 'LEDGER_ALERT_UPKEEP', true),
    factsCacheEvents: integer(env, 'LEDGER_FACTS_CACHE_EVENTS', 40_000, 0, 100_000_000),
    kpiReuseMs: integer(env, 'LEDGER_KPI_REUSE_MS', 1000, 0, 60_000),
    kpiWorkers: integer(env, 'LEDGER_KPI_WORKERS', defaultWorkers(), 0, 64),
    kpiWorkerNice: integer(env, 'LEDGER_KPI_WORKER_NICE', 10, 0, 19),
    kpiLimits: {
      replays: integer(env, 'LEDGER_KPI_REPLAY_LIMIT', 8, 0, 10_000),
      series: integer(env, 'LEDGER_KPI_SERIES_LIMIT', 8, 0, 10_000),
      portfolios: integer(env, 'LEDGER_KPI_PORTFOLIO_LIMIT', 4, 0, 10_000),
    },
  };
}

/** One core is left to the event loop (and a local PostgreSQL): the point of the workers. */
function defaultWorkers(): number {
  return Math.min(4, Math.max(1, availableParallelism() - 1));
}

function isEd25519PrivateKey(pem: string): boolean {
  try {
    return createPrivateKey(pem).asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
}

function optional(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = optional(env[name]);
  if (raw === undefined) return fallback;
  if (raw === 'on' || raw === 'true' || raw === '1') return true;
  if (raw === 'off' || raw === 'false' || raw === '0') return false;
  throw new ConfigError(name, 'must be on or off');
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env[name]);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max)
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}`);
  return value;
}
