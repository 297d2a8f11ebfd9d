import { CO, Ledger, NW, entry, v } from './ledger';

/**
 * Impact adds up only within one dimension/metric/unit group.
 *   social/trees/count 100 (01-10), 250.5 (02-10), 49.5 (04-10)
 *   environmental/co2/tonnes 12.25 (03-10)
 *   social/trees/hectares 3 (05-10): same dimension and metric, another unit → another group
 */
function impactLedger(): Ledger {
  const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
  l.add('impact.recorded', '2026-01-10T00:00:00Z', {
    dimension: 'social',
    metric: 'trees',
    value: 100,
    unit: 'count',
  });
  l.add(
    'impact.recorded',
    '2026-02-10T00:00:00Z',
    { dimension: 'social', metric: 'trees', value: 250.5, unit: 'count' },
    CO,
  );
  l.add(
    'impact.recorded',
    '2026-03-10T00:00:00Z',
    { dimension: 'environmental', metric: 'co2', value: 12.25, unit: 'tonnes' },
    NW,
  );
  l.add(
    'impact.recorded',
    '2026-04-10T00:00:00Z',
    { dimension: 'social', metric: 'trees', value: 49.5, unit: 'count' },
    CO,
  );
  l.add(
    'impact.recorded',
    '2026-05-10T00:00:00Z',
    { dimension: 'social', metric: 'trees', value: 3, unit: 'hectares' },
    CO,
  );
  return l;
}

describe('impact: impact_total for one group and for several groups', () => {
  const ledger = impactLedger();

  it('one group: the value is its sum 100 + 250.5 = 350.5', () => {
    const s = ledger.kpis('2026-03-01T00:00:00Z');
    expect(v(s, 'impact_total')).toBe(350.5);
    expect(entry(s, 'impact_total').breakdown).toStrictEqual({ 'social/trees/count': 350.5 });
  });

  it(
    'several groups: the value is null, ' +
      'the breakdown holds each group sum (social 100 + 250.5 + 49.5 = 400)',
    () => {
      const s = ledger.kpis('2026-04-30T00:00:00Z');
      expect(v(s, 'impact_total')).toBeNull();
      expect(entry(s, 'impact_total').breakdown).toStrictEqual({
        'environmental/co2/tonnes': 12.25,
        'social/trees/count': 400,
      });
    },
  );

  it('another unit is another group: social/trees/hectares apart from social/trees/count', () => {
    const s = ledger.kpis('2026-06-01T00:00:00Z');
    expect(v(s, 'impact_total')).toBeNull();
    expect(entry(s, 'impact_total').breakdown).toStrictEqual({
      'environmental/co2/tonnes': 12.25,
      'social/trees/count': 400,
      'social/trees/hectares': 3,
    });
  });

  it('retracting the only record of a group brings back a single group and its sum as the value', () => {
    const l = impactLedger();
    const co2 = l.events.find((e) => e.type === 'impact.recorded' && e.data.metric === 'co2')!;
    l.retract(co2.eventId, '2026-04-20T00:00:00Z');
    const s = l.kpis('2026-04-30T00:00:00Z');
    expect(v(s, 'impact_total')).toBe(400);
    expect(entry(s, 'impact_total').breakdown).toStrictEqual({ 'social/trees/count': 400 });
  });

  it('no impact recorded: value null ("exactly one group, else null") and no breakdown', () => {
    const s = ledger.kpis('2026-01-05T00:00:00Z');
    expect(v(s, 'impact_total')).toBeNull();
    expect(entry(s, 'impact_total')).not.toHaveProperty('breakdown');
  });
});
