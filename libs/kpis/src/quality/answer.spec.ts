import { definitionHashOf } from '@ledger/verification';
import { CO, NW } from '../scenarios/ledger';
import { QualityLedgerFixture } from '../testing/quality-ledger';
import { dataQuality } from './answer';
import { qualityLedger } from './events';
import { lateEvents } from './timeliness';

/**
 * A partnership of northwind (who formed it) and contoso, started 2026-01-01, read at asOf 2026-04-10.
 * Its charter (proposed by northwind 01-02, approved by contoso 01-03, effective from 01-01) expects a
 * monthly cost.incurred from each partner and a quarterly survey.answered from anyone; lateAfterDays 10.
 *
 *  pos event                  by  occurredAt        recordedAt        lag h   late?
 *    1 partnership.formed     NW  01-01 00:00       same                  0
 *    2 charter.proposed       NW  01-02             same                  0
 *    3 charter.approved       CO  01-03             same                  0
 *    4 charter.adopted        CO  01-03             same              (appended by the ledger: left out)
 *    5 cost.incurred          NW  01-15             01-16               24
 *    6 cost.incurred          NW  02-10             02-10 12:00         12
 *    7 survey.answered        CO  02-14             02-14 02:00          2
 *    8 cost.incurred          CO  01-20             02-20              744   19 days after 02-01: late
 *    9 engagement.logged      NW  01-31 23:00       03-01              673   28 days after 02-01: late
 *   10 cost.incurred          NW  03-05             same              (retracted by 11: left out)
 *   11 event.retracted of 10  NW  03-06             same                  0
 *   12 engagement.logged      CO  03-31 20:00       04-01 08:00         12   0.33 days after 04-01
 *   13 cost.incurred          CO  03-25             04-09 12:00        372   8.5 days: late only under 7
 */
const CHARTER = {
  dataQuality: {
    expected: [
      { type: 'cost.incurred', every: 'month', fromEachPartner: true },
      { type: 'survey.answered', every: 'quarter', fromEachPartner: false },
    ],
    lateAfterDays: 10,
  },
};
const ASOF = '2026-04-10T00:00:00.000Z';
const day = (d: string, time = '00:00') => `2026-${d}T${time}:00.000Z`;

function qualityWorld() {
  const w = new QualityLedgerFixture({ startedAt: day('01-01') });
  const hash = definitionHashOf(CHARTER);
  const proposal = { proposalId: 'p1', baseVersion: 0, charter: CHARTER, definitionHash: hash };
  w.add('charter.proposed', day('01-02'), { ...proposal, effectiveFrom: day('01-01') }, NW);
  w.add('charter.approved', day('01-03'), { proposalId: 'p1', definitionHash: hash }, CO);
  const adoption = { proposalId: 'p1', version: 1, definitionHash: hash, effectiveFrom: day('01-01') };
  w.add('charter.adopted', day('01-03'), adoption, CO);
  const cost = (at: string, by: string, recordedAt = at) =>
    w.add('cost.incurred', at, { amount: '100.00', category: 'mdf' }, by, recordedAt);
  cost(day('01-15'), NW, day('01-16'));
  cost(day('02-10'), NW, day('02-10', '12:00'));
  const survey = { surveyId: 's1', respondent: 'partner', metric: 'csat', score: 4 };
  w.add('survey.answered', day('02-14'), survey, CO, day('02-14', '02:00'));
  cost(day('01-20'), CO, day('02-20'));
  w.add('engagement.logged', day('01-31', '23:00'), { activity: 'training' }, NW, day('03-01'));
  const mistaken = cost(day('03-05'), NW);
  w.add('event.retracted', day('03-06'), { eventId: mistaken, reason: 'posted twice' }, NW);
  w.add('engagement.logged', day('03-31', '20:00'), { activity: 'workshop' }, CO, day('04-01', '08:00'));
  cost(day('03-25'), CO, day('04-09', '12:00'));
  return w;
}

const eventId = (position: number) => `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`;

