import { FactChange } from '@ledger/kpis';
import { EntityManager } from 'typeorm';

const CHUNK = 5_000;

/** Writes a batch's fact changes (upserts and deletes) in the caller's transaction, in large statements. */
export async function writeFacts(
  tx: EntityManager,
  generation: number,
  changes: ReadonlyMap<string, readonly FactChange[]>,
): Promise<void> {
  const upserts: [string, string, string][] = [];
  const deletes: [string, string][] = [];
  for (const [partnershipId, list] of changes) {
    for (const change of list) {
      if (change.payload === null) deletes.push([partnershipId, change.key]);
      else upserts.push([partnershipId, change.key, JSON.stringify(change.payload)]);
    }
  }
  for (let i = 0; i < upserts.length; i += CHUNK) {
    const chunk = upserts.slice(i, i + CHUNK);
    await tx.query(
      `INSERT INTO kpi_facts (generation, partnership_id, fact_key, payload)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::jsonb[])
       ON CONFLICT (generation, partnership_id, fact_key) DO UPDATE SET payload = EXCLUDED.payload`,
      [generation, chunk.map((r) => r[0]), chunk.map((r) => r[1]), chunk.map((r) => r[2])],
    );
  }
  if (deletes.length === 0) return;
  await tx.query(
    `DELETE FROM kpi_facts WHERE generation = $1
        AND (partnership_id, fact_key) IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
    [generation, deletes.map((d) => d[0]), deletes.map((d) => d[1])],
  );
}
