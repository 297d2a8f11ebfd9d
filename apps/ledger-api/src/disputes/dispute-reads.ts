import { Injectable } from '@nestjs/common';
import {
  Dispute,
  Governance,
  NotFound,
  charterInForce,
  disputeAt,
  disputeState,
  overdueFrom,
} from '@ledger/domain';
import { Caller } from '../auth/caller';
import { CharterReads, Clocks } from '../charter/charter-reads';
import { DisputeDto, DisputesDto } from './disputes.dto';

/**
 * The disputes' read side: the partnership's governance (folded with its decider state, so consistent
 * with every acknowledged write) at atPosition, each dispute as it stood at asOf.
 *
 * Guarantees: `overdue` is open at asOf more than the SLA after opening, the SLA being the
 * `disputeSlaDays` of the charter in force when the dispute was opened (what was agreed then).
 */
@Injectable()
export class DisputeReads {
  constructor(private readonly charter: CharterReads) {}

  async list(caller: Caller, partnershipId: string, state: string | undefined, clocks: Clocks, now: Date) {
    const { governance, position } = await this.charter.at(caller, partnershipId, clocks.atPosition);
    const asOf = Date.parse(clocks.asOf ?? now.toISOString());
    const items = [...governance.disputes.values()]
      .flatMap((d) => {
        const known = disputeAt(d, asOf);
        return known ? [disputeView(governance, known, asOf)] : [];
      })
      .filter((d) => !state || (state === 'overdue' ? d.overdue : d.state === state))
      .sort((a, b) => a.openedAt.localeCompare(b.openedAt) || a.disputeId.localeCompare(b.disputeId));
    return { partnershipId, asOf: new Date(asOf).toISOString(), position, items } satisfies DisputesDto;
  }

  async one(caller: Caller, partnershipId: string, disputeId: string, clocks: Clocks, now: Date) {
    const { governance } = await this.charter.at(caller, partnershipId, clocks.atPosition);
    const asOf = Date.parse(clocks.asOf ?? now.toISOString());
    const d = governance.disputes.get(disputeId);
    const known = d && disputeAt(d, asOf);
    if (!known) throw new NotFound('dispute_not_found', `there is no dispute ${disputeId}`);
    return disputeView(governance, known, asOf);
  }
}

/** The SLA agreed for a dispute: the charter's disputeSlaDays in force when it was opened. */
export function slaDaysOf(g: Governance, d: Dispute): number {
  return charterInForce(g, Date.parse(d.openedAt)).charter.disputeSlaDays;
}

export function disputeView(g: Governance, d: Dispute, asOf: number): DisputeDto {
  const overdueAt = overdueFrom(d, slaDaysOf(g, d));
  const state = disputeState(d);
  return {
    disputeId: d.disputeId,
    state,
    overdue: state === 'open' && asOf > overdueAt,
    overdueAt: new Date(overdueAt).toISOString(),
    subject: d.subject,
    reason: d.reason,
    requestedRemedy: d.requestedRemedy,
    openedBy: d.openedBy,
    openedAt: d.openedAt,
    position: d.position ?? null,
    proposal: state === 'open' ? (d.proposal ?? null) : null,
    closed: d.closed ?? null,
    thread: d.thread,
  };
}
