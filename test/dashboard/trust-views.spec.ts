import { groupAlerts } from '../../apps/dashboard/src/alert-groups';
import { subjectText } from '../../apps/dashboard/src/format';
import { completenessGrid } from '../../apps/dashboard/src/quality-grid';
import { href, parse } from '../../apps/dashboard/src/route';
import type { Alert } from '../../apps/dashboard/src/trust-answers';

describe('the trust panels’ addresses', () => {
  it.each([
    [
      '#/p/nw-contoso/quality?atPosition=7',
      { page: 'partnership', id: 'nw-contoso', tab: 'quality' },
      { atPosition: 7 },
    ],
    ['#/p/nw-contoso/disputes', { page: 'partnership', id: 'nw-contoso', tab: 'disputes' }, {}],
    [
      '#/p/nw-contoso/disputes/d-1?asOf=2026-04-01T23%3A59%3A59.999Z',
      { page: 'partnership', id: 'nw-contoso', tab: 'disputes', disputeId: 'd-1' },
      { asOf: '2026-04-01T23:59:59.999Z' },
    ],
  ] as const)('reads %s and writes it back the same', (hash, route, clocks) => {
    expect(parse(hash)).toEqual({ route, clocks });
    expect(href(route, clocks)).toBe(hash);
  });

  it('names a dispute only under the disputes tab', () => {
    expect(parse('#/p/x/charter/d-1').route).toEqual({ page: 'partnership', id: 'x', tab: 'charter' });
  });
});

describe('the completeness grid', () => {
  const item = (type: string, orgId: string | undefined, periodStart: string, received: number) => ({
    type,
    ...(orgId ? { orgId } : {}),
    periodStart,
    expected: 1,
    received,
  });

  it('has a row per type and org, a column per period oldest first, and a cell per item', () => {
    // As the API lists them: newest first.
    const items = [
      item('cost.incurred', 'northwind', '2026-02-01T00:00:00.000Z', 1),
      item('cost.incurred', 'contoso', '2026-02-01T00:00:00.000Z', 0),
      item('cost.incurred', 'northwind', '2026-01-01T00:00:00.000Z', 2),
      item('cost.incurred', 'contoso', '2026-01-01T00:00:00.000Z', 1),
      item('survey.answered', undefined, '2026-01-01T00:00:00.000Z', 0),
    ];
    const grid = completenessGrid(items);
    expect(grid.periods).toEqual(['2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z']);
    expect(grid.rows.map((r) => r.label)).toEqual([
      'cost.incurred · contoso',
      'cost.incurred · northwind',
      'survey.answered',
    ]);
    expect(grid.rows.map((r) => r.cells.map((c) => c?.received))).toEqual([
      [1, 0],
      [2, 1],
      [0, undefined], // a quarterly expectation has no cell in the months between its periods
    ]);
  });

  it('is empty when nothing is expected', () => {
    expect(completenessGrid([])).toEqual({ periods: [], rows: [] });
  });
});

describe('an alert’s subject in words', () => {
  it('lists the fields the API sent, whatever their shape', () => {
    expect(subjectText({ kpiId: 'joint_revenue', periodStart: '2026-03-01T00:00:00Z' })).toBe(
      'kpiId: joint_revenue, periodStart: 2026-03-01',
    );
    expect(subjectText({ orgId: 'adatum', periodStart: '2026-05-01T00:00:00.000Z' })).toBe(
      'orgId: adatum, periodStart: 2026-05-01',
    );
    // Only a period's start (midnight) is shortened: another instant is said in full.
    expect(subjectText({ at: '2026-05-01T09:00:00.000Z' })).toBe('at: 2026-05-01T09:00:00.000Z');
    expect(subjectText('milestone M1')).toBe('milestone M1');
    expect(subjectText(null)).toBe('—');
  });
});

describe('the open alerts, by kind and partnership', () => {
  const alert = (alertId: string, partnershipId: string, kind: Alert['kind'], raisedAt: string): Alert => ({
    alertId,
    partnershipId,
    kind,
    subject: {},
    raisedAt,
    position: 1,
  });

  it('groups them in the order the API lists them, each group keeping its alerts in that order', () => {
    const items = [
      alert('a1', 'p', 'late_data', '2026-12-04T10:00:00.000Z'),
      alert('a2', 'q', 'late_data', '2026-12-03T10:00:00.000Z'),
      alert('a3', 'p', 'milestone_overdue', '2026-11-01T00:00:00.000Z'),
      alert('a4', 'p', 'late_data', '2026-10-04T10:00:00.000Z'),
    ];
    expect(groupAlerts(items).map((g) => [g.partnershipId, g.kind, g.alerts.map((a) => a.alertId)])).toEqual([
      ['p', 'late_data', ['a1', 'a4']],
      ['q', 'late_data', ['a2']],
      ['p', 'milestone_overdue', ['a3']],
    ]);
    expect(groupAlerts([])).toEqual([]);
  });
});
