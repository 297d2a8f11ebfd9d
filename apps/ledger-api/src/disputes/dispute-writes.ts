import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  parseDisputeComment,
  parseDisputeOpening,
  parseDisputeResolution,
  parseEmptyBody,
} from '@ledger/domain';
import { Caller } from '../auth/caller';
import { GovernanceWrite, Written } from '../charter/governance-write';
import { PartnershipAccess } from '../partnerships/partnership-access';
import { DisputeStepDto } from './disputes.dto';

/**
 * The dispute routes' writes: each parses its body (the domain's parsers) and makes one dispute event
 * for the one governance write path; the decider applies the rules of disputes (disputes/rules.ts).
 *
 * Constraints: only members and admin write (the routes' roles, and PartnershipAccess for membership).
 */
@Injectable()
export class DisputeWrites {
  constructor(
    private readonly access: PartnershipAccess,
    private readonly governance: GovernanceWrite,
  ) {}

  async open(caller: Caller, partnershipId: string, body: unknown, now: Date): Promise<DisputeStepDto> {
    await this.access.profile(caller, partnershipId);
    const data = { disputeId: randomUUID(), ...parseDisputeOpening(body) };
    const written = await this.governance.record(caller, partnershipId, 'dispute.opened', data, now);
    return step(data.disputeId, written);
  }

  async comment(caller: Caller, partnershipId: string, disputeId: string, body: unknown, now: Date) {
    await this.access.profile(caller, partnershipId);
    const data = { disputeId, ...parseDisputeComment(body) };
    return step(
      disputeId,
      await this.governance.record(caller, partnershipId, 'dispute.commented', data, now),
    );
  }

  async propose(caller: Caller, partnershipId: string, disputeId: string, body: unknown, now: Date) {
    await this.access.profile(caller, partnershipId);
    const data = { disputeId, ...parseDisputeResolution(body) };
    const type = 'dispute.resolution_proposed';
    return step(disputeId, await this.governance.record(caller, partnershipId, type, data, now));
  }

  async accept(caller: Caller, partnershipId: string, disputeId: string, body: unknown, now: Date) {
    await this.access.profile(caller, partnershipId);
    parseEmptyBody(body);
    const resolutionIds = { resolved: randomUUID(), retracted: randomUUID() };
    const type = 'dispute.resolution_accepted';
    const written = await this.governance.record(caller, partnershipId, type, { disputeId }, now, {
      resolutionIds,
    });
    return step(disputeId, written);
  }

  async withdraw(caller: Caller, partnershipId: string, disputeId: string, body: unknown, now: Date) {
    await this.access.profile(caller, partnershipId);
    parseEmptyBody(body);
    return step(
      disputeId,
      await this.governance.record(caller, partnershipId, 'dispute.withdrawn', { disputeId }, now),
    );
  }
}

/** What a write answers: the dispute's state after it, and the events the ledger appended with it. */
function step(disputeId: string, { state, events }: Written): DisputeStepDto {
  const d = state.governance.disputes.get(disputeId)!;
  const resolved = events.find((e) => e.type === 'dispute.resolved');
  const retraction = events.find((e) => e.type === 'event.retracted');
  return {
    disputeId,
    state: d.closed?.state ?? 'open',
    position: events[0].position,
    ...(resolved && d.closed?.outcome ? { outcome: d.closed.outcome } : {}),
    ...(retraction ? { retraction: { eventId: retraction.eventId, position: retraction.position } } : {}),
  };
}
