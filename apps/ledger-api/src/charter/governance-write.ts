import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  EventData,
  FormedPartnership,
  GovernanceType,
  ResolutionIds,
  ValidationFailed,
  asDomainEvent,
  parseData,
} from '@ledger/domain';
import { Caller, recorderOf } from '../auth/caller';
import { PartnershipAccess } from '../partnerships/partnership-access';
import { PartnershipCommands } from '../partnerships/write/partnership-commands';

export interface Written {
  readonly state: FormedPartnership;
  readonly events: readonly { eventId: string; type: string; version: number; position: number }[];
}

/** Ids of the events the ledger may append with this one (an adoption, a resolution and retraction). */
export interface FollowUpIds {
  readonly adoptionEventId?: string;
  readonly resolutionIds?: ResolutionIds;
}

/**
 * The one write path of the governance routes (charter, reviews, disputes): one event made from parsed
 * parts, parsed once more by its type's schema, and handed to the partnership's commands, where the
 * decider applies the rules against the state in the group commit.
 *
 * Guarantees: what is stored is what every reader of the ledger can parse; recordedAt/recordedBy and
 * occurredAt (now) are the server's.
 */
@Injectable()
export class GovernanceWrite {
  constructor(
    private readonly access: PartnershipAccess,
    private readonly commands: PartnershipCommands,
  ) {}

  async record<T extends GovernanceType>(
    caller: Caller,
    partnershipId: string,
    type: T,
    data: EventData<T>,
    now: Date,
    ids: FollowUpIds = {},
  ): Promise<Written> {
    const parsed = parseData(type, data);
    if ('errors' in parsed) throw new ValidationFailed(parsed.errors);
    const event = asDomainEvent({
      eventId: randomUUID(),
      type,
      occurredAt: now.toISOString(),
      recordedBy: recorderOf(caller),
      data: parsed.value,
    });
    const result = await this.commands.execute(
      partnershipId,
      [{ type: 'RecordEvent', event, ...ids }],
      'any',
    );
    const state = await this.access.visible(caller, partnershipId);
    return { state, events: result.events };
  }
}
