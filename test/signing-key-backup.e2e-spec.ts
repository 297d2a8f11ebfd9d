import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backup, LedgerCopy, backUp, newLedgerCopy } from './support/backups';
import { ledgerCli, rotateSigningKey } from './support/cli';
import { Fixtures, TestLedger, bearer, startLedgerOn, testBackends } from './support/ledger';
import { START_TIMEOUT_MS, call, envWithout, startService, stopService } from './support/process';

/**
 * Backups and the signing key: a partner who verified the ledger before a backup must still verify it
 * after a restore, and a restore without the key must stop at start-up instead of signing heads every
 * partner rejects. Real: PGlite on disk (a copy of the data directory) or PostgreSQL (pg_dump and
 * pg_restore), the app, `npm start` as a process, the rotation command, the auditor CLI. Faked: nothing.
 */
const KEY_ID = /ed25519-[0-9a-f]{16}/.source;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.each(testBackends())('a ledger restored from a backup on %s', (backend) => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-keys-backup-'));
  const before = join(dir, 'partner-before-backup.json');
  let origin: LedgerCopy;
  let backup: Backup;
  let world: Awaited<ReturnType<Fixtures['world']>>;
  let ledgerKeyId: string;
  let savedSize: number;
  const copies: LedgerCopy[] = [];

  /** The app on a copy, listening, as a partner reaches it. */
  const serve = async (copy: LedgerCopy): Promise<{ ledger: TestLedger; url: string }> => {
    const ledger = await startLedgerOn(await copy.open(), true, copy.keyEnv);
    await ledger.app.listen(0, '127.0.0.1');
    return { ledger, url: (await ledger.app.getUrl()).replace('[::1]', '127.0.0.1') };
  };
  const event = (customerId: string) => ({
    eventId: randomUUID(),
    type: 'customer.referred',
    occurredAt: '2026-07-01T00:00:00Z',
    data: { customerId },
  });
  /** `ledger verify` by partner A, from a copy of the state file it held when the backup was taken. */
  const partnerVerifies = async (url: string, name: string, extra: string[] = []) => {
    const state = join(dir, `${name}.json`);
    if (!existsSync(state)) copyFileSync(before, state);
    return {
      ...(await ledgerCli(['verify', '--url', url, '--key', world.keys.a, '--state', state, ...extra])),
      state,
    };
  };
  const restored = async (name: string, key: 'with the key' | 'without the key') => {
    const copy = await backup.restore(name, key);
    copies.push(copy);
    return copy;
  };

  beforeAll(async () => {
    origin = await newLedgerCopy(backend, dir);
    copies.push(origin);
    const { ledger, url } = await serve(origin);
    try {
      world = await new Fixtures(ledger).world('bk');
      await ledger.http
        .post(`/v1/partnerships/${world.partnershipId}/events`)
        .set(bearer(world.keys.a))
        .send(event('before'))
        .expect(201);
      const verified = await ledgerCli(['verify', '--url', url, '--key', world.keys.a, '--state', before]);
      expect(verified).toMatchObject({ code: 0, stderr: '' });
      ({
        keyId: ledgerKeyId,
        head: { treeSize: savedSize },
      } = JSON.parse(readFileSync(before, 'utf8')));
    } finally {
      await ledger.close();
    }
    backup = await backUp(origin, dir);
  }, 180_000);
  afterAll(async () => {
    for (const copy of copies) await copy.destroy();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it(
    'restored WITH the key: the partner’s head from ' + 'before the backup verifies after more appends',
    async () => {
      const { ledger, url } = await serve(await restored('with-key', 'with the key'));
      try {
        await ledger.http
          .post(`/v1/partnerships/${world.partnershipId}/events`)
          .set(bearer(world.keys.b))
          .send(event('after'))
          .expect(201);
        const result = await partnerVerifies(url, 'with-key');
        expect(result.stderr).toBe('');
        expect(result.stdout).toMatch(new RegExp(`signed by ${ledgerKeyId} — signature ok`));
        expect(result.stdout).toMatch(new RegExp(`consistency proof ${savedSize} → ${savedSize + 1} ok`));
        expect(result.code).toBe(0);
      } finally {
        await ledger.close();
      }
    },
    180_000,
  );

  it(
    'restored WITHOUT the key: npm start refuses with one line naming both keys and the way out; ' +
      'with the key restored it starts',
    async () => {
      const copy = await restored('without-key', 'without the key');
      const env = (c: LedgerCopy) => ({
        ...envWithout('DATABASE_URL', 'LEDGER_SIGNING_KEY', 'LEDGER_DATA_DIR'),
        LOG_LEVEL: 'warn',
        ...c.serviceEnv,
      });
      const refused = (await startService(env(copy)).then(
        () => undefined,
        (error: unknown) => error,
      )) as { code: number; stderr: string };
      expect(refused).toMatchObject({ code: 1 });
      const lines = refused.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      const source =
        backend === 'pglite'
          ? `generated just now because ${escape(join(copy.dataDir!, 'signing-key.pem'))} was missing`
          : 'from LEDGER_SIGNING_KEY';
      const into =
        backend === 'pglite'
          ? `${escape(join(copy.dataDir!, 'signing-key.pem'))} \\(or LEDGER_SIGNING_KEY\\)`
          : 'LEDGER_SIGNING_KEY';
      expect(lines[0]).toMatch(
        new RegExp(
          `^Cannot start: the signing key in use, ${KEY_ID} \\(${source}\\), is not ${ledgerKeyId}, ` +
            `the key of the newest signed head, of tree size ${savedSize}; ` +
            `partners' \`ledger verify\` would reject every new head\\. Restore ${ledgerKeyId} from ` +
            `your backup into ${into}, ` +
            `or, only if it is lost for good, rotate deliberately: npm run rotate-signing-key -- ` +
            `--old-key-lost$`,
        ),
      );
      expect(refused.stderr).not.toMatch(/^\s+at /m);
      // The refused start leaves no stray key behind to be mistaken for the ledger's in the next backup.
      if (copy.dataDir) expect(existsSync(join(copy.dataDir, 'signing-key.pem'))).toBe(false);

      const running = await startService(env(backup.restoreKey(copy)));
      try {
        const key = world.keys.a;
        expect(
          (
            await call(
              running.url,
              key,
              'POST',
              `/v1/partnerships/${world.partnershipId}/events`,
              event('restored'),
            )
          ).status,
        ).toBe(201);
        const result = await partnerVerifies(running.url, 'without-key');
        expect(result.stdout).toMatch(new RegExp(`consistency proof ${savedSize} → ${savedSize + 1} ok`));
        expect(result.code).toBe(0);
      } finally {
        expect(await stopService(running)).toBe(0);
      }
    },
    3 * START_TIMEOUT_MS,
  );

  it(
    'restored WITHOUT the key, lost for good: an unendorsed rotation lets it start, and each ' +
      'partner must accept the new key by name',
    async () => {
      const copy = await restored('key-lost', 'without the key');
      const commandEnv = {
        ...envWithout('DATABASE_URL', 'LEDGER_SIGNING_KEY', 'LEDGER_DATA_DIR'),
        ...copy.serviceEnv,
      };
      // On PostgreSQL the new host's own key becomes the ledger's: it is already in LEDGER_SIGNING_KEY.
      const newKeyFile = join(dir, 'new-host-key.pem');
      if (backend === 'postgres') writeFileSync(newKeyFile, copy.serviceEnv.LEDGER_SIGNING_KEY!);
      const rotated = await rotateSigningKey(commandEnv, [
        '--old-key-lost',
        ...(backend === 'postgres' ? ['--new-key', newKeyFile] : []),
      ]);
      expect(rotated).toMatchObject({ code: 0, stderr: '' });
      const newKeyId = new RegExp(
        `Recorded an UNENDORSED rotation: ${ledgerKeyId} → (${KEY_ID}) at tree size ${savedSize}\\.`,
      ).exec(rotated.stdout)?.[1];
      expect(newKeyId).toBeDefined();
      expect(rotated.stdout).toContain(`run it once with --accept-key ${newKeyId}`);

      const { ledger, url } = await serve(copy);
      try {
        await ledger.http
          .post(`/v1/partnerships/${world.partnershipId}/events`)
          .set(bearer(world.keys.b))
          .send(event('lost'))
          .expect(201);
        const stopped = await partnerVerifies(url, 'key-lost');
        expect(stopped.code).toBe(1);
        expect(stopped.stderr).toMatch(
          new RegExp(
            `^VERIFICATION FAILED: the rotation from ${ledgerKeyId} to ${newKeyId} at tree ` +
              `size ${savedSize} is NOT signed by ${ledgerKeyId}.*only if it matches, run again with ` +
              `--accept-key ${newKeyId}\\n$`,
          ),
        );
        expect(readFileSync(stopped.state, 'utf8')).toBe(readFileSync(before, 'utf8'));

        const accepted = await partnerVerifies(url, 'key-lost', ['--accept-key', newKeyId!]);
        expect(accepted.stdout).toMatch(/NOT endorsed \(the old key was lost\); accepted with --accept-key/);
        expect(accepted.stdout).toMatch(new RegExp(`consistency proof ${savedSize} → ${savedSize + 1} ok`));
        expect(accepted.stdout).toContain(`pinned ${newKeyId} instead of ${ledgerKeyId}`);
        expect(accepted.code).toBe(0);
        const state = JSON.parse(readFileSync(accepted.state, 'utf8'));
        expect(state.keys.map((k: { keyId: string; trustedBy: string }) => [k.keyId, k.trustedBy])).toEqual([
          [ledgerKeyId, 'pinned'],
          [newKeyId, 'accepted'],
        ]);
        expect(state.rotations).toHaveLength(1);
      } finally {
        await ledger.close();
      }
    },
    3 * START_TIMEOUT_MS,
  );
});
