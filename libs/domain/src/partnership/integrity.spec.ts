import { ev, formed, given, record } from '../testing/given';

/**
 * The integrity rules: history may not contradict itself in business time or refer to what does not
 * exist. Every event in `given` occurs 2026-01-05 10:00 unless it says otherwise.
 */
const at = (iso: string) => ({ occurredAt: iso });
const EARLIER = at('2026-01-04T10:00:00.000Z');
const LATER = at('2026-01-06T10:00:00.000Z');
const registered = ev('deal.registered', {
  dealId: 'A1',
  customerId: 'c-1',
  amount: '100.00',
  source: 'partner_sourced',
});

describe('integrity rules of the decider', () => {
  describe('nothing occurs before the partnership started (occurs_before_start)', () => {
    it('refuses an event before startedAt, naming occurredAt', () => {
      const e = ev('cost.incurred', { amount: '1.00', category: 'mdf' }, at('2025-09-30T23:59:59.999Z'));
      given(formed()).when(record(e)).thenRejects('occurs_before_start');
    });
    it('accepts an event at the very start', () => {
      const e = ev('cost.incurred', { amount: '1.00', category: 'mdf' }, at('2025-10-01T00:00:00.000Z'));
      given(formed()).when(record(e)).then([e]);
    });
  });

  describe('nothing occurs before what it follows (occurs_before_subject)', () => {
    it.each([
      ['deal.won', ev('deal.won', { dealId: 'A1', amount: '1.00' }, EARLIER)],
      ['deal.lost', ev('deal.lost', { dealId: 'A1' }, EARLIER)],
      ['deal.touched', ev('deal.touched', { dealId: 'A1', orgId: 'northwind', touch: 'demo' }, EARLIER)],
    ])('refuses %s before the deal was registered', (_, e) => {
      given(formed(), registered).when(record(e)).thenRejects('occurs_before_subject');
    });
    it('accepts a win at the moment of registration and a touch after it', () => {
      const won = ev('deal.won', { dealId: 'A1', amount: '1.00' });
      const touch = ev('deal.touched', { dealId: 'A1', orgId: 'northwind', touch: 'demo' }, LATER);
      given(formed(), registered).when(record(won)).then([won]);
      given(formed(), registered).when(record(touch)).then([touch]);
    });
    it('refuses milestone.hit before milestone.planned', () => {
      const planned = ev('milestone.planned', { milestoneId: 'M1', title: 'm', dueDate: '2026-02-01' });
      given(formed(), planned)
        .when(record(ev('milestone.hit', { milestoneId: 'M1' }, EARLIER)))
        .thenRejects('occurs_before_subject');
    });
    it(
      'refuses acknowledging or resolving an escalation before it was raised, ' +
        'and resolving before its acknowledgement',
      () => {
        const raised = ev('escalation.raised', { escalationId: 'E1', severity: 'high', summary: 's' });
        given(formed(), raised)
          .when(record(ev('escalation.acknowledged', { escalationId: 'E1' }, EARLIER)))
          .thenRejects('occurs_before_subject');
        given(formed(), raised)
          .when(record(ev('escalation.resolved', { escalationId: 'E1' }, EARLIER)))
          .thenRejects('occurs_before_subject');
        const acknowledged = ev('escalation.acknowledged', { escalationId: 'E1' }, LATER);
        const resolved = ev('escalation.resolved', { escalationId: 'E1' }, at('2026-01-05T12:00:00.000Z'));
        given(formed(), raised, acknowledged).when(record(resolved)).thenRejects('occurs_before_subject');
      },
    );
    it('refuses lead.converted before the lead was first generated', () => {
      const generated = ev('lead.generated', { leadId: 'L1', channel: 'partner', qualified: true });
      given(formed(), generated)
        .when(record(ev('lead.converted', { leadId: 'L1' }, EARLIER)))
        .thenRejects('occurs_before_subject');
      const converted = ev('lead.converted', { leadId: 'L1' }, LATER);
      given(formed(), generated).when(record(converted)).then([converted]);
    });
  });

  describe('nothing refers to what does not exist (unknown_subject)', () => {
    it('refuses a touch of an unknown deal, or naming an organization outside the partnership', () => {
      given(formed())
        .when(record(ev('deal.touched', { dealId: 'nope', orgId: 'northwind', touch: 'demo' })))
        .thenRejects('unknown_subject');
      given(formed(), registered)
        .when(record(ev('deal.touched', { dealId: 'A1', orgId: 'acme', touch: 'demo' })))
        .thenRejects('unknown_subject');
    });
    it('refuses converting an unknown lead, or into an unknown deal', () => {
      given(formed())
        .when(record(ev('lead.converted', { leadId: 'L9' })))
        .thenRejects('unknown_subject');
      const generated = ev('lead.generated', { leadId: 'L1', channel: 'partner', qualified: true });
      given(formed(), generated)
        .when(record(ev('lead.converted', { leadId: 'L1', dealId: 'nope' })))
        .thenRejects('unknown_subject');
      const converted = ev('lead.converted', { leadId: 'L1', dealId: 'A1' });
      given(formed(), generated, registered).when(record(converted)).then([converted]);
    });
    it('refuses churning a customer never acquired, also once its only acquisition was retracted', () => {
      given(formed())
        .when(record(ev('customer.churned', { customerId: 'c-9' })))
        .thenRejects('unknown_subject');
      const acquired = ev('customer.acquired', { customerId: 'c-1', channel: 'partner' });
      const churned = ev('customer.churned', { customerId: 'c-1' });
      given(formed(), acquired).when(record(churned)).then([churned]);
      const retraction = ev('event.retracted', { eventId: acquired.eventId, reason: 'wrong customer' });
      given(formed(), acquired, retraction).when(record(churned)).thenRejects('unknown_subject');
    });
  });

  describe('a partner retracts only what its organization recorded (not_recorder)', () => {
    const cost = ev('cost.incurred', { amount: '1.00', category: 'mdf' }, { recordedBy: 'northwind' });
    it("refuses contoso retracting northwind's event", () => {
      const e = ev(
        'event.retracted',
        { eventId: cost.eventId, reason: 'disagree' },
        { recordedBy: 'contoso' },
      );
      given(formed(), cost).when(record(e)).thenRejects('not_recorder');
    });
    it('lets the recorder, and an admin, retract it', () => {
      const own = ev(
        'event.retracted',
        { eventId: cost.eventId, reason: 'typo' },
        { recordedBy: 'northwind' },
      );
      const admin = ev(
        'event.retracted',
        { eventId: cost.eventId, reason: 'ruling' },
        { recordedBy: 'admin' },
      );
      given(formed(), cost).when(record(own)).then([own]);
      given(formed(), cost).when(record(admin)).then([admin]);
    });
  });

  it('never refuses on replay: evolve folds a history the rules would refuse today', () => {
    const early = ev('deal.won', { dealId: 'A1', amount: '1.00' }, EARLIER);
    const { state } = given(formed(), registered, early);
    expect(state.status === 'active' && state.deals.get('A1')?.close?.status).toBe('won');
  });
});
