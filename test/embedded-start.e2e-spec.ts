import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { postgresBackends } from '../libs/event-store/src/testing/databases';
import { describeOn } from './support/backends';
import { START_TIMEOUT_MS, call, envWithout, startService, stopService } from './support/process';

/**
 * `npm start` as a newcomer runs it: no DATABASE_URL, no LEDGER_ADMIN_KEY. Real: the start script (which
 * builds when needed), the process, embedded PGlite on disk, HTTP. Faked: nothing.
 */
describe('npm start on the embedded database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = () => ({
    ...envWithout('DATABASE_URL', 'LEDGER_ADMIN_KEY'),
    LEDGER_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  });

  it(
    'says what it does while starting, then a banner with the URL, the signing key and the admin key',
    async () => {
      const running = await startService(env());
      try {
        const out = running.output();
        expect(out).toMatch(/^Starting Partnership Ledger \(Node v\d+/m);
        expect(out).toMatch(
          new RegExp(`^  database: embedded PGlite in ${dataDir} \\(\\d+\\.\\d s\\)$`, 'm'),
        );
        expect(out).toMatch(/^Partnership Ledger is ready \(\d+\.\d s\)$/m);
        expect(out).toContain(`  API:          ${running.url}   OpenAPI: ${running.url}/docs`);
        // `npm start` serves the dashboard it names, with no step of its own.
        expect(out).toContain(`  Dashboard:    ${running.url}/dashboard   (sign in with an API key)`);
        const page = await fetch(`${running.url}/dashboard`);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('<script type="module" src="/dashboard/assets/main-');
        const keyId = (await call(running.url, running.printedAdminKey!, 'GET', '/v1/ledger/public-key')).body
          .keyId;
        expect(out).toContain(`  Signing key:  ${keyId}`);
        // Nothing but the start-up lines before the banner: no log line per module or route.
        const beforeBanner = out
          .slice(0, out.indexOf('Partnership Ledger is ready'))
          .split('\n')
          .filter((l) => l.startsWith('{'));
        expect(beforeBanner).toEqual([]);
      } finally {
        expect(await stopService(running)).toBe(0);
      }
    },
    2 * START_TIMEOUT_MS,
  );

  it(
    'starts with a generated admin key, keeps the ledger across ' +
      'a restart and refuses a second process on the same data',
    async () => {
      const first = await startService(env());
      const key = first.printedAdminKey!;
      expect(key.length).toBeGreaterThanOrEqual(32);
      expect(
        (await call(first.url, key, 'POST', '/v1/organizations', { orgId: 'northwind', name: 'Northwind' }))
          .status,
      ).toBe(201);
      expect(
        (await call(first.url, key, 'POST', '/v1/organizations', { orgId: 'contoso', name: 'Contoso' }))
          .status,
      ).toBe(201);
      const formed = await call(first.url, key, 'POST', '/v1/partnerships', {
        partnershipId: 'nw-contoso',
        name: 'NW x C',
        type: 'reseller',
        partnerOrgIds: ['northwind', 'contoso'],
        currency: 'EUR',
        startedAt: '2025-10-01T00:00:00Z',
      });
      expect([formed.status, formed.body]).toEqual([
        201,
        { partnershipId: 'nw-contoso', version: 1, position: 1 },
      ]);
      const appended = await call(first.url, key, 'POST', '/v1/partnerships/nw-contoso/events', {
        type: 'cost.incurred',
        occurredAt: '2026-01-10T09:00:00Z',
        data: { amount: '5000.00', category: 'mdf' },
      });
      expect(appended.status).toBe(201);

      const refused = await startService(env()).catch((e: { out: string; code: number }) => e);
      expect(refused).toMatchObject({ code: 1 });
      expect(failureLines((refused as { out: string }).out)).toEqual([
        `Cannot start: the data directory ${dataDir} is in use by process ${first.child.pid}; stop ` +
          `it or set LEDGER_DATA_DIR to another directory`,
      ]);

      expect(await stopService(first)).toBe(0);
      const second = await startService(env());
      try {
        const key2 = second.printedAdminKey!;
        expect(key2).not.toBe(key);
        const read = await call(second.url, key2, 'GET', '/v1/partnerships/nw-contoso/events');
        expect(read.status).toBe(200);
        const items = read.body.items as { type: string; hash: string }[];
        expect(items.map((e) => e.type)).toEqual(['partnership.formed', 'cost.incurred']);
        expect(items[1].hash).toBe((appended.body.events as { hash: string }[])[0].hash);
        expect((await call(second.url, key2, 'GET', '/health')).body.status).toBe('ok');
      } finally {
        expect(await stopService(second)).toBe(0);
      }
    },
    4 * START_TIMEOUT_MS,
  );

  it(
    'says in one line, without a stack, why it cannot start: a bad setting, a port in use',
    async () => {
      const badPort = await startService({ ...env(), LEDGER_PROJECTION_BATCH: 'lots' }).catch(
        (e: { out: string }) => e,
      );
      expect(failureLines((badPort as { out: string }).out)).toEqual([
        'Cannot start: configuration: LEDGER_PROJECTION_BATCH must be a whole number from 1 to 20000',
      ]);
      const blocker = createServer();
      await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
      const port = (blocker.address() as AddressInfo).port;
      try {
        const taken = await startService(env(), port).catch((e: { out: string }) => e);
        expect(failureLines((taken as { out: string }).out)).toEqual([
          `Cannot start: port ${port} is already in use: stop what listens there, or set PORT ` +
            `(PORT=0 picks a free one)`,
        ]);
      } finally {
        blocker.close();
      }
    },
    2 * START_TIMEOUT_MS,
  );
});

describeOn(postgresBackends(), 'npm start against a PostgreSQL server (%s)', () => {
  it(
    'says in one line that the database in DATABASE_URL does not exist',
    async () => {
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.pathname = '/no_such_ledger_database';
      const env = {
        ...envWithout('LEDGER_DATA_DIR'),
        DATABASE_URL: url.toString(),
        LEDGER_ADMIN_KEY: 'a'.repeat(40),
      };
      const failed = await startService(env).catch((e: { out: string }) => e);
      expect(failureLines((failed as { out: string }).out)).toEqual([
        `Cannot start: the database "no_such_ledger_database" does not exist ` +
          `on ${url.hostname}:${url.port || '5432'}: create it (createdb no_such_ledger_database) or ` +
          `fix DATABASE_URL`,
      ]);
    },
    START_TIMEOUT_MS,
  );
});

/** What a failed start printed after its progress lines: the failure, and nothing like a stack. */
function failureLines(out: string): string[] {
  expect(out).not.toMatch(/^\s+at /m);
  return out.split('\n').filter((line) => line.startsWith('Cannot start'));
}
