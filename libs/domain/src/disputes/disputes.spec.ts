import { DomainEvent } from '../events/event';
import { ev, formed, given, record } from '../testing/given';
import { governanceAt } from '../charter/governance';
import { disputeAt, isOverdue } from './fold';

/** The rules of disputes (API.md, "Disputes") in given/when/then form. */
const won = ev('deal.registered', {
  dealId: 'D1',
  customerId: 'C1',
  amount: '100.00',
  source: 'partner_sourced',
});
const opened = (by = 'contoso', subject: object = { eventId: won.eventId }) =>
  ev(
    'dispute.opened',
    { disputeId: 'X1', subject: subject as never, reason: 'never happened', requestedRemedy: 'retract' },
    { recordedBy: by },
  );
const proposed = (by: string, retract = true, outcome: 'upheld' | 'rejected' = 'upheld') =>
  ev(
    'dispute.resolution_proposed',
    { disputeId: 'X1', outcome, resolution: 'agreed', retract },
    { recordedBy: by },
  );
const accepted = (by: string) => ev('dispute.resolution_accepted', { disputeId: 'X1' }, { recordedBy: by });
const ids = { resolved: 'r-1', retracted: 't-1' };
const acceptance = (event: DomainEvent) => ({ type: 'RecordEvent' as const, event, resolutionIds: ids });
const northwindDeal = { ...won, recordedBy: 'northwind' };

describe('disputes', () => {
  it('Given an event, when another org disputes it, then the decider stamps the disputed event type', () => {
    const o = opened();
    given(formed(), northwindDeal)
      .when(record(o))
      .then([{ ...o, data: { ...o.data, subject: { eventId: won.eventId, eventType: 'deal.registered' } } }]);
  });

  it('Given an open dispute of an event, when it is disputed again, then already_disputed', () => {
    given(formed(), northwindDeal, opened())
      .when(record({ ...opened('northwind'), eventId: 'other', data: { ...opened().data, disputeId: 'X2' } }))
      .thenRejects('already_disputed');
  });

  it('Given no such event or KPI, when it is disputed, then dispute_subject_not_found (404)', () => {
    given(formed()).when(record(opened())).thenRejects('dispute_subject_not_found', 'not_found');
    const kpi = opened('contoso', { kpiId: 'no_such_kpi', periodStart: '2026-01-01T00:00:00.000Z' });
    given(formed()).when(record(kpi)).thenRejects('dispute_subject_not_found', 'not_found');
  });

  it('Given a proposal by northwind, when contoso accepts, then resolved and the subject retracted, in order', () => {
    const a = accepted('contoso');
    given(formed(), northwindDeal, opened(), proposed('northwind'))
      .when(acceptance(a))
      .then([
        a,
        {
          eventId: 'r-1',
          type: 'dispute.resolved',
          occurredAt: a.occurredAt,
          recordedBy: 'contoso',
          data: { disputeId: 'X1', outcome: 'upheld', resolution: 'agreed' },
        },
        {
          eventId: 't-1',
          type: 'event.retracted',
          occurredAt: a.occurredAt,
          recordedBy: 'contoso',
          data: { eventId: won.eventId, reason: 'dispute X1 upheld: agreed', disputeId: 'X1' },
        },
      ]);
  });

  it('Given a rejected proposal accepted by all, then resolved and nothing retracted', () => {
    const a = accepted('northwind');
    given(formed(), northwindDeal, opened(), proposed('contoso', false, 'rejected'))
      .when(acceptance(a))
      .then([
        a,
        {
          eventId: 'r-1',
          type: 'dispute.resolved',
          occurredAt: a.occurredAt,
          recordedBy: 'northwind',
          data: { disputeId: 'X1', outcome: 'rejected', resolution: 'agreed' },
        },
      ]);
  });

  it('Given a proposal, when the proposer accepts its own, then already_accepted; admin → org_required', () => {
    const history = [formed(), northwindDeal, opened(), proposed('northwind')];
    given(...history)
      .when(acceptance(accepted('northwind')))
      .thenRejects('already_accepted');
    given(...history)
      .when(acceptance(accepted('admin')))
      .thenRejects('org_required', 'forbidden');
  });

  it('Given a new proposal, then acceptances of the replaced one no longer count', () => {
    const g = governanceAt(
      [formed(), northwindDeal, opened(), proposed('northwind'), proposed('contoso', false, 'rejected')]
        .filter((e) => e.type.startsWith('dispute.'))
        .map((e) => e as never),
    );
    expect(g.disputes.get('X1')!.proposal).toMatchObject({ proposedBy: 'contoso', acceptedBy: [] });
  });

  it('Given a dispute opened by contoso, when northwind withdraws it, then not_opener (403)', () => {
    given(formed(), northwindDeal, opened())
      .when(record(ev('dispute.withdrawn', { disputeId: 'X1' }, { recordedBy: 'northwind' })))
      .thenRejects('not_opener', 'forbidden');
  });

  it('Given a withdrawn dispute, when it is commented, then dispute_closed', () => {
    const withdrawn = ev('dispute.withdrawn', { disputeId: 'X1' }, { recordedBy: 'contoso' });
    given(formed(), northwindDeal, opened(), withdrawn)
      .when(record(ev('dispute.commented', { disputeId: 'X1', comment: 'late' })))
      .thenRejects('dispute_closed');
  });

  it('Given a rejected outcome, when it retracts, then 400 on retract', () => {
    given(formed(), northwindDeal, opened())
      .when(record(proposed('northwind', true, 'rejected')))
      .thenInvalid('retract');
  });

  it('Given a retraction posted with a disputeId, then 400: only the ledger sets it', () => {
    const forged = ev('event.retracted', { eventId: won.eventId, reason: 'x', disputeId: 'X1' });
    given(formed(), { ...won })
      .when(record(forged))
      .thenInvalid('data.disputeId');
  });

  it('is overdue only while open past its SLA, and reads as it stood at any asOf', () => {
    const g = governanceAt([opened() as never]);
    const d = g.disputes.get('X1')!;
    const opensAt = Date.parse(d.openedAt);
    expect(isOverdue(d, opensAt + 14 * 86_400_000, 14)).toBe(false);
    expect(isOverdue(d, opensAt + 14 * 86_400_000 + 1, 14)).toBe(true);
    expect(disputeAt(d, opensAt - 1)).toBeUndefined();
  });
});
