import { MigrationInterface, QueryRunner } from 'typeorm';

export class AdminTables1764000000000 implements MigrationInterface {
  name = 'AdminTables1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organizations (
        org_id     text        PRIMARY KEY,
        name       text        NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE api_keys (
        key_id     text        PRIMARY KEY,
        key_hash   text        NOT NULL UNIQUE,
        role       text        NOT NULL CHECK (role IN ('admin', 'partner', 'auditor', 'governance')),
        org_id     text        REFERENCES organizations (org_id),
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        CHECK (role <> 'partner' OR org_id IS NOT NULL)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE api_keys');
    await q.query('DROP TABLE organizations');
  }
}
