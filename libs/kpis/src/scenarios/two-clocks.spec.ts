import { CO, Ledger, NW, entry, v } from './ledger';

describe('two-clocks: ledger time (atPosition) and business time (asOf)', () => {
  describe('a won deal and a cost, both retracted later (retractions happen after asOf 2026-02-20)', () => {
    const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' }); // position 1
    l.add(
      'deal.registered',
      '2026-01-10T00:00:00Z',
      { dealId: 'A', customerId: 'c-a', amount: '10000.00', source: 'partner_sourced' },
      CO,
    ); // 2
    const won = l.add('deal.won', '2026-02-10T00:00:00Z', { dealId: 'A', amount: '12000.00' }); // 3
    const cost = l.add('cost.incurred', '2026-01-15T00:00:00Z', { amount: '1000.00', category: 'mdf' }); // 4
    l.retract(won, '2026-03-01T00:00:00Z'); // 5
    l.retract(cost, '2026-03-02T00:00:00Z'); // 6
    const asOf = '2026-02-20T00:00:00Z';

    it(
      'atPosition 3: the win counts (joint revenue 12000.00, ' +
        '1 deal closed, empty pipeline); the cost is not known yet',
      () => {
        const s = l.kpis(asOf, { atPosition: 3 });
        expect(s.position).toBe(3);
        expect(v(s, 'joint_revenue')).toBe('12000.00');
        expect(v(s, 'deals_closed')).toBe(1);
        expect(v(s, 'pipeline_value')).toBe('0.00');
        expect(v(s, 'win_rate.partner')).toBe(100);
        expect(v(s, 'program_costs')).toBe('0.00');
      },
    );

    it('atPosition 4: the cost is known: roi (12000 − 1000) / 1000 × 100 = 1100', () => {
      const s = l.kpis(asOf, { atPosition: 4 });
      expect(v(s, 'program_costs')).toBe('1000.00');
      expect(v(s, 'roi')).toBe(1100);
    });

    it(
      'atPosition 5: the retraction of the win applies ' +
        'although it happened after asOf; the deal is open again',
      () => {
        const s = l.kpis(asOf, { atPosition: 5 });
        expect(s.position).toBe(5);
        expect(v(s, 'joint_revenue')).toBe('0.00');
        expect(v(s, 'deals_closed')).toBe(0);
        expect(v(s, 'pipeline_value')).toBe('10000.00');
        expect(v(s, 'win_rate.partner')).toBeNull();
        expect(v(s, 'roi')).toBe(-100); // (0 − 1000) / 1000 × 100
      },
    );

    it('at the head: the cost is retracted too: program_costs 0.00, roi null', () => {
      const s = l.kpis(asOf);
      expect(s.position).toBe(6);
      expect(v(s, 'program_costs')).toBe('0.00');
      expect(entry(s, 'program_costs').breakdown).toStrictEqual({});
      expect(v(s, 'roi')).toBeNull();
    });

    it('a retraction naming the eventId in upper case applies as well', () => {
      const u = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
      const c = u.add('cost.incurred', '2026-01-15T00:00:00Z', { amount: '70.00', category: 'mdf' });
      u.add('event.retracted', '2026-01-16T00:00:00Z', { eventId: c.toUpperCase(), reason: 'typo' });
      expect(v(u.kpis(asOf), 'program_costs')).toBe('0.00');
    });
  });

  describe('asOf filtering of a deal registered 2026-01-20 and won 2026-04-10T10:00Z for 5200.00', () => {
    const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
    l.add(
      'deal.registered',
      '2026-01-20T00:00:00Z',
      { dealId: 'B', customerId: 'c-b', amount: '5000.00', source: 'partner_influenced' },
      CO,
    );
    l.add('deal.won', '2026-04-10T10:00:00Z', { dealId: 'B', amount: '5200.00' });

    it('before its registration the deal does not exist', () => {
      const s = l.kpis('2026-01-19T00:00:00Z');
      expect(v(s, 'pipeline_value')).toBe('0.00');
      expect(v(s, 'joint_revenue')).toBe('0.00');
    });

    it('one millisecond before the win it is open: in the pipeline at its registered amount', () => {
      const s = l.kpis('2026-04-10T09:59:59.999Z');
      expect(v(s, 'pipeline_value')).toBe('5000.00');
      expect(v(s, 'joint_revenue')).toBe('0.00');
      expect(v(s, 'win_rate.partner')).toBeNull();
    });

    it(
      'at the instant of the win it is won at its final amount; ' + 'cycle 80 days + 10 h = 80.4166… → 80.42',
      () => {
        const s = l.kpis('2026-04-10T10:00:00Z');
        expect(v(s, 'pipeline_value')).toBe('0.00');
        expect(v(s, 'joint_revenue')).toBe('5200.00');
        expect(entry(s, 'joint_revenue').breakdown).toMatchObject({
          contoso: '5200.00',
          influenced: '5200.00',
          sourced: '0.00',
        });
        expect(v(s, 'sales_cycle_days.partner')).toBe(80.42);
      },
    );
  });

  describe(
    'a deal.won whose registration was retracted stays ' +
      'without effect after the deal is registered again',
    () => {
      function reRegistered() {
        const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
        const reg = l.add(
          'deal.registered',
          '2026-01-05T00:00:00Z',
          { dealId: 'C', customerId: 'c-c', amount: '20000.00', source: 'partner_sourced' },
          CO,
        ); // 2
        const staleWin = l.add('deal.won', '2026-01-25T00:00:00Z', { dealId: 'C', amount: '20000.00' }); // 3
        l.retract(reg, '2026-02-01T00:00:00Z'); // 4
        l.add(
          'deal.registered',
          '2026-02-02T00:00:00Z',
          { dealId: 'C', customerId: 'c-c', amount: '15000.00', source: 'partner_influenced' },
          NW,
        ); // 5
        return { l, staleWin };
      }
      const { l } = reRegistered();
      const asOf = '2026-03-01T00:00:00Z';

      it('atPosition 3 the first registration and its win count: joint revenue 20000.00', () => {
        expect(v(l.kpis(asOf, { atPosition: 3 }), 'joint_revenue')).toBe('20000.00');
      });

      it('atPosition 4 the deal is gone: no revenue, no pipeline', () => {
        const s = l.kpis(asOf, { atPosition: 4 });
        expect(v(s, 'joint_revenue')).toBe('0.00');
        expect(v(s, 'pipeline_value')).toBe('0.00');
      });

      it(
        'atPosition 5 the re-registered deal is open ' + '(pipeline 15000.00); the old win does not close it',
        () => {
          const s = l.kpis(asOf, { atPosition: 5 });
          expect(v(s, 'joint_revenue')).toBe('0.00');
          expect(v(s, 'pipeline_value')).toBe('15000.00');
          expect(v(s, 'win_rate.partner')).toBeNull();
        },
      );

      it(
        'retracting the stale win changes nothing; ' +
          'a new win closes the re-registered deal: 16000.00 after 36 days',
        () => {
          const { l: m, staleWin } = reRegistered();
          m.retract(staleWin, '2026-03-02T00:00:00Z');
          m.add('deal.won', '2026-03-10T00:00:00Z', { dealId: 'C', amount: '16000.00' });
          const afterRetraction = m.kpis('2026-03-05T00:00:00Z');
          expect(v(afterRetraction, 'pipeline_value')).toBe('15000.00');
          expect(v(afterRetraction, 'joint_revenue')).toBe('0.00');
          const s = m.kpis('2026-03-31T00:00:00Z');
          expect(v(s, 'joint_revenue')).toBe('16000.00');
          expect(entry(s, 'joint_revenue').breakdown).toStrictEqual({
            northwind: '16000.00',
            contoso: '0.00',
            sourced: '0.00',
            influenced: '16000.00',
          });
          expect(v(s, 'sales_cycle_days.partner')).toBe(36); // 2026-02-02 → 2026-03-10
        },
      );

      it(
        'a win folded while its deal is missing has no effect, ' + 'even once the deal is registered again',
        () => {
          const w = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
          const r = w.add(
            'deal.registered',
            '2026-01-05T00:00:00Z',
            { dealId: 'D', customerId: 'c-d', amount: '900.00', source: 'partner_sourced' },
            CO,
          );
          w.retract(r, '2026-01-06T00:00:00Z');
          w.add('deal.won', '2026-01-07T00:00:00Z', { dealId: 'D', amount: '900.00' });
          w.add(
            'deal.registered',
            '2026-01-08T00:00:00Z',
            { dealId: 'D', customerId: 'c-d', amount: '800.00', source: 'partner_sourced' },
            CO,
          );
          const s = w.kpis('2026-02-01T00:00:00Z');
          expect(v(s, 'joint_revenue')).toBe('0.00');
          expect(v(s, 'pipeline_value')).toBe('800.00');
        },
      );
    },
  );

  it('retracting partnership.ended lets longevity run to asOf again', () => {
    const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
    const ended = l.add('partnership.ended', '2026-01-11T00:00:00Z', { reason: 'x' }); // position 2
    l.retract(ended, '2026-01-12T00:00:00Z');
    expect(v(l.kpis('2026-02-01T00:00:00Z', { atPosition: 2 }), 'longevity_days')).toBe(10);
    expect(v(l.kpis('2026-02-01T00:00:00Z'), 'longevity_days')).toBe(31);
  });
});
