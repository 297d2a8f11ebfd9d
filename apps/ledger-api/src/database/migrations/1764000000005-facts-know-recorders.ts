import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * KPI facts gained what they did not hold before (who recorded each deal, milestone and escalation step,
 * which reporting_balance counts; the governance log): facts stored by an older version lack it, so a
 * ledger that already has facts gets a rebuild requested, which the projection runner performs beside
 * the live read model and swaps in (queries keep being answered meanwhile). A new, empty ledger has
 * nothing to rebuild.
 *
 * Guarantees: at most one open rebuild (the partial unique index): when one is already open, it will
 * fold with the new code anyway, and nothing is added.
 */
export class FactsKnowRecorders1764000000005 implements MigrationInterface {
  name = 'FactsKnowRecorders1764000000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO projection_rebuilds (rebuild_id, name, state, requested_at)
      SELECT gen_random_uuid(), 'kpis', 'requested', now()
       WHERE EXISTS (SELECT 1 FROM kpi_facts)
         AND NOT EXISTS (
           SELECT 1 FROM projection_rebuilds WHERE name = 'kpis' AND state IN ('requested', 'running'))`);
  }

  async down(): Promise<void> {
    // A requested rebuild is harmless to leave: it refolds the same ledger.
  }
}
