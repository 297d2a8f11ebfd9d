import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts (API.md, "Alerts"), kept by the KPI projection per read-model generation: the alerts themselves
 * and each partnership's alert fold state (libs/kpis alerts). A ledger that already has facts gets a
 * rebuild requested, since its alerts can only come from folding the whole ledger; the live read model
 * keeps answering meanwhile. A new, empty ledger has nothing to rebuild.
 *
 * Guarantees: `next_due` is the instant of the state's earliest pending condition (null: none), so the
 * tick finds the partnerships that time alone may change with one indexed query.
 */
export class Alerts1764000000006 implements MigrationInterface {
  name = 'Alerts1764000000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alerts (
        generation int NOT NULL,
        alert_id text NOT NULL,
        partnership_id text NOT NULL,
        kind text NOT NULL,
        subject jsonb NOT NULL,
        raised_at timestamptz NOT NULL,
        position bigint NOT NULL,
        cleared_at timestamptz,
        PRIMARY KEY (generation, alert_id))`);
    await q.query('CREATE INDEX alerts_by_partnership ON alerts (generation, partnership_id, raised_at)');
    await q.query(`
      CREATE TABLE alert_states (
        generation int NOT NULL,
        partnership_id text NOT NULL,
        next_due bigint,
        state jsonb NOT NULL,
        PRIMARY KEY (generation, partnership_id))`);
    await q.query('CREATE INDEX alert_states_due ON alert_states (generation, next_due)');
    await q.query(`
      INSERT INTO projection_rebuilds (rebuild_id, name, state, requested_at)
      SELECT gen_random_uuid(), 'kpis', 'requested', now()
       WHERE EXISTS (SELECT 1 FROM kpi_facts)
         AND NOT EXISTS (
           SELECT 1 FROM projection_rebuilds WHERE name = 'kpis' AND state IN ('requested', 'running'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE alert_states');
    await q.query('DROP TABLE alerts');
  }
}
