import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `npm start` as a newcomer runs it: no DATABASE_URL, no LEDGER_ADMIN_KEY. Real: the start script (which
 * builds when needed), the process, embedded PGlite on disk, HTTP. Faked: nothing.
 */
const ROOT = join(__dirname, '..');
const START_TIMEOUT_MS = 180_000;

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  readonly adminKey: string;
  output(): string;
}

function start(dataDir: string): Promise<Running> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', LEDGER_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.LEDGER_ADMIN_KEY;
  const child = spawn(process.execPath, [join(ROOT, 'scripts/start.mjs')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within ${START_TIMEOUT_MS} ms:\n${out}`)), START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      const adminKey = /Admin key for this run[^:]*: (\S+)/.exec(out)?.[1];
      if (url && adminKey) {
        clearTimeout(timer);
        resolve({ child, url, adminKey, output: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`exited with ${code}:\n${out}`), { code, out }));
    });
  });
}

function stop(running: Running): Promise<number | null> {
  return new Promise((resolve) => {
    running.child.removeAllListeners('exit');
    running.child.once('exit', (code) => resolve(code));
    running.child.kill('SIGTERM');
  });
}

async function call(r: Running, method: string, path: string, body?: unknown) {
  const res = await fetch(`${r.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${r.adminKey}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('npm start on the embedded database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts with a generated admin key, keeps the ledger across a restart and refuses a second process on the same data', async () => {
    const first = await start(dataDir);
    expect(first.adminKey.length).toBeGreaterThanOrEqual(32);
    expect((await call(first, 'POST', '/v1/organizations', { orgId: 'northwind', name: 'Northwind' })).status).toBe(201);
    expect((await call(first, 'POST', '/v1/organizations', { orgId: 'contoso', name: 'Contoso' })).status).toBe(201);
    const formed = await call(first, 'POST', '/v1/partnerships', {
      partnershipId: 'nw-contoso', name: 'NW x C', type: 'reseller', partnerOrgIds: ['northwind', 'contoso'], currency: 'EUR',
    });
    expect(formed).toEqual({ status: 201, body: { partnershipId: 'nw-contoso', version: 1, position: 1 } });
    const appended = await call(first, 'POST', '/v1/partnerships/nw-contoso/events', {
      type: 'cost.incurred', occurredAt: '2026-01-10T09:00:00Z', data: { amount: '5000.00', category: 'mdf' },
    });
    expect(appended.status).toBe(201);

    await expect(start(dataDir)).rejects.toMatchObject({ out: expect.stringContaining('is in use by process') });

    expect(await stop(first)).toBe(0);
    const second = await start(dataDir);
    try {
      expect(second.adminKey).not.toBe(first.adminKey);
      const read = await call(second, 'GET', '/v1/partnerships/nw-contoso/events');
      expect(read.status).toBe(200);
      expect((read.body.items as { type: string; hash: string }[]).map((e) => e.type)).toEqual(['partnership.formed', 'cost.incurred']);
      expect((read.body.items as { hash: string }[])[1].hash).toBe((appended.body.events as { hash: string }[])[0].hash);
      expect((await call(second, 'GET', '/health')).body.status).toBe('ok');
    } finally {
      expect(await stop(second)).toBe(0);
    }
  }, 4 * START_TIMEOUT_MS);
});
