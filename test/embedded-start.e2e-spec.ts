import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { START_TIMEOUT_MS, call, envWithout, startService, stopService } from './support/process';

/**
 * `npm start` as a newcomer runs it: no DATABASE_URL, no LEDGER_ADMIN_KEY. Real: the start script (which
 * builds when needed), the process, embedded PGlite on disk, HTTP. Faked: nothing.
 */
describe('npm start on the embedded database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = () => ({ ...envWithout('DATABASE_URL', 'LEDGER_ADMIN_KEY'), LEDGER_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });

  it('starts with a generated admin key, keeps the ledger across a restart and refuses a second process on the same data', async () => {
    const first = await startService(env());
    const key = first.printedAdminKey!;
    expect(key.length).toBeGreaterThanOrEqual(32);
    expect((await call(first.url, key, 'POST', '/v1/organizations', { orgId: 'northwind', name: 'Northwind' })).status).toBe(201);
    expect((await call(first.url, key, 'POST', '/v1/organizations', { orgId: 'contoso', name: 'Contoso' })).status).toBe(201);
    const formed = await call(first.url, key, 'POST', '/v1/partnerships', {
      partnershipId: 'nw-contoso', name: 'NW x C', type: 'reseller', partnerOrgIds: ['northwind', 'contoso'], currency: 'EUR',
    });
    expect([formed.status, formed.body]).toEqual([201, { partnershipId: 'nw-contoso', version: 1, position: 1 }]);
    const appended = await call(first.url, key, 'POST', '/v1/partnerships/nw-contoso/events', {
      type: 'cost.incurred', occurredAt: '2026-01-10T09:00:00Z', data: { amount: '5000.00', category: 'mdf' },
    });
    expect(appended.status).toBe(201);

    await expect(startService(env())).rejects.toMatchObject({ out: expect.stringContaining('is in use by process') });

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
  }, 4 * START_TIMEOUT_MS);
});
