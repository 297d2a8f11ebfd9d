import { RecordedEvent } from '@ledger/event-store';
import {
  AlertChanges,
  AlertInput,
  AlertState,
  KpiFacts,
  MonthValueCache,
  emptyAlertState,
  foldAlertEvent,
  needsFacts,
  noChanges,
} from '@ledger/kpis';

/**
 * The alert fold over one projection batch, beside the facts fold: each event folded into its
 * partnership's alert state with the facts before and after it (libs/kpis alerts).
 *
 * Guarantees: the states and changes it returns are those of folding the batch's events in position
 * order from the stored states; a partnership whose batch crosses a month close is folded on its whole
 * facts (needsWhole), which the close reads.
 */
export class AlertStep {
  private readonly changes: AlertChanges = noChanges();
  private readonly touched = new Set<string>();

  /**
   * `states` undefined: alerts are not kept (LEDGER_ALERT_UPKEEP off), and every step does nothing.
   * `months` gives each partnership's month-figure cache (told of every event folded).
   */
  constructor(
    private readonly states: Map<string, AlertState> | undefined,
    private readonly months: (partnershipId: string) => MonthValueCache,
  ) {}

  /** Whether folding these events of a partnership runs a month close (then its facts must be whole). */
  needsWhole(partnershipId: string, events: readonly RecordedEvent[]): boolean {
    const state = this.states?.get(partnershipId);
    const last = Date.parse(events[events.length - 1].recordedAt);
    return state !== undefined && needsFacts(state, last);
  }

  fold(e: RecordedEvent, before: KpiFacts, after: KpiFacts): void {
    if (!this.states) return;
    const pid = e.streamId;
    const state = this.states.get(pid) ?? emptyAlertState(pid);
    const months = this.months(pid);
    this.states.set(pid, foldAlertEvent(state, alertInputOf(e), { before, after, months }, this.changes));
    this.touched.add(pid);
  }

  result(): { states: AlertState[]; changes: AlertChanges } {
    return { states: [...this.touched].map((pid) => this.states!.get(pid)!), changes: this.changes };
  }
}

export function alertInputOf(e: RecordedEvent): AlertInput {
  return {
    eventId: e.eventId,
    position: e.position,
    type: e.type,
    occurredAt: Date.parse(e.occurredAt),
    recordedAt: Date.parse(e.recordedAt),
    recordedBy: e.recordedBy,
    data: (e.data ?? {}) as Record<string, unknown>,
  };
}
