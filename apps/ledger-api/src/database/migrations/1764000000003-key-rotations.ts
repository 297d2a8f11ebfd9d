import { MigrationInterface, QueryRunner } from 'typeorm';

/** The advisory lock a key rotation (ledger/rotation/record.ts) and every head insert (the trigger) take. */
export const SIGNING_KEY_LOCK = 7_352_100_003;
/** SQLSTATE of a head refused because its key is not the ledger's current key. */
export const KEY_NOT_CURRENT = 'LK001';

/**
 * The signing key's history, in the ledger's own database (a pg_dump carries it), and a trigger that
 * lets only the ledger's current key sign a new head.
 *
 * Guarantees: rotations are append-only and form one chain (each key is retired at most once); a head is
 * inserted only if it is signed by the newest rotation's key or, before any rotation, by the key of the
 * newest head. A rotation and a head insert serialize on one advisory lock, so a head is either counted
 * in the rotation's tree_size (signed before it) or signed by the new key: a process still holding the
 * old key can never add a head after the rotation, whatever it believes.
 */
export class KeyRotations1764000000003 implements MigrationInterface {
  name = 'KeyRotations1764000000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ledger_key_rotations (
        seq             integer PRIMARY KEY CHECK (seq > 0),
        previous_key_id text    NOT NULL UNIQUE,
        key_id          text    NOT NULL UNIQUE CHECK (key_id <> previous_key_id),
        public_key      text    NOT NULL,
        rotated_at      text    NOT NULL,
        tree_size       bigint  NOT NULL CHECK (tree_size >= 0),
        signature       text
      )`);
    await q.query(`
      CREATE FUNCTION ledger_key_rotations_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'key rotations are append-only (% refused)', TG_OP; END $$`);
    await q.query(`
      CREATE TRIGGER ledger_key_rotations_no_update BEFORE UPDATE OR DELETE ON ledger_key_rotations
        FOR EACH ROW EXECUTE FUNCTION ledger_key_rotations_immutable()`);
    // VOLATILE (the default): each query below takes a fresh snapshot after the lock is held, so it sees a
    // rotation committed while this insert waited for the lock.
    await q.query(`
      CREATE FUNCTION ledger_heads_current_key() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE current_key text;
        BEGIN
          PERFORM pg_advisory_xact_lock(${SIGNING_KEY_LOCK});
          SELECT key_id INTO current_key FROM ledger_key_rotations ORDER BY seq DESC LIMIT 1;
          IF current_key IS NULL THEN
            SELECT key_id INTO current_key FROM ledger_heads ORDER BY tree_size DESC LIMIT 1;
          END IF;
          IF current_key IS NOT NULL AND current_key <> NEW.key_id THEN
            RAISE EXCEPTION USING ERRCODE = '${KEY_NOT_CURRENT}', DETAIL = current_key,
              MESSAGE = format('the head of tree size %s is signed by %s, not by the ledger''s key %s',
                               NEW.tree_size, NEW.key_id, current_key);
          END IF;
          RETURN NEW;
        END $$`);
    await q.query(`
      CREATE TRIGGER ledger_heads_current_key BEFORE INSERT ON ledger_heads
        FOR EACH ROW EXECUTE FUNCTION ledger_heads_current_key()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER ledger_heads_current_key ON ledger_heads');
    await q.query('DROP FUNCTION ledger_heads_current_key()');
    await q.query('DROP TABLE ledger_key_rotations');
    await q.query('DROP FUNCTION ledger_key_rotations_immutable()');
  }
}
