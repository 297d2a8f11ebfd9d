import { CO, Ledger, NW, entry, v } from './ledger';

/**
 * Milestones, escalations and uptime in Q1 2026.
 *   M1 due "2026-03-10" (a date: lasts to 23:59:59.999 UTC), hit 2026-03-10T20:00Z → on time
 *   M2 due 2026-03-12T12:00Z, never hit
 *   M3 due "2026-03-20", hit 2026-03-22T12:00Z → late by 1.5 days (+1 ms)
 *   M4 due "2026-04-30", not yet due
 *   M5 due "2026-03-11", never hit
 *   E1 high     raised 02-01 08:00, acknowledged 10:30 (2.5 h), resolved 02-02 08:00 (24 h)
 *   E2 critical raised 02-10 00:00, acknowledged 01:15 (1.25 h), resolved 03-10 00:00 (28 days = 672 h)
 *   E3 low      raised 02-15 00:00, resolved 06:00 without acknowledgement (6 h)
 *   E4 medium   raised 03-01 00:00, open
 *   E5 critical raised 03-02 00:00, acknowledged 03-05 00:00 (72 h), open
 */
function operationalLedger(): Ledger {
  const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
  const plan = (at: string, milestoneId: string, dueDate: string) =>
    l.add('milestone.planned', at, { milestoneId, title: `Milestone ${milestoneId}`, dueDate });
  plan('2026-01-05T00:00:00Z', 'M1', '2026-03-10');
  plan('2026-01-05T00:00:00Z', 'M2', '2026-03-12T12:00:00Z');
  plan('2026-01-06T00:00:00Z', 'M3', '2026-03-20');
  plan('2026-01-07T00:00:00Z', 'M4', '2026-04-30');
  plan('2026-01-08T00:00:00Z', 'M5', '2026-03-11');
  l.add('milestone.hit', '2026-03-10T20:00:00Z', { milestoneId: 'M1' }, CO);
  l.add('milestone.hit', '2026-03-22T12:00:00Z', { milestoneId: 'M3' }, CO);

  const raise = (at: string, escalationId: string, severity: string) =>
    l.add('escalation.raised', at, { escalationId, severity, summary: `issue ${escalationId}` }, CO);
  raise('2026-02-01T08:00:00Z', 'E1', 'high');
  l.add('escalation.acknowledged', '2026-02-01T10:30:00Z', { escalationId: 'E1' });
  l.add('escalation.resolved', '2026-02-02T08:00:00Z', { escalationId: 'E1' });
  raise('2026-02-10T00:00:00Z', 'E2', 'critical');
  l.add('escalation.acknowledged', '2026-02-10T01:15:00Z', { escalationId: 'E2' });
  raise('2026-02-15T00:00:00Z', 'E3', 'low');
  l.add('escalation.resolved', '2026-02-15T06:00:00Z', { escalationId: 'E3' });
  raise('2026-03-01T00:00:00Z', 'E4', 'medium');
  raise('2026-03-02T00:00:00Z', 'E5', 'critical');
  l.add('escalation.acknowledged', '2026-03-05T00:00:00Z', { escalationId: 'E5' });
  l.add('escalation.resolved', '2026-03-10T00:00:00Z', { escalationId: 'E2' });

  // uptime: January's report, February's, then a late-posted report that happened earlier (2026-02-15),
  // and a second report at the same business time as February's, posted after it (ledger order decides)
  l.add('uptime.reported', '2026-02-01T00:00:00Z', { period: '2026-01', uptimePct: 99.5 });
  l.add('uptime.reported', '2026-03-01T00:00:00Z', { period: '2026-02', uptimePct: 99.9 });
  l.add('uptime.reported', '2026-02-15T00:00:00Z', { period: '2026-01', uptimePct: 98.7 });
  l.add('uptime.reported', '2026-03-01T00:00:00Z', { period: '2026-02', uptimePct: 99.955 });
  return l;
}

