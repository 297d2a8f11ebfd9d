import { KpiFacts, SeriesPoint, SeriesTask, emptyFacts, periodOf } from '@ledger/kpis';
import { HistoryReuse } from './history-reuse';

const at = (position: number): KpiFacts => ({ ...emptyFacts(), position });
const months = [0, 1, 2].map((m) => periodOf('month', Date.UTC(2026, m, 1)));
const task: SeriesTask = {
  partnershipId: 'p1',
  currency: 'EUR',
  kpiId: 'joint_revenue',
  category: 'financial',
  periods: months,
  to: Date.UTC(2026, 3, 10),
  window: 'period',
};
const counting = () => {
  const calls: number[] = [];
  const compute = (value: string) => () => {
    calls.push(1);
    return Promise.resolve<SeriesPoint[]>([{ periodStart: 's', periodEnd: 'e', value }]);
  };
  return { calls, compute };
};

describe('HistoryReuse', () => {
  it('computes the months of one position once, whatever the asOf after them, and again at a new position', async () => {
    const reuse = new HistoryReuse();
    const { calls, compute } = counting();
    const [a, b] = await Promise.all([
      reuse.points(at(7), task, compute('first')),
      reuse.points(at(7), { ...task, to: Date.UTC(2026, 3, 20) }, compute('second')),
    ]);
    expect([a[0].value, b[0].value, calls.length]).toEqual(['first', 'first', 1]);
    expect((await reuse.points(at(8), task, compute('moved')))[0].value).toBe('moved');
    expect((await reuse.points(at(7), { ...task, kpiId: 'deals_closed' }, compute('other')))[0].value).toBe(
      'other',
    );
  });

  it('keeps no failure, and never reuses a what-if or a period not ended by `to`', async () => {
    const reuse = new HistoryReuse();
    const { calls, compute } = counting();
    await expect(reuse.points(at(7), task, () => Promise.reject(new Error('busy')))).rejects.toThrow('busy');
    await reuse.points(at(7), task, compute('after'));
    const open = { ...task, to: Date.UTC(2026, 2, 15) };
    await reuse.points(at(7), open, compute('open'));
    await reuse.points(at(7), open, compute('open'));
    await reuse.points(at(7), { ...task, whatIf: 'pr-1' }, compute('whatif'));
    await reuse.points(at(7), { ...task, whatIf: 'pr-1' }, compute('whatif'));
    expect(calls.length).toBe(5);
  });
});
