import { MigrationInterface, QueryRunner } from 'typeorm';

export class KpiReadModels1764000000001 implements MigrationInterface {
  name = 'KpiReadModels1764000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE projections (name text PRIMARY KEY, active_generation int NOT NULL)`);
    await q.query(`
      CREATE TABLE projection_checkpoints (
        name       text        NOT NULL,
        generation int         NOT NULL,
        position   bigint      NOT NULL CHECK (position >= 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (name, generation)
      )`);
    await q.query(`
      CREATE TABLE kpi_facts (
        generation     int   NOT NULL,
        partnership_id text  NOT NULL,
        fact_key       text  NOT NULL,
        payload        jsonb NOT NULL,
        PRIMARY KEY (generation, partnership_id, fact_key)
      )`);
    await q.query(`
      CREATE TABLE projection_rebuilds (
        rebuild_id   uuid        PRIMARY KEY,
        name         text        NOT NULL,
        generation   int,
        state        text        NOT NULL CHECK (state IN ('requested', 'running', 'completed', 'failed')),
        requested_at timestamptz NOT NULL,
        started_at   timestamptz,
        finished_at  timestamptz,
        processed    bigint      NOT NULL DEFAULT 0,
        total        bigint      NOT NULL DEFAULT 0,
        error        text
      )`);
    await q.query(
      `CREATE UNIQUE INDEX projection_rebuilds_one_open ` +
        `ON projection_rebuilds (name) WHERE state IN ('requested', 'running')`,
    );
    await q.query(`INSERT INTO projections (name, active_generation) VALUES ('kpis', 1)`);
    await q.query(`INSERT INTO projection_checkpoints (name, generation, position) VALUES ('kpis', 1, 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE projection_rebuilds');
    await q.query('DROP TABLE kpi_facts');
    await q.query('DROP TABLE projection_checkpoints');
    await q.query('DROP TABLE projections');
  }
}
