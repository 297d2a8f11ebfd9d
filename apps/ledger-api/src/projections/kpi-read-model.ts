import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { FactChange, FactRow, KpiEvent, KpiFacts, decodeFacts, readFactsFor } from '@ledger/kpis';
import { DataSource, EntityManager } from 'typeorm';

export const KPI_PROJECTION = 'kpis';

/** A checkpoint that moved under us: another runner applied events (the advisory lock was lost). */
export class CheckpointMoved extends Error {}

/**
 * SQL of the KPI read model: facts rows per generation and the checkpoint, written together.
 *
 * Guarantees: `write` changes the facts of a batch and moves the checkpoint from `from` to `to` in one
 * transaction, and refuses (CheckpointMoved) when the checkpoint is no longer at `from`; so each event is
 * applied exactly once per generation, across crashes and even if two runners ever overlapped.
 */
@Injectable()
export class KpiReadModel {
  constructor(@InjectDataSource() readonly db: DataSource) {}

  async activeGeneration(): Promise<number> {
    const rows: { g: number }[] = await this.db.query('SELECT active_generation AS g FROM projections WHERE name = $1', [KPI_PROJECTION]);
    return rows[0].g;
  }

  async checkpoint(generation: number): Promise<number> {
    const rows: { p: string }[] = await this.db.query('SELECT position AS p FROM projection_checkpoints WHERE name = $1 AND generation = $2', [KPI_PROJECTION, generation]);
    return rows.length > 0 ? Number(rows[0].p) : 0;
  }

  /** The active generation and, in it, the position this partnership's facts reflect (undefined: none yet). */
  async factsVersion(partnershipId: string): Promise<{ generation: number; position?: number }> {
    const rows: { g: number; meta: { position: number } | null }[] = await this.db.query(
      `SELECT p.active_generation AS g, f.payload AS meta FROM projections p
         LEFT JOIN kpi_facts f ON f.generation = p.active_generation AND f.partnership_id = $2 AND f.fact_key = 'meta'
        WHERE p.name = $1`,
      [KPI_PROJECTION, partnershipId],
    );
    return { generation: rows[0].g, ...(rows[0].meta ? { position: rows[0].meta.position } : {}) };
  }

  async loadFacts(generation: number, partnershipId: string, manager: EntityManager = this.db.manager): Promise<KpiFacts> {
    const rows: { key: string; payload: unknown }[] = await manager.query(
      'SELECT fact_key AS key, payload FROM kpi_facts WHERE generation = $1 AND partnership_id = $2',
      [generation, partnershipId],
    );
    return decodeFacts(rows as FactRow[]);
  }

  /** Only the facts of a partnership that folding `events` reads (readFactsFor): a few rows, not all. */
  loadFactsFor(generation: number, partnershipId: string, events: readonly KpiEvent[]): Promise<KpiFacts> {
    return readFactsFor(events, (keys) =>
      this.db.query('SELECT fact_key AS key, payload FROM kpi_facts WHERE generation = $1 AND partnership_id = $2 AND fact_key = ANY($3::text[])', [generation, partnershipId, keys]),
    );
  }

  /** Applies the batch's fact changes and moves the checkpoint `from` → `to`, atomically. */
  async write(generation: number, changes: ReadonlyMap<string, readonly FactChange[]>, from: number, to: number, delayMs = 0): Promise<void> {
    await this.db.transaction(async (tx) => {
      const moved = await tx.query(
        `UPDATE projection_checkpoints SET position = $3, updated_at = now() WHERE name = $1 AND generation = $2 AND position = $4`,
        [KPI_PROJECTION, generation, to, from],
      );
      if (affected(moved) !== 1) throw new CheckpointMoved(`the ${KPI_PROJECTION} checkpoint of generation ${generation} is no longer at ${from}`);
      await writeFacts(tx, generation, changes);
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    });
  }
}

async function writeFacts(tx: EntityManager, generation: number, changes: ReadonlyMap<string, readonly FactChange[]>): Promise<void> {
  const upserts: [string, string, string][] = [];
  const deletes: [string, string][] = [];
  for (const [partnershipId, list] of changes) {
    for (const change of list) {
      if (change.payload === null) deletes.push([partnershipId, change.key]);
      else upserts.push([partnershipId, change.key, JSON.stringify(change.payload)]);
    }
  }
  for (let i = 0; i < upserts.length; i += 5000) {
    const chunk = upserts.slice(i, i + 5000);
    await tx.query(
      `INSERT INTO kpi_facts (generation, partnership_id, fact_key, payload)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::jsonb[])
       ON CONFLICT (generation, partnership_id, fact_key) DO UPDATE SET payload = EXCLUDED.payload`,
      [generation, chunk.map((r) => r[0]), chunk.map((r) => r[1]), chunk.map((r) => r[2])],
    );
  }
  if (deletes.length > 0) {
    await tx.query(
      `DELETE FROM kpi_facts WHERE generation = $1 AND (partnership_id, fact_key) IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
      [generation, deletes.map((d) => d[0]), deletes.map((d) => d[1])],
    );
  }
}

/** Rows affected by an UPDATE through TypeORM's postgres driver: [rows, count]. */
function affected(result: unknown): number {
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}
