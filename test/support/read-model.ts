import { Client } from 'pg';
import { TestDatabase } from '../../libs/event-store/src/testing/databases';

/** How many events the live read model folded per partnership, read from its stored meta facts. */
export async function foldedPerPartnership(db: TestDatabase): Promise<Record<string, number>> {
  const sql = new Client({ connectionString: db.connectionString });
  await sql.connect();
  try {
    const { rows } = await sql.query(
      `SELECT f.partnership_id AS pid, (f.payload->>'events')::int AS n FROM kpi_facts f
         JOIN projections p ON p.active_generation = f.generation AND p.name = 'kpis' ` +
        `WHERE f.fact_key = 'meta'`,
    );
    return Object.fromEntries(rows.map((r) => [r.pid, r.n]));
  } finally {
    await sql.end();
  }
}
