import { Inject, Injectable } from '@nestjs/common';
import { EventStore } from '@ledger/event-store';
import { PartnerScoresAnswer, partnerScoresAnswer, scoringNeeds } from '@ledger/kpis';
import { assertPositionReached } from '../common/positions';
import { LedgerConfig } from '../config/config';
import { EVENT_STORE, LEDGER_CONFIG } from '../config/tokens';
import { ExpensiveReads } from '../kpis/expensive-reads';
import { AnswerReuse } from '../kpis/snapshot-reuse';
import { KPI_FACTS, KpiFactsSource } from '../read-model/kpi-facts-source';
import { PartnershipFiguresSource } from './partnership-figures';
import { ProgramLog } from './program-log';
import { PartnerScoresQuery } from './program.dto';

/**
 * `GET /v1/partner-scores` (API.md, "Partner scoring and tiering"): a pure function of the ledger at
 * (asOf, position): the program stream cut at the position, each partnership's KPI figures at the same
 * position (PartnershipFiguresSource), scored at asOf and at the end of the previous quarter.
 *
 * Guarantees:
 * - `position` is atPosition, or else the read models' checkpoint (as the KPI answers): what the
 *   figures reflect; minPosition waits for it like the KPI routes;
 * - before any model is in force the answer is `{modelVersion: 0, tiers: [], items: []}`, not a 404: the program
 *   simply has no scores yet, and a poller needs no special case;
 * - a whole answer is reused only for the same position and asOf (or, for "now", an asOf at most
 *   LEDGER_KPI_REUSE_MS old, or the run for "now" still in flight, which the answer names), as KPI
 *   snapshots are;
 * - at a past atPosition every partnership that moved since is replayed: one atPosition replay slot.
 */
@Injectable()
export class PartnerScoresQueries {
  private readonly recent: AnswerReuse<number, PartnerScoresAnswer>;
  /** "Now" requests that arrive while one is computed for the same position wait for it (single flight). */
  private readonly nows = new Map<number, Promise<PartnerScoresAnswer>>();

  constructor(
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KPI_FACTS) private readonly facts: KpiFactsSource,
    private readonly log: ProgramLog,
    private readonly figures: PartnershipFiguresSource,
    private readonly limits: ExpensiveReads,
  ) {
    this.recent = new AnswerReuse(config.kpiReuseMs, (position) => String(position), 64);
  }

  async read(query: PartnerScoresQuery, now: Date): Promise<PartnerScoresAnswer> {
    if (query.minPosition !== undefined) await this.facts.waitFor(query.minPosition, 'minPosition');
    const at = Date.parse(query.asOf ?? now.toISOString());
    if (query.atPosition === undefined) {
      const position = await this.facts.position();
      const reused = this.recent.find(position, at, query.asOf === undefined);
      if (reused) return reused;
      if (query.asOf === undefined) return this.nowAt(position, at);
      const answer = await this.compute(position, at);
      this.recent.keep(position, answer);
      return answer;
    }
    await assertPositionReached(this.store, query.atPosition, 'atPosition');
    return this.limits.replays.run(() => this.compute(query.atPosition!, at));
  }

  /**
   * "Now" at a position: a run in flight for it answers (its asOf is at most that run's age older, which
   * the answer names, as the reuse window allows); else a new run, kept for the window.
   */
  private nowAt(position: number, at: number): Promise<PartnerScoresAnswer> {
    const running = this.nows.get(position);
    if (running) return running;
    const run = this.compute(position, at)
      .then((answer) => {
        this.recent.keep(position, answer);
        return answer;
      })
      .finally(() => this.nows.delete(position));
    this.nows.set(position, run);
    return run;
  }

  private async compute(position: number, at: number): Promise<PartnerScoresAnswer> {
    const program = await this.log.current();
    const needs = scoringNeeds(program, at, position);
    if (!needs) return partnerScoresAnswer(program, at, position);
    const [now, then] = await this.figures.at(position, needs.instants, needs.kpiIds);
    return partnerScoresAnswer(program, at, position, [now, then]);
  }
}
