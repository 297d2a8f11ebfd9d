import { Inject, Injectable } from '@nestjs/common';
import { NotFound } from '@ledger/domain';
import { Caller } from '../auth/caller';
import { PartnershipAccess } from '../partnerships/partnership-access';
import { KPI_FACTS, KpiFactsSource } from '../read-model/kpi-facts-source';

/**
 * The `proposal` of a what-if read (API.md, "Charter" → What-if): a proposal of this partnership, known at
 * the ledger position the answer reflects.
 *
 * Guarantees: an unknown proposal (or one appended after `atPosition`) is a 404 `proposal_not_found`,
 * never silently an answer without it; the live read model has applied the proposal before the answer is
 * computed (waiting up to 5 s, as `minPosition` does).
 */
@Injectable()
export class WhatIfs {
  constructor(
    private readonly access: PartnershipAccess,
    @Inject(KPI_FACTS) private readonly facts: KpiFactsSource,
  ) {}

  async resolve(
    caller: Caller,
    partnershipId: string,
    proposalId: string | undefined,
    atPosition?: number,
  ): Promise<string | undefined> {
    return (await this.proposal(caller, partnershipId, proposalId, atPosition))?.proposalId;
  }

  /** The proposal of a what-if read, as answers name it (`whatIf`), checked as resolve() says. */
  async proposal(
    caller: Caller,
    partnershipId: string,
    proposalId: string | undefined,
    atPosition?: number,
  ): Promise<{ proposalId: string; definitionHash: string } | undefined> {
    if (proposalId === undefined) return undefined;
    const state = await this.access.visible(caller, partnershipId);
    const found = state.governance.proposals.get(proposalId);
    const position = found?.position;
    if (position === undefined || (atPosition !== undefined && position > atPosition)) {
      const when = atPosition === undefined ? '' : ` at position ${atPosition}`;
      throw new NotFound(
        'proposal_not_found',
        `partnership ${partnershipId} has no proposal ${proposalId}${when}`,
      );
    }
    if (atPosition === undefined) await this.facts.waitFor(position, 'proposal');
    return { proposalId, definitionHash: found!.definitionHash };
  }
}
