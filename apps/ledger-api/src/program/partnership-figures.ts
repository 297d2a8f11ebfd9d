import { Inject, Injectable } from '@nestjs/common';
import { PROGRAM_STREAM } from '@ledger/domain';
import { EventStore } from '@ledger/event-store';
import { KpiFacts, PartnershipFigures, foldFacts, kpiEventOf, partnershipFigures } from '@ledger/kpis';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { EVENT_STORE } from '../config/tokens';
import { PastEvents } from '../kpis/past-events';
import { AnswerReuse } from '../kpis/snapshot-reuse';
import { KPI_FACTS, KpiFactsSource } from '../read-model/kpi-facts-source';

/** Partnerships whose facts are read at once (each is one small query on the read model). */
const AT_ONCE = 16;

interface FigureKey {
  readonly partnershipId: string;
  readonly position: number;
  readonly at: number;
  readonly kpiIds: readonly string[];
}

/** What is kept of a snapshot: the figures wanted, at its asOf. */
interface Figures {
  readonly asOf: string;
  readonly figures: PartnershipFigures;
}

/**
 * Each partnership's whole figure of the KPIs a scoring model names, at given instants, as the ledger
 * stood at a position: the KPI snapshot of the partnership (computeSnapshot over its facts, only the
 * categories wanted), the very computation of `GET …/kpis`.
 *
 * Guarantees: the facts are those at `position` exactly: the read model's when it has not moved past it
 * (its facts then hold every event of the partnership up to it), else — or for a past `atPosition` —
 * the partnership's events up to it folded by the same pure fold. A snapshot is reused only for the
 * same facts, categories and asOf (AnswerReuse, exact asOf), so the previous quarter's figures are
 * computed once per partnership and position.
 */
@Injectable()
export class PartnershipFiguresSource {
  private readonly reuse = new AnswerReuse<FigureKey, Figures>(
    0,
    (k) => JSON.stringify([k.partnershipId, k.position, k.at, k.kpiIds]),
    20_000,
  );

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KPI_FACTS) private readonly facts: KpiFactsSource,
    private readonly past: PastEvents,
  ) {}

  /** For each instant (ms), the partnerships known at `position` with their KPI figures then. */
  async at(position: number, instants: readonly number[], kpiIds: readonly string[]) {
    const figures = instants.map(() => [] as PartnershipFigures[]);
    const checkpoint = await this.facts.position();
    const ids = (await this.store.listStreams()).map((s) => s.streamId).filter((id) => id !== PROGRAM_STREAM);
    for (let i = 0; i < ids.length; i += AT_ONCE) {
      const batch = await Promise.all(
        ids.slice(i, i + AT_ONCE).map((id) => this.factsAt(id, position, checkpoint)),
      );
      batch.forEach((facts, j) => {
        if (!facts.profile) return; // no partnership at that position (the program's, or formed later)
        const id = ids[i + j];
        instants.forEach((at, n) => {
          if (facts.profile!.startedAt > at) return;
          figures[n].push(this.figuresOf(id, facts, at, kpiIds));
        });
      });
      await nextTurn(); // a batch's snapshots cost CPU: let other requests in between
    }
    return figures;
  }

  /**
   * The read model's facts when they are the partnership's state at `position`: the read model had
   * applied every event up to it (checkpoint, read before) and none of the partnership's since.
   */
  private async factsAt(partnershipId: string, position: number, checkpoint: number): Promise<KpiFacts> {
    const live = await this.facts.current(partnershipId);
    if (position <= checkpoint && live.position <= position) return live;
    const events = await this.past.upTo(partnershipId, position);
    return foldFacts(events.map(kpiEventOf));
  }

  private figuresOf(
    partnershipId: string,
    facts: KpiFacts,
    at: number,
    kpiIds: readonly string[],
  ): PartnershipFigures {
    const key = { partnershipId, position: facts.position, at, kpiIds };
    const kept = this.reuse.find(key, at, false);
    if (kept) return kept.figures;
    const figures = partnershipFigures(partnershipId, facts, at, kpiIds);
    this.reuse.keep(key, { asOf: new Date(at).toISOString(), figures });
    return figures;
  }
}
