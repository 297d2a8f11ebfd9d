import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { DomainEventOf, FormedPartnership, PartnershipProfile, evolve, initialState } from '@ledger/domain';
import { EVENT_STORE } from '../config/tokens';
import { Caller, canSeePartnership, partnershipNotFound } from '../auth/caller';
import { PARTNERSHIP_ID } from './form-partnership/form-partnership.dto';
import { LedgerStore, toDomainEvent } from './partnership-fold';

/** Loads a partnership the caller may see, or answers 404 whether it is missing or someone else's. */
@Injectable()
export class PartnershipAccess {
  /** Profiles never change once formed (members, currency), so a seen one is never stale. */
  private readonly profiles = new LRUCache<string, PartnershipProfile>({ max: 50_000 });

  constructor(@Inject(EVENT_STORE) private readonly store: LedgerStore) {}

  /**
   * The profile of a partnership the caller may see: its first event alone (partnership.formed) tells,
   * and once seen it is kept, so reads that only need membership never replay a stream.
   */
  async profile(caller: Caller, partnershipId: string): Promise<PartnershipProfile> {
    let profile = this.profiles.get(partnershipId);
    if (!profile) {
      if (!PARTNERSHIP_ID.test(partnershipId)) throw partnershipNotFound(partnershipId);
      const [first] = await this.store.readStream(partnershipId, { fromVersion: 1, limit: 1 });
      const state =
        first?.type === 'partnership.formed'
          ? evolve(initialState(), toDomainEvent(first) as DomainEventOf<'partnership.formed'>)
          : initialState();
      if (state.status === 'none') throw partnershipNotFound(partnershipId);
      profile = state.profile;
      this.profiles.set(partnershipId, profile);
    }
    if (!canSeePartnership(caller, profile.partnerOrgIds)) throw partnershipNotFound(partnershipId);
    return profile;
  }

  async visible(caller: Caller, partnershipId: string): Promise<FormedPartnership> {
    // An id no partnership can have is answered without a database round trip.
    if (!PARTNERSHIP_ID.test(partnershipId)) throw partnershipNotFound(partnershipId);
    const { state } = await this.store.state(partnershipId);
    if (state.status === 'none' || !canSeePartnership(caller, state.profile.partnerOrgIds)) {
      throw partnershipNotFound(partnershipId);
    }
    return state;
  }
}
