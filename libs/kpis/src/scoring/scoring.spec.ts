import { ProgramState, ScoringModel, foldProgram, initialProgram } from '@ledger/domain';
import { PartnershipFigures, previousQuarterEnd, scoreProgram, withPreviousTiers } from '.';

/**
 * Partner scores worked by hand from API.md's formula: score = Σ w × clamp((x − min)/(max − min), 0, 1)
 * / Σ w × 100, half-up to 2 decimals. Real: the domain's program fold and the scoring. Faked: nothing
 * (the partnerships' KPI figures are given, as the API reads them from each partnership's snapshot).
 */
const MODEL: ScoringModel = {
  criteria: [
    { criterionId: 'fit', weight: 2, source: 'assessment', min: 0, max: 10 },
    { criterionId: 'motivation', weight: 1, source: 'assessment', min: 1, max: 5 },
    { criterionId: 'revenue', weight: 3, source: 'kpi', kpiId: 'joint_revenue', min: 0, max: 100000 },
    { criterionId: 'wins', weight: 1, source: 'kpi', kpiId: 'win_rate', min: 0, max: 100 },
  ],
  tiers: [
    { tier: 'bronze', minScore: 0 },
    { tier: 'silver', minScore: 50 },
    { tier: 'gold', minScore: 75 },
  ],
};
const ONE_CRITERION: ScoringModel = {
  criteria: [{ criterionId: 'fit', weight: 1, source: 'assessment', min: 0, max: 1000 }],
  tiers: [
    { tier: 'silver', minScore: 50 },
    { tier: 'gold', minScore: 75 },
  ],
};

let position = 0;
const stored = (type: string, occurredAt: string, data: object) => ({
  eventId: `e${++position}`,
  type,
  occurredAt,
  recordedBy: 'admin',
  data,
  position,
});
const model = (at: string, m: ScoringModel) => stored('scoring_model.set', at, m);
const assess = (at: string, orgId: string, scores: Record<string, number>) =>
  stored('organization.assessed', at, { orgId, scores });

const AT = Date.parse('2026-06-30T00:00:00Z');
const partnership = (id: string, orgs: string[], startedAt: string, kpis: object): PartnershipFigures => ({
  partnershipId: id,
  partnerOrgIds: orgs,
  startedAt: Date.parse(startedAt),
  kpis: kpis as PartnershipFigures['kpis'],
});
const PARTNERSHIPS = [
  partnership('p1', ['a', 'b'], '2026-01-01T00:00:00Z', { joint_revenue: '30000.00', win_rate: 50 }),
  partnership('p2', ['a', 'c'], '2026-02-01T00:00:00Z', { joint_revenue: '90000.00', win_rate: 75 }),
  // Starts after the instant scored: d is still a prospect, e is not in the program yet.
  partnership('p3', ['d', 'e'], '2026-09-01T00:00:00Z', { joint_revenue: '50000.00', win_rate: 10 }),
];

function program(): ProgramState {
  return foldProgram(initialProgram(), [
    model('2026-01-05T00:00:00Z', MODEL),
    // a's fit: 9 occurred last (business time), though 8 was recorded after it.
    assess('2026-03-02T00:00:00Z', 'a', { fit: 9, motivation: 6 }),
    assess('2026-03-01T00:00:00Z', 'a', { fit: 8 }),
    assess('2026-03-01T00:00:00Z', 'b', { fit: -2, motivation: 3 }),
    assess('2026-03-01T00:00:00Z', 'd', { fit: 7.5, motivation: 4 }),
  ]);
}

