import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ADMIN_KEY, DATABASE_TIMEOUT_MS, TestLedger, bearer, startLedger } from './support/ledger';
import { ROOT } from './support/process';

/**
 * The README's examples, run as written (bash, curl, jq, npx ledger) against a fresh ledger: every bash
 * block that starts with `# walk-through`, in order, in one shell. Any other bash block must be one of
 * the few that set up a machine (below), so a new example cannot escape this test.
 */
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const bashBlocks = [...readme.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]);
const walkthrough = bashBlocks.filter((b) => b.startsWith('# walk-through'));

/** First lines of the blocks that are about a machine, not a ledger: what to run, where to point. */
const SETUP_BLOCKS = [
  'npm ci && npm start', // the two commands of a newcomer
  'export LEDGER=http://localhost:3000', // the walk-through's environment: the test provides it
  'npm run bench ', // benchmarks take minutes
  // Backup and restore procedures stop and start the service; test/signing-key-backup.e2e-spec.ts and
  // reliability/backup-restore.reliability-spec.ts perform the same steps (copy, dump, restore, start).
  '# backup: stop the service first',
  '# backup: the database, and LEDGER_SIGNING_KEY',
];

const exec = promisify(execFile);

describe('the README, run against a ledger on pglite', () => {
  let ledger: TestLedger;
  let url: string;

  beforeAll(async () => {
    ledger = await startLedger('pglite');
    await ledger.app.listen(0, '127.0.0.1');
    url = (await ledger.app.getUrl()).replace('[::1]', '127.0.0.1');
  }, DATABASE_TIMEOUT_MS);
  afterAll(() => ledger?.close(), DATABASE_TIMEOUT_MS);

  it('has no bash example outside the walk-through but the machine set-up', () => {
    expect(walkthrough.length).toBeGreaterThanOrEqual(3);
    const others = bashBlocks.filter((b) => !b.startsWith('# walk-through'));
    expect(others.filter((b) => !SETUP_BLOCKS.some((first) => b.startsWith(first)))).toEqual([]);
  });

  it('runs its walk-through as written and leaves the ledger it describes', async () => {
    const { stdout } = await exec('bash', ['-euo', 'pipefail', '-c', walkthrough.join('\n')], {
      cwd: ROOT,
      env: { ...process.env, LEDGER: url, ADMIN: ADMIN_KEY },
    });
    const lines = stdout.trim().split('\n');
    expect(stdout).toContain('"partnershipId":"nw-contoso","version":1,"position":1');
    expect(stdout).toMatch(/^200$/m);
    expect(stdout).toContain('"path": "data.amount"');
    // KPIs: Q1 after the win and the cost (ROI = (18000 − 8000) / 8000), before the win, by month.
    expect(lines).toContain('{"kpiId":"joint_revenue","value":"18000.00"}');
    expect(lines).toContain('{"kpiId":"roi","value":125}');
    expect(lines).toContain('{"kpiId":"joint_revenue","value":"0.00"}');
    expect(lines).toContain('["0.00","18000.00","18000.00"]');
    // The charter: proposed, what it changes, what-if (joint_revenue weight 2 on track, roi off: 2 of 3),
    // adopted by the second approval, then KPIs, chair and attribution under it.
    expect(lines).toContain('{"state":"open","approvals":["contoso"],"baseVersion":0}');
    expect(lines).toContain('["scorecard[0]","scorecard[1]","attribution.model"]');
    expect(lines).toContain('{"whatIf":true,"charter":null,"health":66.67}');
    expect(lines).toContain('{"state":"adopted","version":1}');
    expect(lines).toContain('{"version":1,"chair":"contoso","model":"last_touch"}');
    expect(lines).toContain(
      '{"kpiId":"joint_revenue","value":"18000.00","target":15000,"status":"on_track"}',
    );
    expect(lines).toContain('{"kpiId":"roi","value":125,"target":150,"status":"off_track"}');
    expect(lines).toContain('{"orgId":"contoso","credit":"0.00","classification":"sourced"}');
    expect(lines).toContain('{"orgId":"northwind","credit":"18000.00","classification":"influenced"}');
    // The CLI verified; its offline data quality, forecast and snapshotHash are the server's.
    expect(lines).toContain('ok');
    expect(lines).toContain('data quality: identical');
    expect(lines).toContain('forecast: identical');
    const [offline, served] = lines.slice(-2);
    expect(offline).toMatch(/^[0-9a-f]{64}$/);
    expect(offline).toBe(served);
    const partnership = await ledger.http
      .get('/v1/partnerships/nw-contoso')
      .set(bearer(ADMIN_KEY))
      .expect(200);
    expect(partnership.body).toMatchObject({
      version: 8,
      status: 'active',
      partnerOrgIds: ['northwind', 'contoso'],
    });
    const events = await ledger.http
      .get('/v1/partnerships/nw-contoso/events')
      .set(bearer(ADMIN_KEY))
      .expect(200);
    expect(
      events.body.items.map((e: { type: string; recordedBy: string }) => `${e.type}/${e.recordedBy}`),
    ).toEqual([
      'partnership.formed/contoso',
      'deal.registered/contoso',
      'deal.won/northwind',
      'cost.incurred/northwind',
      'deal.touched/northwind',
      'charter.proposed/contoso',
      'charter.approved/northwind',
      'charter.adopted/northwind',
    ]);
  }, 120_000);

  it(
    'is right that `npm install -g ./apps/ledger-cli` gives ' +
      'a `ledger` command that runs outside the repository',
    async () => {
      const prefix = mkdtempSync(join(tmpdir(), 'ledger-cli-global-'));
      try {
        await exec(
          'npm',
          ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', './apps/ledger-cli'],
          { cwd: ROOT },
        );
        const { stdout } = await exec(join(prefix, 'bin', 'ledger'), ['--help'], { cwd: tmpdir() });
        expect(stdout).toContain("ledger — the auditor's tool for Partnership Ledger");
      } finally {
        rmSync(prefix, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
