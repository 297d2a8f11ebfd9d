import { generateKeyPairSync } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { proveWitnessKey } from '@ledger/verification';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createLedgerApp } from '../../apps/ledger-api/src/app.factory';
import { loadConfig } from '../../apps/ledger-api/src/config/config';
import {
  Backend,
  DATABASE_TIMEOUT_MS,
  TestDatabase,
  createTestDatabase,
  testBackends,
} from '../../libs/event-store/src/testing/databases';

export { createTestDatabase };

/**
 * The whole application on a real database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set),
 * driven over HTTP with supertest. Real: the app, its database, its SQL. Faked: nothing.
 */
export const ADMIN_KEY = 'test-admin-key-0123456789abcdef0123456789';

/** One Ed25519 signing key per test process, so tests never write key files into the working tree. */
export const TEST_SIGNING_KEY = generateKeyPairSync('ed25519').privateKey.export({
  type: 'pkcs8',
  format: 'pem',
}) as string;

export interface TestLedger {
  readonly backend: Backend;
  readonly app: INestApplication;
  readonly http: TestAgent;
  readonly db: TestDatabase;
  close(): Promise<void>;
}

export { DATABASE_TIMEOUT_MS, testBackends };

export async function startLedger(backend: Backend, env: NodeJS.ProcessEnv = {}): Promise<TestLedger> {
  return startLedgerOn(await createTestDatabase(backend), true, env);
}

/** An app on an existing database: several apps on one database behave as several API processes. */
export async function startLedgerOn(
  db: TestDatabase,
  ownsDatabase = true,
  env: NodeJS.ProcessEnv = {},
): Promise<TestLedger> {
  const config = loadConfig({
    LEDGER_ADMIN_KEY: ADMIN_KEY,
    DATABASE_URL: db.connectionString,
    LOG_LEVEL: 'silent',
    LEDGER_SIGNING_KEY: TEST_SIGNING_KEY,
    ...env,
  });
  const app = await createLedgerApp({ ...config, databaseUrl: db.connectionString });
  await app.init();
  // Fastify registers routes and hooks when it is ready; listen() does this for the service.
  await (app.getHttpAdapter().getInstance() as { ready(): Promise<unknown> }).ready();
  return {
    backend: db.backend,
    app,
    http: request(app.getHttpServer()),
    db,
    close: async () => {
      await app.close();
      if (ownsDatabase) await db.drop();
    },
  };
}

/** An app on an existing database that is expected not to start: the error its init threw (closed after). */
export async function refusedStart(db: TestDatabase, env: NodeJS.ProcessEnv = {}): Promise<unknown> {
  const config = loadConfig({
    LEDGER_ADMIN_KEY: ADMIN_KEY,
    DATABASE_URL: db.connectionString,
    LOG_LEVEL: 'silent',
    LEDGER_SIGNING_KEY: TEST_SIGNING_KEY,
    ...env,
  });
  const app = await createLedgerApp({ ...config, databaseUrl: db.connectionString });
  try {
    return await app.init().then(
      () => undefined,
      (error: unknown) => error,
    );
  } finally {
    await app.close();
  }
}

export const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

/** Starts a ledger for the enclosing describe block (configured by `env`) and closes it afterwards. */
export function useLedger(
  backend: Backend,
  ready: (ledger: TestLedger, fixtures: Fixtures) => void,
  env: NodeJS.ProcessEnv = {},
): void {
  let started: TestLedger | undefined;
  beforeAll(async () => {
    started = await startLedger(backend, env);
    ready(started, new Fixtures(started));
  }, DATABASE_TIMEOUT_MS);
  afterAll(() => started?.close(), DATABASE_TIMEOUT_MS);
}

/** Fixtures are made through the API, as a portal would: organizations, keys, partnerships. */
export class Fixtures {
  constructor(private readonly ledger: TestLedger) {}

  async org(orgId: string, name = orgId): Promise<void> {
    await this.ledger.http.post('/v1/organizations').set(bearer(ADMIN_KEY)).send({ orgId, name }).expect(201);
  }

  async key(role: 'admin' | 'partner' | 'auditor' | 'governance', orgId?: string): Promise<string> {
    const res = await this.ledger.http
      .post('/v1/api-keys')
      .set(bearer(ADMIN_KEY))
      .send({ role, ...(orgId ? { orgId } : {}) })
      .expect(201);
    return res.body.key as string;
  }

  async partnership(key: string, body: Record<string, unknown>): Promise<string> {
    const res = await this.ledger.http.post('/v1/partnerships').set(bearer(key)).send(body);
    if (res.status !== 201) throw new Error(`forming failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.partnershipId as string;
  }

  /**
   * Two orgs, a partner key for each, an auditor and a governance key, and a partnership between the two
   * orgs.
   */
  async world(prefix: string) {
    const [a, b] = [`${prefix}-a`, `${prefix}-b`];
    await this.org(a);
    await this.org(b);
    const keys = {
      a: await this.key('partner', a),
      b: await this.key('partner', b),
      auditor: await this.key('auditor'),
      governance: await this.key('governance'),
      admin: ADMIN_KEY,
    };
    const partnershipId = await this.between(keys.a, [a, b], `${prefix}-p`);
    return { orgs: { a, b }, keys, partnershipId };
  }

  /** A reseller partnership in EUR, started 2025-10-01, between these organizations. */
  between(key: string, partnerOrgIds: string[], partnershipId: string): Promise<string> {
    return this.partnership(key, {
      partnershipId,
      name: `${partnershipId} partnership`,
      type: 'reseller',
      partnerOrgIds,
      currency: 'EUR',
      startedAt: '2025-10-01T00:00:00Z',
    });
  }
}

let counter = 0;
/** A unique prefix for one test's organizations and partnerships. */
export function unique(name: string): string {
  counter += 1;
  return `${name}-${counter}-${Math.random().toString(36).slice(2, 7)}`;
}

/** A witness key pair for `orgId`, with the registration body (public key and proof of possession). */
export function witnessKey(orgId: string) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const pem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
  return {
    publicKey,
    privateKey,
    pem,
    registration: { publicKey: pem, proof: proveWitnessKey(orgId, privateKey) },
  };
}
