import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A projection and the generation of its read model that queries use. */
@Entity({ name: 'projections' })
export class ProjectionEntity {
  @PrimaryColumn({ type: 'text' }) name!: string;
  @Column({ name: 'active_generation', type: 'int' }) activeGeneration!: number;
}

/**
 * How far one generation of a projection has applied the ledger; written in the same transaction as its rows.
 */
@Entity({ name: 'projection_checkpoints' })
export class CheckpointEntity {
  @PrimaryColumn({ type: 'text' }) name!: string;
  @PrimaryColumn({ type: 'int' }) generation!: number;
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  position!: number;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** One KPI fact of one partnership (see libs/kpis facts/codec.ts), per read-model generation. */
@Entity({ name: 'kpi_facts' })
export class KpiFactEntity {
  @PrimaryColumn({ type: 'int' }) generation!: number;
  @PrimaryColumn({ name: 'partnership_id', type: 'text' }) partnershipId!: string;
  @PrimaryColumn({ name: 'fact_key', type: 'text' }) factKey!: string;
  @Column({ type: 'jsonb' }) payload!: unknown;
}

export type RebuildState = 'requested' | 'running' | 'completed' | 'failed';

@Entity({ name: 'projection_rebuilds' })
export class RebuildEntity {
  @PrimaryColumn({ name: 'rebuild_id', type: 'uuid' }) rebuildId!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'int', nullable: true }) generation!: number | null;
  @Column({ type: 'text' }) state!: RebuildState;
  @Column({ name: 'requested_at', type: 'timestamptz' }) requestedAt!: Date;
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true }) startedAt!: Date | null;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt!: Date | null;
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  processed!: number;
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  total!: number;
  @Column({ type: 'text', nullable: true }) error!: string | null;
}

/** One alert (API.md, "Alerts") per read-model generation, kept by the projection (alert-rows.ts). */
@Entity({ name: 'alerts' })
export class AlertEntity {
  @PrimaryColumn({ type: 'int' }) generation!: number;
  @PrimaryColumn({ name: 'alert_id', type: 'text' }) alertId!: string;
  @Column({ name: 'partnership_id', type: 'text' }) partnershipId!: string;
  @Column({ type: 'text' }) kind!: string;
  @Column({ type: 'jsonb' }) subject!: Record<string, string>;
  @Column({ name: 'raised_at', type: 'timestamptz' }) raisedAt!: Date;
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  position!: number;
  @Column({ name: 'cleared_at', type: 'timestamptz', nullable: true }) clearedAt!: Date | null;
}

/** A partnership's alert fold state (libs/kpis alerts) per generation; next_due: its earliest pending instant. */
@Entity({ name: 'alert_states' })
export class AlertStateEntity {
  @PrimaryColumn({ type: 'int' }) generation!: number;
  @PrimaryColumn({ name: 'partnership_id', type: 'text' }) partnershipId!: string;
  @Column({ name: 'next_due', type: 'bigint', nullable: true }) nextDue!: string | null;
  @Column({ type: 'jsonb' }) state!: unknown;
}

export const PROJECTION_ENTITIES = [
  ProjectionEntity,
  CheckpointEntity,
  KpiFactEntity,
  RebuildEntity,
  AlertEntity,
  AlertStateEntity,
];
