import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  AlertChanges,
  AlertState,
  FactChange,
  FactRow,
  KpiEvent,
  KpiFacts,
  decodeFacts,
  readFactsFor,
} from '@ledger/kpis';
import { CheckpointMoved } from '@ledger/projections';
import { DataSource } from 'typeorm';
import { deleteAlerts, dueAlertStates, loadAlertStates, writeAlerts } from './alert-rows';
import { writeFacts } from './write-facts';

export const KPI_PROJECTION = 'kpis';

/** A batch of fact changes and the checkpoint move it completes. */
export interface FactsBatch {
  readonly changes: ReadonlyMap<string, readonly FactChange[]>;
  readonly from: number;
  readonly to: number;
  /** The alert states the batch changed and the alerts it raised or cleared (alert-rows.ts). */
  readonly alerts?: { readonly states: readonly AlertState[]; readonly changes: AlertChanges };
}

/**
 * Every SQL statement of the KPI read model: facts per generation, checkpoints, the active generation
 * and a rebuild's start and swap (rebuild requests: rebuilds.ts). The runner and the queries reach the
 * read model only through it, on the app's TypeORM DataSource (one pool, one migrations table).
 *
 * Guarantees: `write` changes the facts of a batch and moves the checkpoint from `from` to `to` in one
 * transaction, and refuses (CheckpointMoved) when the checkpoint is no longer at `from`; so each event is
 * applied exactly once per generation, across crashes and even if two runners ever overlapped. A swap
 * makes the new generation live and drops the old one in one transaction.
 */