describe('operational: milestones, escalations and uptime in Q1 2026', () => {
  const ledger = operationalLedger();

  describe('milestones', () => {
    it('a date-only due date lasts to the end of its UTC day: M1 is not yet due at 2026-03-10T22:00Z', () => {
      const s = ledger.kpis('2026-03-10T22:00:00Z');
      expect(v(s, 'milestone_on_time_rate')).toBeNull(); // nothing due yet
      expect(v(s, 'overdue_milestones')).toBe(0);
    });

    it('M1 hit at 20:00 on its due day counts as on time once due: 1/1 = 100 on 2026-03-11T00:00Z', () => {
      expect(v(ledger.kpis('2026-03-11T00:00:00Z'), 'milestone_on_time_rate')).toBe(100);
    });

    it(
      'M5 (due "2026-03-11", not hit) is not overdue at 23:59:59 of that day, ' +
        'but is one millisecond after its end',
      () => {
        expect(v(ledger.kpis('2026-03-11T23:59:59.000Z'), 'overdue_milestones')).toBe(0);
        expect(v(ledger.kpis('2026-03-12T00:00:00.000Z'), 'overdue_milestones')).toBe(1);
      },
    );

    it('overdue_milestones: M2 (due 12:00) joins after noon on 2026-03-12 → 2', () => {
      // deadline < asOf is strict
      expect(v(ledger.kpis('2026-03-12T12:00:00Z'), 'overdue_milestones')).toBe(1);
      expect(v(ledger.kpis('2026-03-12T13:00:00Z'), 'overdue_milestones')).toBe(2);
    });

    it(
      'on 2026-03-21 M3 (due 03-20) is overdue too → 3; ' +
        'once hit late on 03-22 it is no longer overdue → 2',
      () => {
        expect(v(ledger.kpis('2026-03-21T00:00:00Z'), 'overdue_milestones')).toBe(3);
        expect(v(ledger.kpis('2026-03-23T00:00:00Z'), 'overdue_milestones')).toBe(2);
      },
    );

    it(
      'on 2026-03-23: on-time rate 1 (M1) of 4 due (M1, M2, M3, M5) = 25; slip of M3 = 129 600 001 ms ' +
        '/ 86 400 000 = 1.50000001 → 1.5',
      () => {
        const s = ledger.kpis('2026-03-23T00:00:00Z');
        expect(v(s, 'milestone_on_time_rate')).toBe(25);
        expect(v(s, 'milestone_slip_days')).toBe(1.5);
      },
    );
  });

  describe('escalations', () => {
    it('on 2026-03-03: response (2.5 + 1.25) / 2 = 1.875 → 1.88 h; resolution (24 + 6) / 2 = 15 h', () => {
      const s = ledger.kpis('2026-03-03T00:00:00Z');
      expect(v(s, 'escalation_response_hours')).toBe(1.88);
      expect(v(s, 'escalation_resolution_hours')).toBe(15);
    });

    it('on 2026-03-03: open E2, E4, E5 → 3, breakdown by all four severities', () => {
      const s = ledger.kpis('2026-03-03T00:00:00Z');
      expect(v(s, 'open_escalations')).toBe(3);
      expect(entry(s, 'open_escalations').breakdown).toStrictEqual({
        low: 0,
        medium: 1,
        high: 0,
        critical: 2,
      });
    });

    it('on 2026-03-06: E5 acknowledged after 72 h → response (2.5 + 1.25 + 72) / 3 = 25.25 h', () => {
      expect(v(ledger.kpis('2026-03-06T00:00:00Z'), 'escalation_response_hours')).toBe(25.25);
    });

    it('on 2026-03-11: E2 resolved after 672 h → resolution (24 + 6 + 672) / 3 = 234 h; open E4, E5', () => {
      const s = ledger.kpis('2026-03-11T00:00:00Z');
      expect(v(s, 'escalation_resolution_hours')).toBe(234);
      expect(v(s, 'open_escalations')).toBe(2);
      expect(entry(s, 'open_escalations').breakdown).toStrictEqual({
        low: 0,
        medium: 1,
        high: 0,
        critical: 1,
      });
    });

    it('before any acknowledgement the means are null and open escalations count by severity', () => {
      const s = ledger.kpis('2026-02-01T09:00:00Z');
      expect(v(s, 'escalation_response_hours')).toBeNull();
      expect(v(s, 'escalation_resolution_hours')).toBeNull();
      expect(entry(s, 'open_escalations').breakdown).toStrictEqual({
        low: 0,
        medium: 0,
        high: 1,
        critical: 0,
      });
    });
  });

  describe('uptime: the latest report by business time', () => {
    it('is null before any report', () => {
      expect(v(ledger.kpis('2026-01-31T00:00:00Z'), 'uptime')).toBeNull();
    });

    it('on 2026-02-20 the report that happened 2026-02-15 (posted last but one) is the latest: 98.7', () => {
      expect(v(ledger.kpis('2026-02-20T00:00:00Z'), 'uptime')).toBe(98.7);
    });

    it(
      'on 2026-03-05 the reports of 2026-03-01 are the latest, ' +
        'the one later in ledger order wins: 99.955 → 99.96',
      () => {
        expect(v(ledger.kpis('2026-03-05T00:00:00Z'), 'uptime')).toBe(99.96);
      },
    );
  });

  it('overdue and open counts are 0 for a partnership whose milestones are all hit on time', () => {
    const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
    l.add(
      'milestone.planned',
      '2026-01-02T00:00:00Z',
      { milestoneId: 'X', title: 'x', dueDate: '2026-01-31' },
      NW,
    );
    // the last millisecond of the due day
    l.add('milestone.hit', '2026-01-31T23:59:59.999Z', { milestoneId: 'X' }, NW);
    const s = l.kpis('2026-02-15T00:00:00Z');
    expect(v(s, 'overdue_milestones')).toBe(0);
    expect(v(s, 'milestone_on_time_rate')).toBe(100);
    expect(v(s, 'milestone_slip_days')).toBeNull();
  });
});
