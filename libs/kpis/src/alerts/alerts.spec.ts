import fc from 'fast-check';
import { applyEvent } from '../facts/fold';
import { KpiFacts, emptyFacts, kpiEventOf } from '../facts/types';
import { DAY_MS } from '../numbers';
import { advanceAlerts, needsFacts } from './advance';
import { foldAlertEvent } from './fold';
import { MonthValueCache } from './month-values';
import { emptyAlertState, noChanges } from './state';
import { Alert, AlertInput, AlertState } from './types';

const PID = 'p-1';
const T0 = Date.UTC(2026, 0, 10);

interface Posted {
  readonly type: string;
  readonly occurredAt: number;
  readonly recordedAt: number;
  readonly recordedBy?: string;
  readonly data: Record<string, unknown>;
}

/** Folds events (positions 1..n) with optional advances before each; every alert with its final state. */
function run(
  events: readonly Posted[],
  ticks: (i: number, from: number, to: number) => number[],
  now: number,
  init: Partial<AlertState> = {},
  months?: MonthValueCache,
) {
  let state: AlertState = { ...emptyAlertState(PID), ...init };
  let facts: KpiFacts = emptyFacts();
  const alerts = new Map<string, Alert>();
  const keep = (changes: ReturnType<typeof noChanges>) => {
    for (const a of changes.raised.values()) alerts.set(a.alertId, a);
    for (const [id, clearedAt] of changes.cleared) alerts.set(id, { ...alerts.get(id)!, clearedAt });
  };
  const advance = (t: number) => {
    const changes = noChanges();
    state = advanceAlerts(state, t, needsFacts(state, t) ? facts : undefined, changes, months);
    keep(changes);
  };
  events.forEach((p, i) => {
    for (const t of ticks(i, state.knownAt, p.recordedAt)) advance(t);
    const input: AlertInput = { eventId: `e-${i + 1}`, position: i + 1, recordedBy: 'org-a', ...p };
    const stored = { ...input, occurredAt: iso(p.occurredAt), position: i + 1 };
    const before = facts;
    facts = applyEvent(facts, kpiEventOf(stored)).facts;
    const changes = noChanges();
    state = foldAlertEvent(state, input, { before, after: facts, months }, changes);
    keep(changes);
  });
  advance(now);
  return [...alerts.values()].sort((a, b) => a.alertId.localeCompare(b.alertId));
}

const iso = (t: number) => new Date(t).toISOString();
const formed: Posted = {
  type: 'partnership.formed',
  occurredAt: T0,
  recordedAt: T0,
  data: {
    name: 'P',
    type: 'reseller',
    partnerOrgIds: ['org-a', 'org-b'],
    currency: 'EUR',
    startedAt: iso(T0),
  },
};
const noTicks = () => [];

describe('alerts derived from the ledger', () => {
  it('raises an overdue milestone at its deadline, at the latest event before it, and clears it when hit', () => {
    const due = '2026-01-20';
    const alerts = run(
      [
        formed,
        {
          type: 'milestone.planned',
          occurredAt: T0,
          recordedAt: T0 + DAY_MS,
          data: { milestoneId: 'm1', title: 'Go', dueDate: due },
        },
        {
          type: 'milestone.hit',
          occurredAt: T0 + 15 * DAY_MS,
          recordedAt: T0 + 16 * DAY_MS,
          data: { milestoneId: 'm1' },
        },
      ],
      noTicks,
      T0 + 17 * DAY_MS,
    );
    const overdue = alerts.filter((a) => a.kind === 'milestone_overdue');
    expect(overdue).toEqual([
      expect.objectContaining({
        subject: { milestoneId: 'm1' },
        raisedAt: '2026-01-20T23:59:59.999Z',
        position: 2,
        clearedAt: '2026-01-25T00:00:00.000Z',
      }),
    ]);
  });

  it('does not raise a deadline met before it passed, even when the hit was recorded late in the same request', () => {
    const events: Posted[] = [
      formed,
      {
        type: 'milestone.planned',
        occurredAt: T0,
        recordedAt: T0 + 30 * DAY_MS,
        data: { milestoneId: 'm1', title: 'Go', dueDate: '2026-01-20' },
      },
      {
        type: 'milestone.hit',
        occurredAt: T0 + DAY_MS,
        recordedAt: T0 + 30 * DAY_MS,
        data: { milestoneId: 'm1' },
      },
    ];
    expect(run(events, noTicks, T0 + 40 * DAY_MS).filter((a) => a.kind === 'milestone_overdue')).toEqual([]);
  });

  it('raises late data for the month restated, at the late report’s recordedAt and position', () => {
    const late: Posted = {
      type: 'cost.incurred',
      occurredAt: T0 + 2 * DAY_MS,
      recordedAt: Date.UTC(2026, 1, 9),
      data: { amount: '10.00', category: 'mdf' },
    };
    const alerts = run([formed, late], noTicks, Date.UTC(2026, 1, 10));
    expect(alerts.filter((a) => a.kind === 'late_data')).toEqual([
      expect.objectContaining({
        subject: { orgId: 'org-a', periodStart: '2026-01-01T00:00:00.000Z' },
        raisedAt: '2026-02-09T00:00:00.000Z',
        position: 2,
      }),
    ]);
  });
});

