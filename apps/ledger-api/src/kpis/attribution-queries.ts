import { Inject, Injectable } from '@nestjs/common';
import { ValidationFailed, formatMoney } from '@ledger/domain';
import { EventStore } from '@ledger/event-store';
import {
  Attribution,
  AttributionPolicy,
  CharterRef,
  KpiFacts,
  attributeDeals,
  charterRefOf,
  foldFacts,
  kpiEventOf,
  viewFor,
} from '@ledger/kpis';
import { Caller } from '../auth/caller';
import { assertPositionReached } from '../common/positions';
import { LedgerConfig } from '../config/config';
import { EVENT_STORE, LEDGER_CONFIG } from '../config/tokens';
import { PartnershipAccess } from '../partnerships/partnership-access';
import { KPI_FACTS, KpiFactsSource } from '../read-model/kpi-facts-source';
import { AttributionDto, AttributionQuery } from './attribution.dto';
import { PastEvents } from './past-events';
import { AnswerReuse } from './snapshot-reuse';
import { WhatIfs } from './what-if';

/**
 * Attribution answers (API.md, "Attribution"): the pure library's credits over the partnership's facts
 * at asOf, under the charter governing asOf (or a what-if), with the query's model, window and half-life
 * overriding the charter's. Like KPI snapshots, an attribution is reused for the same question on the
 * same facts (AnswerReuse: "now" at most LEDGER_KPI_REUSE_MS old, an explicit asOf exactly), so polling
 * dashboards and the pages of one answer do not recompute it. Totals cover every selected deal; the deals are paged by a cursor that names
 * the last deal given (win time and id), so a page never repeats or skips a deal of the same answer.
 */
/** An attribution as computed, before it is paged and formatted: what is reused. */
interface Computed {
  readonly asOf: string;
  readonly result: Attribution;
  readonly policy: AttributionPolicy;
  readonly charter?: CharterRef;
  readonly whatIfRef?: { readonly proposalId: string; readonly definitionHash: string };
}

@Injectable()
export class AttributionQueries {
  private readonly recent: AnswerReuse<string, Computed>;

  constructor(
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly access: PartnershipAccess,
    @Inject(KPI_FACTS) private readonly facts: KpiFactsSource,
    private readonly past: PastEvents,
    private readonly whatIfs: WhatIfs,
  ) {
    this.recent = new AnswerReuse(config.kpiReuseMs, (key) => key, 200);
  }

  async answer(
    caller: Caller,
    partnershipId: string,
    q: AttributionQuery,
    now: Date,
  ): Promise<AttributionDto> {
    const profile = await this.access.profile(caller, partnershipId);
    if (q.minPosition !== undefined) await this.facts.waitFor(q.minPosition, 'minPosition');
    const whatIf = await this.whatIfs.resolve(caller, partnershipId, q.proposal, q.atPosition);
    const facts = await this.factsAt(partnershipId, q.atPosition);
    const asOf = new Date(q.asOf ?? now.toISOString()).toISOString();
    // From here to keep() nothing is awaited: concurrent readers of one question compute it once.
    const key = JSON.stringify([partnershipId, facts.position, whatIf ?? null, definedOf(q), q.from, q.to]);
    const computed =
      this.recent.find(key, Date.parse(asOf), q.asOf === undefined) ?? this.compute(facts, asOf, q, whatIf);
    this.recent.keep(key, computed);
    const { result, policy, charter, whatIfRef } = computed;
    return {
      partnershipId,
      asOf: computed.asOf,
      position: facts.position,
      currency: profile.currency,
      model: policy.model,
      windowDays: policy.windowDays,
      ...(policy.model === 'time_decay' ? { halfLifeDays: policy.halfLifeDays } : {}),
      totals: result.totals.map((t) => ({
        ...t,
        credit: formatMoney(t.credit),
        sourcedRevenue: formatMoney(t.sourcedRevenue),
        influencedRevenue: formatMoney(t.influencedRevenue),
      })),
      unattributed: formatMoney(result.unattributed),
      ...page(result, q.limit ?? 100, q.cursor),
      ...(charter ? { charter } : {}),
      ...(whatIfRef ? { whatIf: whatIfRef } : {}),
    };
  }

  private compute(facts: KpiFacts, asOf: string, q: AttributionQuery, whatIf?: string): Computed {
    const view = viewFor(facts, { asOf, ...(whatIf ? { whatIf } : {}) });
    const policy = { ...view.charter.charter.attribution, ...definedOf(q) };
    const range = {
      ...(q.from ? { from: Date.parse(q.from) } : {}),
      ...(q.to ? { to: Date.parse(q.to) } : {}),
    };
    const { proposalId, definitionHash } = view.charter;
    return {
      asOf,
      result: attributeDeals(view, policy, range),
      policy,
      charter: charterRefOf(view),
      // Marked only where the proposal governs asOf (before its effectiveFrom the version then in force does).
      whatIfRef:
        whatIf && view.charter.version === null && proposalId && definitionHash
          ? { proposalId, definitionHash }
          : undefined,
    };
  }

  private async factsAt(partnershipId: string, atPosition?: number): Promise<KpiFacts> {
    if (atPosition === undefined) return this.facts.current(partnershipId);
    await assertPositionReached(this.store, atPosition, 'atPosition');
    return foldFacts((await this.past.upTo(partnershipId, atPosition)).map(kpiEventOf));
  }
}

function definedOf(q: AttributionQuery) {
  return {
    ...(q.model ? { model: q.model } : {}),
    ...(q.windowDays !== undefined ? { windowDays: q.windowDays } : {}),
    ...(q.halfLifeDays !== undefined ? { halfLifeDays: q.halfLifeDays } : {}),
  };
}

/** The deals after the cursor's (wonAt, dealId), `limit` of them, and the cursor of the last one given. */
function page(result: Attribution, limit: number, cursor?: string) {
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  const start = after
    ? result.deals.findIndex(
        (d) => d.wonAt > after.wonAt || (d.wonAt === after.wonAt && d.dealId > after.dealId),
      )
    : 0;
  const from = start < 0 ? result.deals.length : start;
  const deals = result.deals.slice(from, from + limit);
  const last = deals.at(-1);
  const more = from + limit < result.deals.length;
  return {
    deals: deals.map((d) => ({
      dealId: d.dealId,
      wonAt: new Date(d.wonAt).toISOString(),
      amount: formatMoney(d.amount),
      credits: d.credits.map((c) => ({ ...c, credit: formatMoney(c.credit) })),
    })),
    nextCursor:
      more && last ? Buffer.from(JSON.stringify([last.wonAt, last.dealId])).toString('base64url') : null,
  };
}

function decodeCursor(cursor: string): { wonAt: number; dealId: string } {
  try {
    const [wonAt, dealId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof wonAt === 'number' && typeof dealId === 'string') return { wonAt, dealId };
  } catch {
    // answered below
  }
  throw new ValidationFailed([{ path: 'cursor', message: 'must be the nextCursor of a previous page' }]);
}
