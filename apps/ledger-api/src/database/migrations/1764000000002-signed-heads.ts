import { MigrationInterface, QueryRunner } from 'typeorm';

export class SignedHeads1764000000002 implements MigrationInterface {
  name = 'SignedHeads1764000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ledger_heads (
        tree_size bigint PRIMARY KEY CHECK (tree_size >= 0),
        root_hash text   NOT NULL,
        timestamp text   NOT NULL,
        signature text   NOT NULL,
        key_id    text   NOT NULL
      )`);
    await q.query(`
      CREATE TABLE org_signing_keys (
        key_id     text        PRIMARY KEY,
        org_id     text        NOT NULL REFERENCES organizations (org_id),
        public_key text        NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE ledger_cosignatures (
        tree_size  bigint      NOT NULL REFERENCES ledger_heads (tree_size),
        key_id     text        NOT NULL REFERENCES org_signing_keys (key_id),
        org_id     text        NOT NULL,
        signature  text        NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tree_size, key_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE ledger_cosignatures');
    await q.query('DROP TABLE org_signing_keys');
    await q.query('DROP TABLE ledger_heads');
  }
}
