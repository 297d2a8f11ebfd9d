import { Caller } from '../../auth/caller';
import { KnownKeys } from './known-keys';

/** A database of keys in memory: the epoch moves with every revocation, and every read is counted. */
function keyTable() {
  const rows = new Map<string, Caller>([['h1', { role: 'auditor', keyId: 'key_1' }]]);
  const reads = { epoch: 0, key: 0 };
  let revoked = 0;
  let gate: Promise<void> = Promise.resolve();
  return {
    reads,
    revoke(hash: string) {
      rows.delete(hash);
      revoked += 1;
    },
    /** Holds epoch reads until the returned function is called. */
    hold() {
      let open!: () => void;
      gate = new Promise((r) => (open = r));
      return open;
    },
    keys: new KnownKeys(
      async () => {
        reads.epoch += 1;
        const seen = revoked; // the snapshot is taken when the read starts
        await gate;
        return String(seen);
      },
      async (hash) => {
        reads.key += 1;
        return rows.get(hash);
      },
    ),
  };
}

describe('known keys', () => {
  it(
    'answers a key it has looked up from memory while no key is revoked, ' +
      'and concurrent requests share one check',
    async () => {
      const t = keyTable();
      expect(await t.keys.caller('h1')).toEqual({ role: 'auditor', keyId: 'key_1' });
      expect(t.reads).toEqual({ epoch: 1, key: 1 });
      const answers = await Promise.all(Array.from({ length: 20 }, () => t.keys.caller('h1')));
      expect(answers.every((a) => a?.keyId === 'key_1')).toBe(true);
      expect(t.reads.key).toBe(1);
      expect(t.reads.epoch).toBe(2);
    },
  );

  it(
    'refuses a key revoked elsewhere on the next request: ' +
      'the epoch moved, so the key is looked up again',
    async () => {
      const t = keyTable();
      await t.keys.caller('h1');
      t.revoke('h1');
      expect(await t.keys.caller('h1')).toBeUndefined();
      expect(t.reads.key).toBe(2);
    },
  );

  it('never answers a request with a check that started before it arrived', async () => {
    const t = keyTable();
    await t.keys.caller('h1');
    const open = t.hold();
    const early = t.keys.caller('h1');
    await new Promise(setImmediate); // its check has started (and waits at the gate) before the revocation
    expect(t.reads.epoch).toBe(2);
    t.revoke('h1');
    const late = t.keys.caller('h1'); // arrived after the revocation: must wait for a later check
    open();
    expect((await early)?.keyId).toBe('key_1');
    expect(await late).toBeUndefined();
    expect(t.reads.epoch).toBe(3);
  });

  it('keeps no answer for an unknown key, so a key issued a moment later works', async () => {
    const t = keyTable();
    expect(await t.keys.caller('h2')).toBeUndefined();
    expect(await t.keys.caller('h2')).toBeUndefined();
    expect(t.reads.key).toBe(2);
  });

  it('forgets a key this process revoked, whatever the epoch says', async () => {
    const t = keyTable();
    await t.keys.caller('h1');
    t.keys.forget('key_1');
    await t.keys.caller('h1');
    expect(t.reads.key).toBe(2);
  });

  it('asks before querying for a key it does not hold; a refusal there costs no query at all', async () => {
    const t = keyTable();
    const asked: string[] = [];
    const refuse = () => {
      asked.push('refused');
      throw new Error('over the limit');
    };
    await expect(t.keys.caller('h2', refuse)).rejects.toThrow('over the limit');
    expect(t.reads).toEqual({ epoch: 0, key: 0 });
    await t.keys.caller('h1', () => asked.push('h1 first time'));
    await t.keys.caller('h1', () => asked.push('h1 again'));
    expect(asked).toEqual(['refused', 'h1 first time']);
  });
});