describe('Given a model of two assessed and two KPI criteria (weights 2, 1, 3, 1) scored on 2026-06-30', () => {
  const scores = scoreProgram({ program: program(), at: AT, position, partnerships: PARTNERSHIPS });

  it('scores a partner in two partnerships: money summed, other KPIs averaged, clamped at the top', () => {
    // fit 9 → 0.9 × 2 = 1.8; motivation 6 → (6−1)/4 = 1.25 → 1 × 1 = 1; revenue 30000 + 90000 = 120000
    // → 1.2 → 1 × 3 = 3; wins mean(50, 75) = 62.5 → 0.625 × 1. (1.8 + 1 + 3 + 0.625) / 7 × 100 = 91.7857…
    expect(scores.items[0]).toEqual({
      orgId: 'a',
      score: 91.79,
      tier: 'gold',
      breakdown: [
        { criterionId: 'fit', value: 9, normalized: 0.9, weight: 2 },
        { criterionId: 'motivation', value: 6, normalized: 1, weight: 1 },
        { criterionId: 'revenue', value: '120000.00', normalized: 1, weight: 3 },
        { criterionId: 'wins', value: 62.5, normalized: 0.625, weight: 1 },
      ],
      missing: [],
    });
  });

  it('clamps below min to 0', () => {
    // fit −2 → 0; motivation 3 → 0.5; revenue 0.3 × 3 = 0.9; wins 0.5. 1.9 / 7 × 100 = 27.142857…
    const b = scores.items.find((i) => i.orgId === 'b')!;
    expect(b).toEqual({
      orgId: 'b',
      score: 27.14,
      tier: 'bronze',
      breakdown: [
        { criterionId: 'fit', value: -2, normalized: 0, weight: 2 },
        { criterionId: 'motivation', value: 3, normalized: 0.5, weight: 1 },
        { criterionId: 'revenue', value: '30000.00', normalized: 0.3, weight: 3 },
        { criterionId: 'wins', value: 50, normalized: 0.5, weight: 1 },
      ],
      missing: [],
    });
  });

  it('counts an unassessed criterion as 0 and lists it in missing', () => {
    // fit 0, motivation 0 (missing); revenue 90000 (p2 alone) → 0.9 × 3 = 2.7; wins 75 → 0.75 × 1.
    // 3.45 / 7 × 100 = 49.2857… → bronze.
    const c = scores.items.find((i) => i.orgId === 'c')!;
    expect(c).toEqual({
      orgId: 'c',
      score: 49.29,
      tier: 'bronze',
      breakdown: [
        { criterionId: 'fit', value: null, normalized: 0, weight: 2 },
        { criterionId: 'motivation', value: null, normalized: 0, weight: 1 },
        { criterionId: 'revenue', value: '90000.00', normalized: 0.9, weight: 3 },
        { criterionId: 'wins', value: 75, normalized: 0.75, weight: 1 },
      ],
      missing: ['fit', 'motivation'],
    });
  });

  it('scores a prospect on its assessments alone, its KPI criteria left out of both sums', () => {
    // fit 7.5 → 0.75 × 2 = 1.5; motivation 4 → 0.75 × 1. 2.25 / 3 × 100 = 75.00: gold, at its minScore.
    const d = scores.items.find((i) => i.orgId === 'd')!;
    expect(d).toEqual({
      orgId: 'd',
      score: 75,
      tier: 'gold',
      breakdown: [
        { criterionId: 'fit', value: 7.5, normalized: 0.75, weight: 2 },
        { criterionId: 'motivation', value: 4, normalized: 0.75, weight: 1 },
        { criterionId: 'revenue', value: null, normalized: null, weight: 3 },
        { criterionId: 'wins', value: null, normalized: null, weight: 1 },
      ],
      missing: ['revenue', 'wins'],
    });
  });

  it('lists members of started partnerships and assessed orgs, ranked by score', () => {
    expect(scores.modelVersion).toBe(1);
    expect(scores.items.map((i) => [i.orgId, i.score])).toEqual([
      ['a', 91.79],
      ['d', 75],
      ['c', 49.29],
      ['b', 27.14],
    ]);
  });
});

describe('Given scores on the edge of rounding and of a tier', () => {
  const at = Date.parse('2026-05-15T00:00:00Z');
  const run = (scores: Record<string, number>) =>
    scoreProgram({
      program: foldProgram(initialProgram(), [
        model('2026-01-01T00:00:00Z', ONE_CRITERION),
        ...Object.entries(scores).map(([org, fit]) => assess('2026-02-01T00:00:00Z', org, { fit })),
      ]),
      at,
      position,
      partnerships: [],
    }).items.map((i) => [i.orgId, i.score, i.tier]);

  it('rounds half-up in decimals (123.45 / 1000 × 100 = 12.345 → 12.35; a float gives 12.34)', () => {
    expect(run({ x: 123.45 })).toEqual([['x', 12.35, null]]);
  });

  it('tiers the rounded score: 49.995 → 50.00 is silver, 49.994 → 49.99 is no tier', () => {
    expect(run({ y: 499.95, z: 499.94 })).toEqual([
      ['y', 50, 'silver'],
      ['z', 49.99, null],
    ]);
  });

  it('ranks equal scores by orgId', () => {
    expect(run({ q: 800, p: 800 })).toEqual([
      ['p', 80, 'gold'],
      ['q', 80, 'gold'],
    ]);
  });
});

describe('Given a model replaced in the second quarter', () => {
  const log = foldProgram(initialProgram(), [
    model('2026-01-10T00:00:00Z', ONE_CRITERION),
    assess('2026-02-01T00:00:00Z', 'a', { fit: 600 }),
    model('2026-04-10T00:00:00Z', { ...ONE_CRITERION, tiers: [{ tier: 'gold', minScore: 55 }] }),
  ]);
  const at = Date.parse('2026-05-15T00:00:00Z');

  it('reads the previous quarter at its last instant, under the model in force then', () => {
    const end = previousQuarterEnd(at);
    expect(new Date(end).toISOString()).toBe('2026-03-31T23:59:59.999Z');
    const now = scoreProgram({ program: log, at, position, partnerships: [] });
    const then = scoreProgram({ program: log, at: end, position, partnerships: [] });
    expect([now.modelVersion, then.modelVersion]).toEqual([2, 1]);
    expect(withPreviousTiers(now, then)).toMatchObject([
      { orgId: 'a', score: 60, tier: 'gold', previousTier: 'silver' },
    ]);
  });

  it('knows nothing before the first model, and nothing past the ledger position asked', () => {
    expect(
      scoreProgram({ program: log, at: Date.parse('2026-01-01T00:00:00Z'), position, partnerships: [] }),
    ).toEqual({ modelVersion: 0, items: [] });
    const first = log.models[0].position;
    expect(scoreProgram({ program: log, at, position: first, partnerships: [] })).toEqual({
      modelVersion: 1,
      items: [],
    });
  });
});
