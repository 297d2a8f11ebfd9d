import { Inject, Injectable } from '@nestjs/common';
import { DomainEvent, PartnershipState, evolve, initialState } from '@ledger/domain';
import { EventStore, RecordedEvent } from '@ledger/event-store';
import { EVENT_STORE } from '../config/tokens';

const MAX_CACHED = 5_000;
const PAGE = 1_000;

/**
 * The decider state of each partnership, folded from its stream and cached (least recently used out).
 *
 * Guarantees: a cached state is always the fold of the stream's first `state.version` events, never of
 * anything that was not committed; `load` catches up from there with one read of the newer events, so a
 * state is fresh even when another process appended.
 */
@Injectable()
export class PartnershipStates {
  private readonly cache = new Map<string, PartnershipState>();
  /** Loads under way, so concurrent requests for one partnership share one read (no thundering herd). */
  private readonly loading = new Map<string, Promise<PartnershipState>>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The cached state, which may be behind the stream when another process appended; no read. */
  cached(partnershipId: string): PartnershipState | undefined {
    return this.cache.get(partnershipId);
  }

  /** The current state; with `knownVersion`, a cached state at that version is trusted without a read. */
  async load(partnershipId: string, knownVersion?: number): Promise<PartnershipState> {
    const cached = this.cache.get(partnershipId);
    if (cached && knownVersion !== undefined && cached.version >= knownVersion) return cached;
    let load = this.loading.get(partnershipId);
    if (!load) {
      load = this.catchUp(partnershipId).finally(() => this.loading.delete(partnershipId));
      this.loading.set(partnershipId, load);
    }
    // A joined load may have started before a write this caller saw committed; the writer remembers
    // its states before answering, so the newer of the two is at least as fresh as the caller needs.
    const state = await load;
    const now = this.cache.get(partnershipId);
    return now && now.version > state.version ? now : state;
  }

  private async catchUp(partnershipId: string): Promise<PartnershipState> {
    let state = this.cache.get(partnershipId) ?? initialState();
    for (;;) {
      const events = await this.store.readStream(partnershipId, { fromVersion: state.version + 1, limit: PAGE });
      state = events.map(toDomainEvent).reduce(evolve, state);
      if (events.length < PAGE) break;
    }
    this.remember(partnershipId, state);
    return state;
  }

  /** Keeps a state known to be the fold of committed events (e.g. right after an append). */
  remember(partnershipId: string, state: PartnershipState): void {
    if (state.status === 'none') return;
    const cached = this.cache.get(partnershipId);
    if (cached && cached.version > state.version) return;
    this.cache.delete(partnershipId);
    this.cache.set(partnershipId, state);
    if (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
  }
}

/** Stored events were validated before they were appended; their shape is the domain's. */
export function toDomainEvent(e: RecordedEvent): DomainEvent {
  return { eventId: e.eventId, type: e.type, occurredAt: e.occurredAt, recordedBy: e.recordedBy, data: e.data } as DomainEvent;
}
