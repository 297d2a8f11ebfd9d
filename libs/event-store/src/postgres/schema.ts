import { Pool } from 'pg';

/**
 * The event store's own schema, versioned and applied in order under an advisory lock so that
 * several processes starting together migrate once. Checked in; never generated.
 */
export const EVENT_STORE_MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'ledger tables',
    sql: `
      CREATE TABLE ledger_events (
        position    bigint      NOT NULL PRIMARY KEY CHECK (position > 0),
        stream_id   text        NOT NULL,
        version     bigint      NOT NULL CHECK (version > 0),
        event_id    uuid        NOT NULL UNIQUE,
        type        text        NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL,
        recorded_by text        NOT NULL,
        data        jsonb       NOT NULL,
        hash        text        NOT NULL,
        UNIQUE (stream_id, version)
      );
      CREATE TABLE ledger_streams (
        stream_id text   NOT NULL PRIMARY KEY,
        version   bigint NOT NULL,
        position  bigint NOT NULL
      );
      -- One row: the last position and recording time. Appends lock it, which orders commits.
      CREATE TABLE ledger_head (
        id          smallint    NOT NULL PRIMARY KEY CHECK (id = 1),
        position    bigint      NOT NULL,
        recorded_at timestamptz NOT NULL
      );
      INSERT INTO ledger_head (id, position, recorded_at) VALUES (1, 0, 'epoch');
      -- Events are immutable: refuse UPDATE, DELETE and TRUNCATE even to the application's own role.
      CREATE FUNCTION ledger_events_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'ledger events are immutable (% refused)', TG_OP; END $$;
      CREATE TRIGGER ledger_events_no_update BEFORE UPDATE OR DELETE ON ledger_events
        FOR EACH ROW EXECUTE FUNCTION ledger_events_immutable();
      CREATE TRIGGER ledger_events_no_truncate BEFORE TRUNCATE ON ledger_events
        FOR EACH STATEMENT EXECUTE FUNCTION ledger_events_immutable();
    `,
  },
  {
    version: 2,
    name: 'merkle tree',
    sql: `
      -- Hashes of the perfect subtrees of level >= 1 of the RFC 9162 tree over all events in position
      -- order (level 0 is ledger_events.hash). Written in the append transaction, so the head, and any
      -- inclusion or consistency proof, is O(log n) reads for every committed tree size.
      CREATE TABLE ledger_merkle (
        level smallint NOT NULL CHECK (level >= 1),
        idx   bigint   NOT NULL CHECK (idx >= 0),
        hash  bytea    NOT NULL CHECK (length(hash) = 32),
        PRIMARY KEY (level, idx)
      );
      CREATE TRIGGER ledger_merkle_no_update BEFORE UPDATE OR DELETE ON ledger_merkle
        FOR EACH ROW EXECUTE FUNCTION ledger_events_immutable();
      CREATE TRIGGER ledger_merkle_no_truncate BEFORE TRUNCATE ON ledger_merkle
        FOR EACH STATEMENT EXECUTE FUNCTION ledger_events_immutable();
      -- How many leaves the stored tree covers; equal to position once any older ledger is backfilled.
      ALTER TABLE ledger_head ADD COLUMN tree_size bigint NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 3,
    name: 'event ids scoped per stream',
    sql: `
      -- An eventId is unique within its partnership, not across the ledger: a global constraint let a
      -- caller learn, from a 409, that an id exists in a partnership it may not read.
      ALTER TABLE ledger_events DROP CONSTRAINT ledger_events_event_id_key;
      ALTER TABLE ledger_events ADD CONSTRAINT ledger_events_stream_event_id_key UNIQUE (stream_id, event_id);
    `,
  },
];

const MIGRATION_LOCK = 7_352_100_001;

export async function migrateEventStore(pool: Pool): Promise<void> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => (broken = error);
  client.on('error', onError);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ledger_schema_migrations (
         version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ version: number }>('SELECT version FROM ledger_schema_migrations');
    const applied = new Set(rows.map((r) => r.version));
    for (const migration of EVENT_STORE_MIGRATIONS.filter((m) => !applied.has(m.version))) {
      await client.query('BEGIN');
      await client.query(migration.sql);
      await client.query('INSERT INTO ledger_schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      await client.query('COMMIT');
    }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.off('error', onError);
    client.release(broken);
  }
}
