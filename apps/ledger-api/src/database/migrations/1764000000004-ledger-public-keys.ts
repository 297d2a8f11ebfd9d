import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public key of every key the ledger signs heads with, recorded by each API process at start (after
 * the signing-key check) and by the rotation command, so that POST /v1/ledger/verify can check every
 * stored head with its own key, long after that key was rotated away: a rotation records only the new
 * key's public key, and the process holds only the current one.
 *
 * Guarantees: append-only (a row is never changed or removed); verify uses a row only when the key's id
 * is the id of its public key (keyIdOf), so a row cannot vouch for another key.
 */
export class LedgerPublicKeys1764000000004 implements MigrationInterface {
  name = 'LedgerPublicKeys1764000000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ledger_public_keys (
        key_id      text        PRIMARY KEY,
        public_key  text        NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE FUNCTION ledger_public_keys_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the ledger''s public keys are append-only (% refused)', TG_OP; END $$`);
    await q.query(`
      CREATE TRIGGER ledger_public_keys_no_update BEFORE UPDATE OR DELETE ON ledger_public_keys
        FOR EACH ROW EXECUTE FUNCTION ledger_public_keys_immutable()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE ledger_public_keys');
    await q.query('DROP FUNCTION ledger_public_keys_immutable()');
  }
}
