import { CO, Ledger, NW, entry, v } from './ledger';

/**
 * Joint solutions and IP in 2026.
 *   S1 conceived "2026-01-01" (a date: 00:00 UTC), launchedAt 2026-03-01T12:00Z → 59.5 days; posted
 *   2026-03-02
 *   S2 conceived 2026-02-01T00:00Z, no launchedAt, occurredAt 2026-04-01T06:00Z → 59.25 days
 *   S3 conceived "2025-12-01", launchedAt "2026-01-01" → 31 days; posted 2026-05-01
 *   ip.filed: patent (02-01), trademark (02-15), patent (04-10)
 */
function innovationLedger(): Ledger {
  const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
  l.add('solution.launched', '2026-03-02T00:00:00Z', {
    solutionId: 'S1',
    name: 'Analytics',
    conceivedAt: '2026-01-01',
    launchedAt: '2026-03-01T12:00:00Z',
  });
  l.add(
    'solution.launched',
    '2026-04-01T06:00:00Z',
    { solutionId: 'S2', name: 'Connector', conceivedAt: '2026-02-01T00:00:00Z' },
    CO,
  );
  l.add(
    'solution.launched',
    '2026-05-01T00:00:00Z',
    { solutionId: 'S3', name: 'Pilot', conceivedAt: '2025-12-01', launchedAt: '2026-01-01' },
    NW,
  );
  l.add('ip.filed', '2026-02-01T00:00:00Z', { ipId: 'IP1', kind: 'patent' });
  l.add('ip.filed', '2026-02-15T00:00:00Z', { ipId: 'IP2', kind: 'trademark' }, CO);
  l.add('ip.filed', '2026-04-10T00:00:00Z', { ipId: 'IP3', kind: 'patent' });
  return l;
}

describe('innovation: solutions launched, time to market and IP in 2026', () => {
  const ledger = innovationLedger();

  it('on 2026-03-15: one solution, time to market 59 days + 12 h = 59.5', () => {
    const s = ledger.kpis('2026-03-15T00:00:00Z');
    expect(v(s, 'solutions_launched')).toBe(1);
    expect(v(s, 'time_to_market_days')).toBe(59.5);
  });

  it(
    'on 2026-04-02: launchedAt defaults to the occurredAt of S2: ' + '(59.5 + 59.25) / 2 = 59.375 → 59.38',
    () => {
      const s = ledger.kpis('2026-04-02T00:00:00Z');
      expect(v(s, 'solutions_launched')).toBe(2);
      expect(v(s, 'time_to_market_days')).toBe(59.38);
    },
  );

  it('on 2026-05-02: date-only launchedAt is 00:00 UTC: (59.5 + 59.25 + 31) / 3 = 49.9166… → 49.92', () => {
    const s = ledger.kpis('2026-05-02T00:00:00Z');
    expect(v(s, 'solutions_launched')).toBe(3);
    expect(v(s, 'time_to_market_days')).toBe(49.92);
  });

  it(
    'solutions count from the event occurredAt: S1 (launchedAt 2026-03-01T12:00, ' +
      'posted 03-02) is not launched on 2026-03-01T18:00',
    () => {
      const s = ledger.kpis('2026-03-01T18:00:00Z');
      expect(v(s, 'solutions_launched')).toBe(0);
      expect(v(s, 'time_to_market_days')).toBeNull();
    },
  );

  it('ip_filed on 2026-03-01: 2, broken down by all three kinds', () => {
    const s = ledger.kpis('2026-03-01T00:00:00Z');
    expect(v(s, 'ip_filed')).toBe(2);
    expect(entry(s, 'ip_filed').breakdown).toStrictEqual({ patent: 1, trademark: 1, other: 0 });
  });

  it('ip_filed on 2026-05-02: 3 (patent 2, trademark 1, other 0)', () => {
    const s = ledger.kpis('2026-05-02T00:00:00Z');
    expect(v(s, 'ip_filed')).toBe(3);
    expect(entry(s, 'ip_filed').breakdown).toStrictEqual({ patent: 2, trademark: 1, other: 0 });
  });

  it('before anything: 0 solutions, null time to market, 0 IP with every kind at 0', () => {
    const s = ledger.kpis('2026-01-15T00:00:00Z');
    expect(v(s, 'solutions_launched')).toBe(0);
    expect(v(s, 'time_to_market_days')).toBeNull();
    expect(entry(s, 'ip_filed')).toMatchObject({
      value: 0,
      breakdown: { patent: 0, trademark: 0, other: 0 },
    });
  });
});
