import { Inject, Injectable } from '@nestjs/common';
import { DomainEvent, PartnershipCommand, decideBatch } from '@ledger/domain';
import { AppendResult, ExpectedVersion } from '@ledger/event-store';
import { EVENT_STORE } from '../../config/tokens';
import { LedgerMetrics } from '../../metrics/metrics';
import { LedgerStore } from '../partnership-fold';

/**
 * The one write path: a request's commands go to the store, which decides them (the domain's
 * `decideBatch`) against the partnership's state at the head its group commit is planned on, and
 * appends what they decide in that commit. Idempotency, the expected version and the rules are checked
 * there, once, in that order.
 */
@Injectable()
export class PartnershipCommands {
  constructor(
    @Inject(EVENT_STORE) private readonly store: LedgerStore,
    private readonly metrics: LedgerMetrics,
  ) {}

  async execute(
    partnershipId: string,
    commands: readonly PartnershipCommand[],
    expectedVersion: ExpectedVersion,
  ): Promise<AppendResult> {
    const events = commands.map((c) => c.event as DomainEvent);
    const result = await this.store.handle({
      streamId: partnershipId,
      events,
      expectedVersion,
      decide: (state) => decideBatch(commands, state).events,
    });
    if (result.replayed) this.metrics.appendsReplayed.inc();
    else this.metrics.eventsAppended.inc(result.events.length);
    return result;
  }
}
