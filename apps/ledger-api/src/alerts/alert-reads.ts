import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Alert } from '@ledger/kpis';
import { DataSource } from 'typeorm';
import { Caller, canSeePartnership } from '../auth/caller';
import { EVENT_STORE } from '../config/tokens';
import { LedgerStore } from '../partnerships/partnership-fold';
import { PartnershipAccess } from '../partnerships/partnership-access';
import { listAlerts } from '../read-model/alert-rows';
import { KPI_FACTS, KpiFactsSource } from '../read-model/kpi-facts-source';
import { ReadModelStore } from '../read-model/read-model-store';
import { AlertsQuery } from './alerts.dto';

/**
 * GET /v1/alerts (API.md, "Alerts"): the alerts the projection keeps in the live generation.
 *
 * Guarantees: a partner sees only its partnerships' alerts (another partnership named → 404, as every
 * partnership route answers); governance, auditor and admin see all. Newest raisedAt first.
 */
@Injectable()
export class AlertReads {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(EVENT_STORE) private readonly store: LedgerStore,
    @Inject(KPI_FACTS) private readonly facts: KpiFactsSource,
    private readonly readModel: ReadModelStore,
    private readonly access: PartnershipAccess,
  ) {}

  async list(caller: Caller, q: AlertsQuery): Promise<{ items: Alert[] }> {
    if (q.minPosition !== undefined) await this.facts.waitFor(q.minPosition, 'minPosition');
    const partnershipIds = await this.scope(caller, q.partnershipId);
    const generation = await this.readModel.activeGeneration();
    return { items: await listAlerts(this.db, generation, { partnershipIds, state: q.state }) };
  }

  /** The partnerships the answer may cover: the one named, or a partner's own (undefined: all). */
  private async scope(caller: Caller, partnershipId?: string): Promise<string[] | undefined> {
    if (partnershipId !== undefined) {
      await this.access.profile(caller, partnershipId);
      return [partnershipId];
    }
    if (caller.role !== 'partner') return undefined;
    const own: string[] = [];
    for (const { streamId, version } of await this.store.listStreams()) {
      const { state } = await this.store.state(streamId, version);
      if (state.status !== 'none' && canSeePartnership(caller, state.profile.partnerOrgIds))
        own.push(streamId);
    }
    return own;
  }
}
