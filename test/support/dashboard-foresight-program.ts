import { posted } from './dashboard-disputes-world';
import { ADMIN_KEY, Fixtures, TestLedger, bearer } from './ledger';

const DAY = 86_400_000;

export type Outcome = 'set' | Refusal;

/** What the API answered a write of the world: a Refusal when its status is not the one wanted. */
export interface Refusal {
  readonly status: number;
  readonly body: unknown;
}

/** A reseller partnership in EUR between the orgs its id names (`alpine-boreal`: Alpine and Boreal). */
export function between(fx: Fixtures, key: string, partnershipId: string, name: string, startedAt: string) {
  const partnerOrgIds = partnershipId.split('-').slice(0, 2);
  return fx.partnership(key, {
    partnershipId,
    name,
    type: 'reseller',
    partnerOrgIds,
    currency: 'EUR',
    startedAt,
  });
}

/** A write of a route being built: its status and body, 201 or not (the test names what the API said). */
export async function attempt(ledger: TestLedger, key: string, path: string, body: object): Promise<Refusal> {
  const res = await ledger.http.post(path).set(bearer(key)).send(body);
  return { status: res.status, body: res.body as unknown };
}

/**
 * The program, scored by a model of fit (assessed, 0–10, weight 3) and milestones on time (the KPI, 0–100 %,
 * weight 1), tiers gold 70, silver 40, bronze 0; Alpine assessed 10, Boreal 5, Cobalt 8, Ember 7. Cobalt x
 * Delta and Ember x Flint formed two months ago. Cobalt x Delta plans a milestone due 30 days into the next
 * quarter and hits it today (none due at the quarter's end, 100 % from then). Ember x Flint hit a pilot on
 * time last month (100 % at the quarter's end) and plans a rollout due on the same day, never hit (50 %).
 */
export async function programWorld(ledger: TestLedger, fx: Fixtures, nextQuarter: string): Promise<Outcome> {
  for (const org of ['cobalt', 'delta', 'ember', 'flint']) await fx.org(org);
  const cobalt = await fx.key('partner', 'cobalt');
  const ember = await fx.key('partner', 'ember');
  const formed = monthStart(2);
  const cd = await between(fx, cobalt, 'cobalt-delta', 'Cobalt x Delta', formed);
  const ef = await between(fx, ember, 'ember-flint', 'Ember x Flint', formed);
  const due = new Date(Date.parse(nextQuarter) + 30 * DAY).toISOString();
  const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
  await milestone(ledger, cobalt, cd, 'cd-launch', ago(120_000), due, ago(60_000));
  const lastMonth = Date.parse(monthStart(1));
  const [pilotPlanned, pilotDue, pilotHit] = [1, 10, 5].map((d) =>
    new Date(lastMonth + d * DAY).toISOString(),
  );
  await milestone(ledger, ember, ef, 'ef-pilot', pilotPlanned, pilotDue, pilotHit);
  await milestone(ledger, ember, ef, 'ef-rollout', ago(120_000), due, null);
  return scoringModel(ledger);
}

/** The model and the assessments, through the program routes (admin). */
async function scoringModel(ledger: TestLedger): Promise<Outcome> {
  const model = {
    criteria: [
      { criterionId: 'fit', weight: 3, source: 'assessment', min: 0, max: 10 },
      { criterionId: 'on_time', weight: 1, source: 'kpi', kpiId: 'milestone_on_time_rate', min: 0, max: 100 },
    ],
    tiers: [
      { tier: 'gold', minScore: 70 },
      { tier: 'silver', minScore: 40 },
      { tier: 'bronze', minScore: 0 },
    ],
  };
  const set = await ledger.http.put('/v1/program/scoring-model').set(bearer(ADMIN_KEY)).send(model);
  if (set.status !== 200) return { status: set.status, body: set.body as unknown };
  for (const [org, fit] of [
    ['alpine', 10],
    ['boreal', 5],
    ['cobalt', 8],
    ['ember', 7],
  ] as const) {
    const done = await attempt(ledger, ADMIN_KEY, `/v1/organizations/${org}/assessments`, {
      scores: { fit },
    });
    if (done.status !== 201) return done;
  }
  return 'set';
}

/** A milestone planned (due `dueDate`), and hit at `hitAt` unless that is null. */
async function milestone(
  ledger: TestLedger,
  key: string,
  id: string,
  milestoneId: string,
  plannedAt: string,
  dueDate: string,
  hitAt: string | null,
) {
  const path = `/v1/partnerships/${id}/events`;
  const plan = { milestoneId, title: `Milestone ${milestoneId}`, dueDate };
  await posted(ledger, key, path, { type: 'milestone.planned', occurredAt: plannedAt, data: plan });
  if (hitAt)
    await posted(ledger, key, path, { type: 'milestone.hit', occurredAt: hitAt, data: { milestoneId } });
}

/** The first instant of the month `back` months before this one, UTC. */
export function monthStart(back: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString();
}