describe('Given the partnership’s first quarter, read on 2026-04-10', () => {
  const w = qualityWorld();
  const answer = dataQuality(w.facts(), w.quality(), {
    partnershipId: w.ledger.partnershipId,
    currency: 'EUR',
    asOf: ASOF,
  });

  // January, February and March are complete (April is not), and so is Q1: 3 × 2 + 1 = 7 items, of
  // which January's two, February's northwind, March's contoso and the survey arrived: 5 / 7 = 71.43.
  it('lists one completeness item per type, org and complete period, newest first', () => {
    const item = (type: string, orgId: string | undefined, start: string, received: number) => ({
      type,
      ...(orgId ? { orgId } : {}),
      periodStart: day(start),
      expected: 1,
      received,
    });
    expect(answer.completeness).toEqual({
      score: 71.43,
      items: [
        item('cost.incurred', NW, '03-01', 0), // its one cost (pos 10) is retracted
        item('cost.incurred', CO, '03-01', 1),
        item('cost.incurred', NW, '02-01', 1),
        item('cost.incurred', CO, '02-01', 0),
        item('cost.incurred', NW, '01-01', 1),
        item('cost.incurred', CO, '01-01', 1), // recorded in February, it still belongs to January
        item('survey.answered', undefined, '01-01', 1),
      ],
    });
  });

  // 11 events measured (not 4, the ledger's own, nor 10, retracted). Lags sorted, in hours:
  // [0, 0, 0, 0, 2, 12, 12, 24, 372, 673, 744]. p50: h = 10 × 0.5 = 5 → 12. p95: h = 9.5 →
  // 673 + 0.5 × (744 − 673) = 708.5. Late past 10 days: positions 8 and 9, 2 / 11 = 18.18 %.
  it('gives the lag percentiles and the late events, newest first', () => {
    expect(answer.timeliness).toEqual({
      lagHours: { p50: 12, p95: 708.5, max: 744 },
      late: {
        count: 2,
        share: 18.18,
        items: [
          {
            eventId: eventId(9),
            position: 9,
            type: 'engagement.logged',
            occurredAt: day('01-31', '23:00'),
            recordedAt: day('03-01'),
            periodEnd: day('02-01'),
            daysLate: 28,
          },
          {
            eventId: eventId(8),
            position: 8,
            type: 'cost.incurred',
            occurredAt: day('01-20'),
            recordedAt: day('02-20'),
            periodEnd: day('02-01'),
            daysLate: 19,
          },
        ],
      },
    });
  });

  it('counts position 13 (8.5 days after its month) late under the default 7 days, not the charter’s 10', () => {
    const late = lateEvents(qualityLedger(w.facts(), w.quality()), Date.parse(ASOF), 7);
    expect(late.map((e) => [e.position, e.daysLate])).toEqual([
      [13, 8.5],
      [9, 28],
      [8, 19],
    ]);
  });

  // northwind: formed, proposed, 5, 6, 9 and its retraction 11 = 6 (10 retracted); contoso: approved, 7,
  // 8, 12, 13 = 5 (the adoption, 4, is the ledger's). 6 / 11 = 54.55 %, 5 / 11 = 45.45 %.
  it('balances what each org recorded, by orgId, with its retracted events apart', () => {
    expect(answer.balance).toEqual([
      { orgId: CO, events: 5, share: 45.45, retracted: 0 },
      { orgId: NW, events: 6, share: 54.55, retracted: 1 },
    ]);
  });

  // Three months since the start: too few to judge (6 needed), so no anomaly and the term is 100.
  // score = (71.43 + (100 − 18.18) + 100) / 3 = 253.25 / 3 = 84.4166… → 84.42.
  it('scores the mean of completeness, 100 − late share and 100 − 10 × anomalies', () => {
    expect(answer.anomalies).toEqual([]);
    expect(answer.score).toBe(84.42);
    expect(answer).toMatchObject({ asOf: ASOF, position: 13, charter: { version: 1 } });
  });
});

describe('Given the same ledger read at position 3, before the charter was adopted', () => {
  const w = qualityWorld();
  // The index may run ahead of the facts (here to position 13): the answer reads only up to position 3.
  const answer = dataQuality(w.facts(3), w.quality(), {
    partnershipId: w.ledger.partnershipId,
    currency: 'EUR',
    asOf: ASOF,
  });

  // Version 0 expects nothing (completeness null); events 1–3 were recorded as they occurred (no late
  // event, share 0); score = (100 − 0 + 100) / 2 = 100.
  it('expects nothing, measures three events and names position 3', () => {
    expect(answer.completeness).toEqual({ score: null, items: [] });
    expect(answer.timeliness).toEqual({
      lagHours: { p50: 0, p95: 0, max: 0 },
      late: { count: 0, share: 0, items: [] },
    });
    expect(answer.balance).toEqual([
      { orgId: CO, events: 1, share: 33.33, retracted: 0 },
      { orgId: NW, events: 2, share: 66.67, retracted: 0 },
    ]);
    expect(answer).toMatchObject({ position: 3, score: 100 });
    expect(answer).not.toHaveProperty('charter');
  });
});
