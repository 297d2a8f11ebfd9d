import {
  AlertInput,
  AlertState,
  KpiFacts,
  MonthValueCache,
  advanceAlerts,
  applyEvent,
  emptyAlertState,
  emptyFacts,
  foldAlertEvent,
  kpiEventOf,
  needsFacts,
  noChanges,
} from '@ledger/kpis';
import { GeneratedEvent, ORGS, STARTED_AT, Shape, generateEvents } from './partnership-events';

const DAY = 86_400_000;

/**
 * A generated partnership as the ledger would have learnt it over two years: each event recorded 0–10
 * days after it occurred, one in twenty 30–90 days after (a restatement), in recordedAt order; so the
 * alert fold runs a month close (anomaly scan, KPI snapshot, missing data) at every month end.
 */
export function recordedHistory(shape: Shape): AlertInput[] {
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const formed: GeneratedEvent = {
    type: 'partnership.formed',
    occurredAt: STARTED_AT,
    data: { name: 'P', type: 'reseller', partnerOrgIds: [...ORGS], currency: 'EUR', startedAt: STARTED_AT },
  };
  const timed = [formed, ...generateEvents(shape)].map((e, i) => {
    const occurredAt = Date.parse(e.occurredAt);
    const lag = i === 0 ? 0 : rnd() < 0.05 ? (30 + rnd() * 60) * DAY : rnd() * 10 * DAY;
    const recordedBy = ORGS[i % ORGS.length];
    return {
      eventId: `e${i}`,
      type: e.type,
      occurredAt,
      recordedAt: Math.round(occurredAt + lag),
      recordedBy,
      data: e.data,
    };
  });
  timed.sort((a, b) => a.recordedAt - b.recordedAt);
  return timed.map((e, i) => ({ ...e, position: i + 1 }));
}

/** Folds the KPI facts of the history (and its alerts, when `alerts`); milliseconds taken. */
export function foldMs(history: readonly AlertInput[], alerts: boolean): { ms: number; raised: number } {
  const start = performance.now();
  let facts: KpiFacts = emptyFacts();
  let state: AlertState = emptyAlertState('bench');
  const changes = noChanges();
  const months = new MonthValueCache(); // as the projection keeps one per partnership
  for (const e of history) {
    const before = facts;
    facts = applyEvent(facts, kpiEventOf({ ...e, occurredAt: new Date(e.occurredAt).toISOString() })).facts;
    if (alerts) state = foldAlertEvent(state, e, { before, after: facts, months }, changes);
  }
  const end = history[history.length - 1].recordedAt + DAY;
  if (alerts) advanceAlerts(state, end, needsFacts(state, end) ? facts : undefined, changes, months);
  return { ms: performance.now() - start, raised: changes.raised.size };
}
