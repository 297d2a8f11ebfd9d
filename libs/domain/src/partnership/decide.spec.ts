import { ev, formed, given, record } from '../testing/given';

const registered = (dealId = 'A1') =>
  ev('deal.registered', { dealId, customerId: 'c-1', amount: '15000.00', source: 'partner_sourced' });

describe('partnership decider', () => {
  describe('forming', () => {
    it('records partnership.formed for a new partnership', () => {
      const event = formed();
      given().when({ type: 'FormPartnership', event }).then([event]);
    });
    it('rejects forming it twice', () => {
      given(formed()).when({ type: 'FormPartnership', event: formed() }).thenRejects('partnership_exists');
    });
  });

  describe('deals', () => {
    it('registers a deal', () => {
      const e = registered();
      given(formed()).when(record(e)).then([e]);
    });
    it('rejects a dealId registered twice', () => {
      given(formed(), registered('A1'))
        .when(record(registered('A1')))
        .thenRejects('deal_already_registered');
    });
    it('rejects registeredBy naming an organization outside the partnership', () => {
      const e = ev('deal.registered', {
        dealId: 'A9',
        customerId: 'c',
        amount: '1.00',
        source: 'direct',
        registeredBy: 'acme',
      });
      given(formed()).when(record(e)).thenInvalid('data.registeredBy');
    });
    it('rejects a currency other than the partnership currency', () => {
      const e = ev('deal.won', { dealId: 'A1', amount: '1.00', currency: 'USD' });
      given(formed(), registered()).when(record(e)).thenInvalid('data.currency');
    });
    it('accepts the partnership currency named explicitly', () => {
      const e = ev('deal.won', { dealId: 'A1', amount: '1.00', currency: 'EUR' });
      given(formed(), registered()).when(record(e)).then([e]);
    });
    it.each(['deal.won', 'deal.lost'] as const)('rejects %s for an unknown deal', (type) => {
      const e =
        type === 'deal.won' ? ev(type, { dealId: 'nope', amount: '1.00' }) : ev(type, { dealId: 'nope' });
      given(formed()).when(record(e)).thenRejects('deal_unknown');
    });
    it.each(['deal.won', 'deal.lost'] as const)('rejects %s for a closed deal', (type) => {
      const e = type === 'deal.won' ? ev(type, { dealId: 'A1', amount: '1.00' }) : ev(type, { dealId: 'A1' });
      given(formed(), registered(), ev('deal.lost', { dealId: 'A1' }))
        .when(record(e))
        .thenRejects('deal_closed');
    });
    it('lets a deal close again once its closing event is retracted', () => {
      const won = ev('deal.won', { dealId: 'A1', amount: '1.00' });
      const lost = ev('deal.lost', { dealId: 'A1' });
      given(formed(), registered(), won, ev('event.retracted', { eventId: won.eventId, reason: 'typo' }))
        .when(record(lost))
        .then([lost]);
    });
  });

  describe('milestones', () => {
    const planned = ev('milestone.planned', { milestoneId: 'M1', title: 'brief', dueDate: '2026-02-15' });
    it('rejects milestone.hit for an unknown milestone', () => {
      given(formed())
        .when(record(ev('milestone.hit', { milestoneId: 'M1' })))
        .thenRejects('milestone_unknown');
    });
    it('records milestone.hit for a planned milestone', () => {
      const hit = ev('milestone.hit', { milestoneId: 'M1' });
      given(formed(), planned).when(record(hit)).then([hit]);
    });
    it('rejects hitting a milestone twice and planning it twice', () => {
      given(formed(), planned, ev('milestone.hit', { milestoneId: 'M1' }))
        .when(record(ev('milestone.hit', { milestoneId: 'M1' })))
        .thenRejects('milestone_already_hit');
      given(formed(), planned)
        .when(record({ ...planned, eventId: 'f0000000-0000-4000-8000-000000000000' }))
        .thenRejects('milestone_already_planned');
    });
  });

  describe('escalations', () => {
    const raised = ev('escalation.raised', { escalationId: 'E1', severity: 'high', summary: 'outage' });
    const ack = ev('escalation.acknowledged', { escalationId: 'E1' });
    const resolved = ev('escalation.resolved', { escalationId: 'E1' });
    it('rejects resolving an unknown escalation', () => {
      given(formed()).when(record(resolved)).thenRejects('escalation_unknown');
    });
    it('rejects resolving a resolved escalation', () => {
      given(formed(), raised, resolved)
        .when(record(ev('escalation.resolved', { escalationId: 'E1' })))
        .thenRejects('escalation_already_resolved');
    });
    it('rejects acknowledging an unknown or already acknowledged escalation', () => {
      given(formed()).when(record(ack)).thenRejects('escalation_unknown');
      given(formed(), raised, ack)
        .when(record(ev('escalation.acknowledged', { escalationId: 'E1' })))
        .thenRejects('escalation_already_acknowledged');
    });
    it('resolves an acknowledged escalation', () => {
      given(formed(), raised, ack).when(record(resolved)).then([resolved]);
    });
  });

  describe('retractions', () => {
    const cost = ev('cost.incurred', { amount: '2000.00', category: 'tools' });
    const retract = (eventId: string) => ev('event.retracted', { eventId, reason: 'entered twice' });
    it('retracts an event of the partnership', () => {
      const r = retract(cost.eventId);
      given(formed(), cost).when(record(r)).then([r]);
    });
    it('rejects retracting an unknown event', () => {
      given(formed())
        .when(record(retract('99999999-0000-4000-8000-000000000000')))
        .thenRejects('retraction_target_unknown');
    });
    it('rejects retracting an event twice', () => {
      given(formed(), cost, retract(cost.eventId))
        .when(record(retract(cost.eventId)))
        .thenRejects('event_already_retracted');
    });
    it('rejects retracting partnership.formed or a retraction', () => {
      const f = formed();
      const r = retract(cost.eventId);
      given(f)
        .when(record(retract(f.eventId)))
        .thenRejects('event_not_retractable');
      given(f, cost, r)
        .when(record(retract(r.eventId)))
        .thenRejects('event_not_retractable');
    });
  });

  describe('after partnership.ended', () => {
    const ended = ev('partnership.ended', { reason: 'contract over' });
    const cost = ev('cost.incurred', { amount: '1.00', category: 'mdf' });
    it('rejects every event but a retraction', () => {
      given(formed(), ended).when(record(cost)).thenRejects('partnership_ended');
    });
    it('accepts a retraction', () => {
      const r = ev('event.retracted', { eventId: ended.eventId, reason: 'ended by mistake' });
      given(formed(), ended).when(record(r)).then([r]);
    });
    it('is active again when the end is retracted', () => {
      const { state } = given(
        formed(),
        ended,
        ev('event.retracted', { eventId: ended.eventId, reason: 'mistake' }),
      );
      expect(state.status).toBe('active');
    });
  });

  it('rejects an eventId already in the ledger', () => {
    const cost = ev('cost.incurred', { amount: '1.00', category: 'mdf' });
    given(formed(), cost)
      .when(record({ ...cost, data: { amount: '2.00', category: 'mdf' } }))
      .thenRejects('event_id_taken');
  });
});

describe('retraction targets', () => {
  it('finds the target whatever the letter case of its id', () => {
    const cost = ev('cost.incurred', { amount: '1.00', category: 'mdf' });
    const upper = ev('event.retracted', { eventId: cost.eventId.toUpperCase(), reason: 'typo' });
    const { state } = given(formed(), cost, upper);
    given(formed(), cost).when(record(upper)).then([upper]);
    expect(state.status !== 'none' && state.retracted.has(cost.eventId)).toBe(true);
  });
});