@Injectable()
export class ReadModelStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async activeGeneration(): Promise<number> {
    const rows: { g: number }[] = await this.db.query(
      'SELECT active_generation AS g FROM projections WHERE name = $1',
      [KPI_PROJECTION],
    );
    return rows[0].g;
  }

  async checkpoint(generation: number): Promise<number> {
    const rows: { p: string }[] = await this.db.query(
      'SELECT position AS p FROM projection_checkpoints WHERE name = $1 AND generation = $2',
      [KPI_PROJECTION, generation],
    );
    return rows.length > 0 ? Number(rows[0].p) : 0;
  }

  /** The checkpoint of the live generation, in one statement (what readers can rely on). */
  async liveCheckpoint(): Promise<number> {
    const rows: { p: string | null }[] = await this.db.query(
      `SELECT c.position AS p FROM projections p
         LEFT JOIN projection_checkpoints c ON c.name = p.name AND c.generation = p.active_generation
        WHERE p.name = $1`,
      [KPI_PROJECTION],
    );
    return Number(rows[0]?.p ?? 0);
  }

  /** The active generation and the position a partnership's facts reflect in it (undefined: none yet). */
  async factsVersion(partnershipId: string): Promise<{ generation: number; position?: number }> {
    const rows: { g: number; meta: { position: number } | null }[] = await this.db.query(
      `SELECT p.active_generation AS g, f.payload AS meta FROM projections p
         LEFT JOIN kpi_facts f ON f.generation = p.active_generation AND f.partnership_id = $2
                              AND f.fact_key = 'meta'
        WHERE p.name = $1`,
      [KPI_PROJECTION, partnershipId],
    );
    return { generation: rows[0].g, ...(rows[0].meta ? { position: rows[0].meta.position } : {}) };
  }

  async loadFacts(generation: number, partnershipId: string): Promise<KpiFacts> {
    const rows: FactRow[] = await this.db.query(
      'SELECT fact_key AS key, payload FROM kpi_facts WHERE generation = $1 AND partnership_id = $2',
      [generation, partnershipId],
    );
    return decodeFacts(rows);
  }

  /** The alert fold states of these partnerships in a generation (absent: no event folded yet). */
  alertStates(generation: number, partnershipIds: readonly string[]): Promise<Map<string, AlertState>> {
    return loadAlertStates(this.db, generation, partnershipIds);
  }

  /** The alert states that time alone changes before `before` (ms). */
  dueAlertStates(generation: number, before: number): Promise<AlertState[]> {
    return dueAlertStates(this.db, generation, before);
  }

  /** Only the facts of a partnership that folding `events` reads (readFactsFor): a few rows, not all. */
  loadFactsFor(generation: number, partnershipId: string, events: readonly KpiEvent[]): Promise<KpiFacts> {
    return readFactsFor(events, (keys) =>
      this.db.query(
        `SELECT fact_key AS key, payload FROM kpi_facts
          WHERE generation = $1 AND partnership_id = $2 AND fact_key = ANY($3::text[])`,
        [generation, partnershipId, keys],
      ),
    );
  }

  /**
   * Time's changes to alert states (the tick), written only while the checkpoint is still at `at`: a
   * batch applied meanwhile may have changed the same states, and the next tick redoes the work.
   */
  async writeTicked(
    generation: number,
    at: number,
    alerts: { readonly states: readonly AlertState[]; readonly changes: AlertChanges },
  ): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const rows: { p: string }[] = await tx.query(
        `SELECT position AS p FROM projection_checkpoints WHERE name = $1 AND generation = $2 FOR UPDATE`,
        [KPI_PROJECTION, generation],
      );
      if (Number(rows[0]?.p ?? -1) !== at) return false;
      await writeAlerts(tx, generation, alerts.states, alerts.changes);
      return true;
    });
  }

  /** Applies the batch's fact changes and moves the checkpoint `from` → `to`, atomically. */
  async write(generation: number, batch: FactsBatch, delayMs = 0): Promise<void> {
    await this.db.transaction(async (tx) => {
      const moved = await tx.query(
        `UPDATE projection_checkpoints SET position = $3, updated_at = now()
          WHERE name = $1 AND generation = $2 AND position = $4`,
        [KPI_PROJECTION, generation, batch.to, batch.from],
      );
      if (affected(moved) !== 1) {
        throw new CheckpointMoved(
          `the ${KPI_PROJECTION} checkpoint of generation ${generation} is no longer at ${batch.from}`,
        );
      }
      await writeFacts(tx, generation, batch.changes);
      if (batch.alerts) await writeAlerts(tx, generation, batch.alerts.states, batch.alerts.changes);
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    });
  }

  /** Empties `generation`, sets its checkpoint to 0 and marks the rebuild running in it. */
  async startGeneration(rebuildId: string, generation: number, total: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM kpi_facts WHERE generation = $1', [generation]);
      await deleteAlerts(tx, generation);
      await tx.query(
        `INSERT INTO projection_checkpoints (name, generation, position) VALUES ($1, $2, 0)
         ON CONFLICT (name, generation) DO UPDATE SET position = 0, updated_at = now()`,
        [KPI_PROJECTION, generation],
      );
      await tx.query(
        `UPDATE projection_rebuilds SET state = 'running', generation = $2, started_at = now(), total = $3
          WHERE rebuild_id = $1`,
        [rebuildId, generation, total],
      );
    });
  }

  /** Makes `next` the live generation, drops `old`, and completes the rebuild at `reached`. */
  async swapGeneration(rebuildId: string, old: number, next: number, reached: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('UPDATE projections SET active_generation = $2 WHERE name = $1', [KPI_PROJECTION, next]);
      await tx.query('DELETE FROM kpi_facts WHERE generation = $1', [old]);
      await deleteAlerts(tx, old);
      await tx.query('DELETE FROM projection_checkpoints WHERE name = $1 AND generation = $2', [
        KPI_PROJECTION,
        old,
      ]);
      await tx.query(
        `UPDATE projection_rebuilds SET state = 'completed', finished_at = now(), processed = $2, total = $2
          WHERE rebuild_id = $1`,
        [rebuildId, reached],
      );
    });
  }
}

/** Rows affected by an UPDATE through TypeORM's postgres driver: [rows, count]. */
function affected(result: unknown): number {
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}
