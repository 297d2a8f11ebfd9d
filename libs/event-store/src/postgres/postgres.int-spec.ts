import { Client } from 'pg';
import { KEYS_FOLD, Keys, eventStoreContract } from '../contract/event-store.contract';
import { LedgerIntegrityError, StoreBusyError, StoreUnavailableError, StoredTreeDamaged } from '../errors';
import { DATABASE_TIMEOUT_MS, TestDatabase, createTestDatabase, testBackends } from '../testing/databases';
import { MemoryTree, coverOf, frontierRefs, inclusionRanges, nodeKey, rangeHash } from '@ledger/verification';
import { newEvents, streamName } from '../testing/events';
import { PostgresEventStore } from './postgres-event-store';

for (const backend of testBackends()) {
  eventStoreContract(
    backend,
    async () => {
      const db = await createTestDatabase(backend);
      const stores: PostgresEventStore<Keys>[] = [];
      return {
        connect: async () => {
          const store = await PostgresEventStore.connect({
            connectionString: db.connectionString,
            poolSize: 4,
            fold: KEYS_FOLD,
          });
          stores.push(store);
          return store;
        },
        teardown: async () => {
          await Promise.all(stores.map((s) => s.close().catch(() => undefined)));
          await db.drop();
        },
      };
    },
    DATABASE_TIMEOUT_MS,
  );

  describe(`PostgreSQL adapter on ${backend}: the stored rows`, () => {
    let db: TestDatabase;
    let store: PostgresEventStore;
    let sql: Client;

    beforeAll(async () => {
      db = await createTestDatabase(backend);
      store = await PostgresEventStore.connect({ connectionString: db.connectionString });
      sql = new Client({ connectionString: db.connectionString });
      await sql.connect();
    }, DATABASE_TIMEOUT_MS);
    afterAll(async () => {
      await sql?.end();
      await store?.close();
      await db?.drop();
    }, DATABASE_TIMEOUT_MS);

    it('refuses UPDATE, DELETE and TRUNCATE of events at the database itself', async () => {
      await store.append(streamName(), newEvents(1));
      await expect(sql.query(`UPDATE ledger_events SET type = 'x'`)).rejects.toThrow(/immutable/);
      await expect(sql.query('DELETE FROM ledger_events')).rejects.toThrow(/immutable/);
      await expect(sql.query('TRUNCATE ledger_events')).rejects.toThrow(/immutable/);
    });

    it('detects on read an event changed behind its back', async () => {
      const s = streamName();
      const { events } = await store.append(s, newEvents(2));
      await sql.query('ALTER TABLE ledger_events DISABLE TRIGGER ledger_events_no_update');
      await sql.query(
        `UPDATE ledger_events SET data = jsonb_set(data, '{amount}', '"5000.01"') WHERE position = $1`,
        [events[1].position],
      );
      await sql.query('ALTER TABLE ledger_events ENABLE TRIGGER ledger_events_no_update');
      const error = await store.readStream(s).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LedgerIntegrityError);
      expect(error).toMatchObject({ position: events[1].position });
    });

    it('refuses to append on a stored tree whose frontier lost a node, naming the node', async () => {
      // A size that is a multiple of 16: the frontier's largest node is stored. A store that has not cached
      // the frontier reads it from the rows.
      const head = await store.headPosition();
      await store.append(streamName(), newEvents(16 - (head % 16) + 16));
      const size = await store.headPosition();
      const lost = frontierRefs(size)[0];
      expect(lost.level).toBeGreaterThanOrEqual(4);
      const { rows } = await sql.query('SELECT hash FROM ledger_merkle WHERE level = $1 AND idx = $2', [
        lost.level,
        lost.index,
      ]);
      await sql.query('ALTER TABLE ledger_merkle DISABLE TRIGGER USER');
      await sql.query('DELETE FROM ledger_merkle WHERE level = $1 AND idx = $2', [lost.level, lost.index]);
      const other = await PostgresEventStore.connect({ connectionString: db.connectionString });
      try {
        const error = await other.append(streamName(), newEvents(1)).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StoredTreeDamaged);
        expect(error).toMatchObject({
          node: lost,
          message: expect.stringMatching(/its ledger_merkle row is gone/),
        });
      } finally {
        await other.close();
        await sql.query('INSERT INTO ledger_merkle (level, idx, hash) VALUES ($1, $2, $3)', [
          lost.level,
          lost.index,
          rows[0].hash,
        ]);
        await sql.query('ALTER TABLE ledger_merkle ENABLE TRIGGER USER');
      }
      await store.append(streamName(), newEvents(1));
    });

    if (backend === 'postgres') {
      it('answers StoreUnavailableError when the connection dies mid-append, and keeps working', async () => {
        const holder = new Client({ connectionString: db.connectionString });
        await holder.connect();
        await holder.query('BEGIN');
        await holder.query('SELECT * FROM ledger_head FOR UPDATE');
        const s = streamName();
        const events = newEvents(2);
        const blocked = store.append(s, events).catch((e: unknown) => e);
        let pid: number | undefined;
        for (let i = 0; i < 100 && pid === undefined; i += 1) {
          // The append waits on the head row, in whichever statement takes it (optimistic or locked path).
          const { rows } = await sql.query(
            `SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' ` +
              `AND datname = current_database() AND query LIKE '%ledger_head%'`,
          );
          pid = rows[0]?.pid;
          if (pid === undefined) await new Promise((r) => setTimeout(r, 20));
        }
        expect(pid).toBeDefined();
        await sql.query('SELECT pg_terminate_backend($1)', [pid]);
        const failure = await blocked;
        expect(failure).toBeInstanceOf(StoreUnavailableError);
        expect(failure).not.toBeInstanceOf(StoreBusyError);
        await holder.query('ROLLBACK');
        await holder.end();
        const retried = await store.append(s, events);
        expect(retried.version).toBe(2);
        expect(await store.streamVersion(s)).toBe(2);
      });

      it('answers StoreBusyError, not an outage, when another writer holds the head past the lock timeout', async () => {
        const busy = await PostgresEventStore.connect({
          connectionString: db.connectionString,
          lockTimeoutMs: 300,
        });
        const holder = new Client({ connectionString: db.connectionString });
        await holder.connect();
        try {
          await holder.query('BEGIN');
          await holder.query('SELECT * FROM ledger_head FOR UPDATE');
          const s = streamName();
          const refused = await busy.append(s, newEvents(1)).catch((e: unknown) => e);
          expect(refused).toBeInstanceOf(StoreBusyError);
          expect((refused as Error).message).toMatch(/being written by other writers/);
          expect(await busy.streamVersion(s)).toBe(0);
          await holder.query('ROLLBACK');
          expect((await busy.append(s, newEvents(1))).version).toBe(1);
        } finally {
          await holder.end();
          await busy.close();
        }
      });
    }

    /** The stored tree's root for a size, computed only from the nodes the store returns. */
    const storedRoot = async (size: number) => {
      const range = { start: 0, end: size };
      const nodes = await store.treeNodes(coverOf(range));
      return rangeHash(range, (ref) => nodes.get(nodeKey(ref))!);
    };
    const allLeaves = async () => {
      const leaves: Buffer[] = [];
      // scanEvents, not readAll: an earlier test here tampers with a row on purpose.
      for (
        let page = await store.scanEvents(1, 1000);
        page.length > 0;
        page = await store.scanEvents(leaves.length + 1, 1000)
      ) {
        leaves.push(...page.map((e) => Buffer.from(e.hash, 'hex')));
      }
      return leaves;
    };

    it(
      'keeps the Merkle tree of every committed size ' + 'in step with the events, under concurrent appends',
      async () => {
        await Promise.all(
          Array.from({ length: 12 }, (_, i) => store.append(streamName(), newEvents(1 + (i % 5)))),
        );
        await store.append(streamName(), newEvents(1000));
        const reference = new MemoryTree(await allLeaves());
        for (const size of [1, 2, 3, 7, 8, 33, reference.size - 1, reference.size]) {
          expect(await storedRoot(size)).toEqual(reference.root(size));
          const index = Math.floor(size / 3);
          const ranges = inclusionRanges(index, size);
          const nodes = await store.treeNodes(ranges.flatMap(coverOf));
          expect(ranges.map((r) => rangeHash(r, (ref) => nodes.get(nodeKey(ref))!))).toEqual(
            reference.inclusionProof(index, size),
          );
        }
      },
    );

    it(
      'keeps the tree in step when several processes append at ' +
        'once (optimistic writes that lose fall back to the lock)',
      async () => {
        const others = await Promise.all(
          [1, 2].map(() =>
            PostgresEventStore.connect({ connectionString: db.connectionString, poolSize: 2 }),
          ),
        );
        const writers = [store, ...others];
        const before = await store.headPosition();
        await Promise.all(
          Array.from({ length: 24 }, async (_, w) => {
            for (let i = 0; i < 10; i += 1) await writers[w % 3].append(streamName(), newEvents(1 + (i % 3)));
          }),
        );
        await Promise.all(others.map((o) => o.close()));
        const reference = new MemoryTree(await allLeaves());
        expect(reference.size).toBe(before + 24 * (4 * 1 + 3 * 2 + 3 * 3));
        for (const size of [before + 1, before + 100, reference.size - 1, reference.size]) {
          expect(await storedRoot(size)).toEqual(reference.root(size));
        }
        expect(await store.headPosition()).toBe(reference.size);
      },
      DATABASE_TIMEOUT_MS,
    );

    it(
      'stores only subtrees of 16 leaves and up, and still proves every size from the leaves below',
      async () => {
        await store.append(streamName(), newEvents(300));
        await store.append(streamName(), newEvents(1));
        const levels: { level: number; n: string }[] = (
          await sql.query('SELECT level, count(*) AS n FROM ledger_merkle GROUP BY level ORDER BY level')
        ).rows;
        expect(levels.length).toBeGreaterThan(0);
        expect(levels.every((l) => l.level >= 4)).toBe(true);
        const reference = new MemoryTree(await allLeaves());
        for (const size of [1, 2, 3, 5, 15, 16, 17, 31, reference.size - 2, reference.size]) {
          expect(await storedRoot(size)).toEqual(reference.root(size));
          const index = size - 1;
          const ranges = inclusionRanges(index, size);
          const nodes = await store.treeNodes(ranges.flatMap(coverOf));
          expect(ranges.map((r) => rangeHash(r, (ref) => nodes.get(nodeKey(ref))!))).toEqual(
            reference.inclusionProof(index, size),
          );
        }
      },
      DATABASE_TIMEOUT_MS,
    );

    it('backfills the tree of a ledger written before the tree existed', async () => {
      await store.append(streamName(), newEvents(37));
      await sql.query('ALTER TABLE ledger_merkle DISABLE TRIGGER ledger_merkle_no_truncate');
      await sql.query('TRUNCATE ledger_merkle');
      await sql.query('ALTER TABLE ledger_merkle ENABLE TRIGGER ledger_merkle_no_truncate');
      await sql.query('UPDATE ledger_head SET tree_size = 0');
      await expect(store.append(streamName(), newEvents(1))).rejects.toThrow(/does not cover the ledger/);
      const reopened = await PostgresEventStore.connect({ connectionString: db.connectionString });
      const reference = new MemoryTree(await allLeaves());
      expect(await storedRoot(reference.size)).toEqual(reference.root());
      await reopened.append(streamName(), newEvents(3));
      await reopened.close();
      expect(await storedRoot(reference.size + 3)).toEqual(new MemoryTree(await allLeaves()).root());
    });

    it('migrates once however often it connects', async () => {
      const again = await PostgresEventStore.connect({ connectionString: db.connectionString });
      await again.close();
      const { rows } = await sql.query('SELECT version FROM ledger_schema_migrations');
      expect(rows).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }]);
    });
  });
}
