import { Injectable } from '@nestjs/common';
import { PartnershipCommand, parseAppendRequest } from '@ledger/domain';
import { Caller, recorderOf } from '../../auth/caller';
import { PartnershipAccess } from '../../partnerships/partnership-access';
import { PartnershipCommands } from '../../partnerships/write/partnership-commands';
import { AppendedEventsDto } from './append-events.dto';

/**
 * The append use case: the caller may see the partnership, the body is parsed once by the domain
 * (parseAppendRequest: envelope and every event), and the store decides and appends.
 */
@Injectable()
export class AppendEvents {
  constructor(
    private readonly access: PartnershipAccess,
    private readonly partnerships: PartnershipCommands,
  ) {}

  async append(
    caller: Caller,
    partnershipId: string,
    body: unknown,
    now: Date,
  ): Promise<AppendedEventsDto & { replayed: boolean }> {
    // Membership never changes, so the cached profile decides access; the store decides on the state.
    await this.access.profile(caller, partnershipId);
    const { expectedVersion, events } = parseAppendRequest(body, recorderOf(caller), now);
    const commands: PartnershipCommand[] = events.map((event) => ({ type: 'RecordEvent', event }));
    const outcome = await this.partnerships.execute(partnershipId, commands, expectedVersion);
    return {
      partnershipId,
      version: outcome.version,
      events: [...outcome.events],
      replayed: outcome.replayed,
    };
  }
}
