import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ADMIN_KEY, DATABASE_TIMEOUT_MS, TestLedger, bearer, startLedger } from './support/ledger';

/** The README's curl walk-through, run as written (bash, curl, jq) against a fresh ledger. */
const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
const walkthrough = /```bash\n(# walk-through\n[\s\S]*?)```/.exec(readme)?.[1] ?? '';

describe('the README walk-through', () => {
  let ledger: TestLedger;
  let url: string;

  beforeAll(async () => {
    ledger = await startLedger('pglite');
    await ledger.app.listen(0, '127.0.0.1');
    url = (await ledger.app.getUrl()).replace('[::1]', '127.0.0.1');
  }, DATABASE_TIMEOUT_MS);
  afterAll(() => ledger?.close(), DATABASE_TIMEOUT_MS);

  it('runs as written and leaves the ledger it describes', async () => {
    expect(walkthrough).toContain('curl');
    const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', walkthrough], {
      env: { ...process.env, LEDGER: url, ADMIN: ADMIN_KEY },
    });
    expect(stdout).toContain('"partnershipId":"nw-contoso","version":1,"position":1');
    expect(stdout).toMatch(/^200$/m);
    expect(stdout).toContain('"path": "data.amount"');
    const partnership = await ledger.http.get('/v1/partnerships/nw-contoso').set(bearer(ADMIN_KEY)).expect(200);
    expect(partnership.body).toMatchObject({ version: 4, status: 'active', partnerOrgIds: ['northwind', 'contoso'] });
    const events = await ledger.http.get('/v1/partnerships/nw-contoso/events').set(bearer(ADMIN_KEY)).expect(200);
    expect(events.body.items.map((e: { type: string; recordedBy: string }) => `${e.type}/${e.recordedBy}`)).toEqual([
      'partnership.formed/contoso',
      'deal.registered/contoso',
      'deal.won/northwind',
      'cost.incurred/northwind',
    ]);
  }, 60_000);
});
