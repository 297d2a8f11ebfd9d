import { Inject, Injectable } from '@nestjs/common';
import { KpiFacts } from '@ledger/kpis';
import { Caller } from '../auth/caller';
import { KpiQueries } from '../kpis/kpi-queries';
import { PartnershipAccess } from '../partnerships/partnership-access';
import { KPI_FACTS, KpiFactsSource } from '../read-model/kpi-facts-source';

export interface FactsClocks {
  readonly atPosition?: number;
  readonly minPosition?: number;
}

/**
 * The partnership's KPI facts for the scenario and forecast routes, through the KPI queries' one path
 * (read model, or a replay at atPosition).
 *
 * Guarantees: `forRead` waits for minPosition first (read-your-writes, 503 past 5 s); `settle` waits
 * until the read model has applied the partnership's last event, so a forecast recorded "as it is now"
 * is made from every event acknowledged before the request, never from a lagging read model.
 */
@Injectable()
export class ForesightFacts {
  constructor(
    private readonly access: PartnershipAccess,
    private readonly kpis: KpiQueries,
    @Inject(KPI_FACTS) private readonly facts: KpiFactsSource,
  ) {}

  async forRead(partnershipId: string, clocks: FactsClocks): Promise<KpiFacts> {
    if (clocks.minPosition !== undefined) await this.facts.waitFor(clocks.minPosition, 'minPosition');
    return this.kpis.factsAt(partnershipId, clocks.atPosition);
  }

  /** Waits until the read model has applied the partnership's last event (the caller's access checked). */
  async settle(caller: Caller, partnershipId: string): Promise<void> {
    const { position } = await this.access.visible(caller, partnershipId);
    if (position !== undefined) await this.facts.waitFor(position, 'minPosition');
  }
}
