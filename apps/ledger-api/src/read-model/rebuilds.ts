import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RebuildEntity } from './entities';
import { KPI_PROJECTION } from './read-model-store';

/**
 * Rebuild requests live in the database, so any API process can take one and the runner (wherever it
 * runs) picks it up. At most one is open per projection (a partial unique index).
 */
@Injectable()
export class Rebuilds {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Requests a rebuild, or returns the one already requested or running. */
  async request(): Promise<RebuildEntity> {
    const open = await this.open();
    if (open) return open;
    const row: RebuildEntity = {
      rebuildId: randomUUID(),
      name: KPI_PROJECTION,
      generation: null,
      state: 'requested',
      requestedAt: new Date(),
      startedAt: null,
      finishedAt: null,
      processed: 0,
      total: 0,
      error: null,
    };
    await this.db.createQueryBuilder().insert().into(RebuildEntity).values(row).orIgnore().execute();
    return (await this.open())!;
  }

  open(): Promise<RebuildEntity | null> {
    return this.db.getRepository(RebuildEntity).findOne({
      where: [
        { name: KPI_PROJECTION, state: 'requested' },
        { name: KPI_PROJECTION, state: 'running' },
      ],
    });
  }

  latest(): Promise<RebuildEntity | null> {
    return this.db
      .getRepository(RebuildEntity)
      .findOne({ where: { name: KPI_PROJECTION }, order: { requestedAt: 'DESC' } });
  }

  async update(rebuildId: string, changes: Partial<RebuildEntity>): Promise<void> {
    await this.db.getRepository(RebuildEntity).update({ rebuildId }, changes);
  }
}
