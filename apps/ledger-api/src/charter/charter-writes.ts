import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import {
  EventData,
  GovernanceType,
  ValidationFailed,
  parseApproval,
  parseCompletion,
  parseProposal,
  parseRejection,
  parseReview,
} from '@ledger/domain';
import { approvalStatement, definitionHashOf, parsePublicKey, verifyApproval } from '@ledger/verification';
import { Repository } from 'typeorm';
import { Caller } from '../auth/caller';
import { OrgSigningKeyEntity } from '../ledger/entities';
import { PartnershipAccess } from '../partnerships/partnership-access';
import { GovernanceWrite, Written } from './governance-write';

/**
 * The charter and review routes' writes: each parses its body (the domain's parsers) and makes one
 * governance event for the one write path (GovernanceWrite), where the decider applies the rules of
 * governance (governance-rules.ts) against the partnership's state in the group commit.
 *
 * Constraints: only members (partner keys of the partnership's orgs) and admin write (the routes'
 * roles, and PartnershipAccess for membership); a signed
 * approval is checked against the signing keys registered for the caller's org before it is recorded.
 */
@Injectable()
export class CharterWrites {
  constructor(
    private readonly access: PartnershipAccess,
    private readonly governance: GovernanceWrite,
    @InjectRepository(OrgSigningKeyEntity) private readonly keys: Repository<OrgSigningKeyEntity>,
  ) {}

  async propose(caller: Caller, partnershipId: string, body: unknown, now: Date) {
    const profile = await this.access.profile(caller, partnershipId);
    const { charter, effectiveFrom, rationale } = parseProposal(body, profile.partnerOrgIds);
    const data = {
      proposalId: randomUUID(),
      baseVersion: 0, // stamped by the decider: the latest adopted version when the proposal is appended
      charter,
      definitionHash: definitionHashOf(charter),
      ...(effectiveFrom ? { effectiveFrom } : {}),
      ...(rationale ? { rationale } : {}),
    };
    const written = await this.write(caller, partnershipId, 'charter.proposed', data, now);
    return { proposalId: data.proposalId, ...written };
  }

  async approve(caller: Caller, partnershipId: string, proposalId: string, body: unknown, now: Date) {
    await this.access.profile(caller, partnershipId);
    const { definitionHash, signature } = parseApproval(body);
    if (signature !== undefined)
      await this.checkSignature(caller, partnershipId, proposalId, definitionHash, signature);
    const data = { proposalId, definitionHash, ...(signature !== undefined ? { signature } : {}) };
    return this.write(caller, partnershipId, 'charter.approved', data, now, randomUUID());
  }

  async reject(caller: Caller, partnershipId: string, proposalId: string, body: unknown, now: Date) {
    await this.access.profile(caller, partnershipId);
    const { reason } = parseRejection(body);
    return this.write(caller, partnershipId, 'charter.rejected', { proposalId, reason }, now);
  }

  async withdraw(caller: Caller, partnershipId: string, proposalId: string, now: Date) {
    await this.access.profile(caller, partnershipId);
    return this.write(caller, partnershipId, 'charter.withdrawn', { proposalId }, now);
  }

  async review(caller: Caller, partnershipId: string, body: unknown, now: Date) {
    await this.access.profile(caller, partnershipId);
    const { actions, ...rest } = parseReview(body);
    const data = {
      reviewId: randomUUID(),
      ...rest,
      actions: (actions ?? []).map((a) => ({ ...a, actionId: a.actionId ?? randomUUID() })),
    };
    const written = await this.write(caller, partnershipId, 'review.held', data, now);
    return { reviewId: data.reviewId, actionIds: data.actions.map((a) => a.actionId), ...written };
  }

  async complete(caller: Caller, partnershipId: string, actionId: string, body: unknown, now: Date) {
    await this.access.profile(caller, partnershipId);
    const { note } = parseCompletion(body);
    const data = { actionId, ...(note ? { note } : {}) };
    return this.write(caller, partnershipId, 'action.completed', data, now);
  }

  private write<T extends GovernanceType>(
    caller: Caller,
    partnershipId: string,
    type: T,
    data: EventData<T>,
    now: Date,
    adoptionEventId?: string,
  ): Promise<Written> {
    const ids = adoptionEventId ? { adoptionEventId } : {};
    return this.governance.record(caller, partnershipId, type, data, now, ids);
  }

  private async checkSignature(
    caller: Caller,
    partnershipId: string,
    proposalId: string,
    definitionHash: string,
    signature: string,
  ): Promise<void> {
    if (caller.role !== 'partner') return; // admin approvals are refused by the decider (org_required)
    const statement = approvalStatement(partnershipId, proposalId, definitionHash);
    const keys = await this.keys.find({ where: { orgId: caller.orgId } });
    if (keys.some((k) => verifyApproval(statement, signature, parsePublicKey(k.publicKey)))) return;
    throw new ValidationFailed([
      {
        path: 'signature',
        message:
          `is not an Ed25519 signature by a signing key registered for ${caller.orgId} over the ` +
          'canonical JSON of {partnershipId, proposalId, definitionHash}',
      },
    ]);
  }
}