/** A random step of a partnership's history: what happened, how long after the last one, how back-dated. */
const stepArb = fc.record({
  kind: fc.constantFrom(
    'plan',
    'hit',
    'review',
    'complete',
    'cost',
    'deal',
    'dispute',
    'withdraw',
    'retract',
  ),
  gapMs: fc.integer({ min: 0, max: 20 * DAY_MS }),
  backMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 60 * DAY_MS })),
  dueInMs: fc.integer({ min: -10 * DAY_MS, max: 40 * DAY_MS }),
  n: fc.integer({ min: 1, max: 4 }),
  amount: fc.integer({ min: 1, max: 100 }),
  by: fc.constantFrom('org-a', 'org-b'),
});

type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

function historyOf(steps: readonly Step[]): Posted[] {
  const events: Posted[] = [formed];
  let t = T0;
  steps.forEach((s, i) => {
    t += s.gapMs;
    const at = Math.max(T0, t - s.backMs);
    const post = (type: string, data: Record<string, unknown>) =>
      events.push({ type, occurredAt: at, recordedAt: t, recordedBy: s.by, data });
    const id = `x${s.n}`;
    const due = iso(t + s.dueInMs);
    if (s.kind === 'plan') post('milestone.planned', { milestoneId: `m${i}`, title: 'M', dueDate: due });
    if (s.kind === 'hit') post('milestone.hit', { milestoneId: `m${i - s.n}` });
    if (s.kind === 'review') post('review.held', reviewOf(i, at, due, s.by));
    if (s.kind === 'complete') post('action.completed', { actionId: `a${i - s.n}` });
    if (s.kind === 'cost') post('cost.incurred', { amount: `${s.amount}.00`, category: 'mdf' });
    if (s.kind === 'deal') {
      const amount = s.n === 4 ? '900.00' : '10.00'; // now and then a month far out of line
      post('deal.registered', { dealId: `d${i}`, customerId: 'c', amount, source: 'partner_sourced' });
      post('deal.won', { dealId: `d${i}`, amount });
    }
    if (s.kind === 'dispute') post('dispute.opened', disputeOf(id));
    if (s.kind === 'withdraw') post('dispute.withdrawn', { disputeId: id });
    if (s.kind === 'retract')
      post('event.retracted', { eventId: `e-${Math.max(2, i + 2 - s.n)}`, reason: 'wrong' });
  });
  return events;
}

function reviewOf(i: number, at: number, due: string, by: string) {
  const actions = [{ actionId: `a${i}`, title: 'A', ownerOrgId: by, dueDate: due }];
  return { reviewId: `r${i}`, periodStart: iso(at), summary: 'S', actions };
}

function disputeOf(id: string) {
  return {
    disputeId: id,
    subject: { kpiId: 'joint_revenue', periodStart: iso(T0) },
    reason: 'R',
    requestedRemedy: 'explain',
  };
}

/**
 * Deals every 20 days, one far out of line (flagged when its month closes), then several as large
 * reported 40 days late, into months already closed, which makes the first one ordinary: a month
 * cache that kept the closed months' figures would not clear it when the fold without one does.
 */
const OUTLIER: Step[] = Array.from({ length: 30 }, (_, i) => ({
  kind: 'deal',
  gapMs: 20 * DAY_MS,
  backMs: i >= 13 && i <= 26 ? 40 * DAY_MS : 0,
  dueInMs: 0,
  n: i === 9 || (i >= 13 && i <= 26) ? 4 : 1,
  amount: 10,
  by: 'org-a',
}));

describe('alerts: a rebuild equals what was raised live', () => {
  it('gives the same alerts whether the fold was advanced between events with its month cache (live) or not (a rebuild)', () => {
    const seen = new Set<string>();
    const tickArb = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 3 });
    fc.assert(
      fc.property(
        fc.array(stepArb, { minLength: 1, maxLength: 60 }),
        fc.array(tickArb, { maxLength: 60 }),
        (steps, ticks) => {
          const events = historyOf(steps);
          const now = events.at(-1)!.recordedAt + 45 * DAY_MS;
          const live = (i: number, from: number, to: number) =>
            from === 0
              ? []
              : (ticks[i] ?? []).map((f) => from + Math.floor(f * (to - from))).sort((a, b) => a - b);
          const rebuilt = run(events, noTicks, now);
          for (const a of rebuilt) seen.add(a.kind);
          expect(run(events, live, now, {}, new MonthValueCache())).toEqual(rebuilt);
        },
      ),
      { numRuns: 60, examples: [[OUTLIER, [[0.5], [0.2, 0.9]]]] },
    );
    // The histories reach every kind this fold can raise without a charter, so the equality means something.
    expect([...seen].sort()).toEqual([
      'action_overdue',
      'anomaly',
      'dispute_overdue',
      'late_data',
      'milestone_overdue',
    ]);
  });
});
