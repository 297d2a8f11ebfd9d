import { CO, NW } from '../scenarios/ledger';
import { QualityLedgerFixture } from '../testing/quality-ledger';
import { balanceAt } from './balance';
import { qualityEventOf, qualityLedger } from './events';

/**
 * Balance with a dispute upheld by retraction (API.md "Disputes"), started 2026-01-01, read 2026-03-31:
 *   1 partnership.formed                           NW
 *   2 engagement.logged (E)                        CO   retracted by 8: CO's retracted 1
 *   3 dispute.opened on E                          NW
 *   4 dispute.resolution_proposed upheld, retract  NW
 *   5 dispute.resolution_accepted                  CO
 *   6 dispute.resolved                             CO   appended by the ledger: not counted
 *   7 event.retracted of E, data.disputeId         CO   appended by the ledger: not counted
 *   8 cost.incurred (C)                            NW   retracted by 9: NW's retracted 1
 *   9 event.retracted of C                         NW   a retraction NW recorded: counted
 *  10 cost.incurred                                admin (not a member org): counted for no one
 *  11 cost.incurred                                CO   occurred 2025-03-31: outside (asOf − 365 days, asOf]
 * northwind 1, 3, 4, 9 = 4; contoso 5 = 1; 4 / 5 = 80 %, 1 / 5 = 20 %.
 */
function disputedWorld() {
  const w = new QualityLedgerFixture({ startedAt: '2026-01-01T00:00:00Z' });
  const at = (d: string) => `2026-${d}T00:00:00Z`;
  const disputed = w.add('engagement.logged', at('01-10'), { activity: 'training' }, CO);
  const subject = { eventId: disputed };
  const opened = { disputeId: 'd1', subject, reason: 'never held', requestedRemedy: 'retract' };
  w.add('dispute.opened', at('01-11'), opened, NW);
  const resolution = { disputeId: 'd1', outcome: 'upheld', resolution: 'agreed', retract: true };
  w.add('dispute.resolution_proposed', at('01-12'), resolution, NW);
  w.add('dispute.resolution_accepted', at('01-13'), { disputeId: 'd1' }, CO);
  w.add('dispute.resolved', at('01-13'), { disputeId: 'd1', outcome: 'upheld', resolution: 'agreed' }, CO);
  const upheld = { eventId: disputed, reason: 'dispute d1 upheld: agreed', disputeId: 'd1' };
  w.add('event.retracted', at('01-13'), upheld, CO);
  const cost = { amount: '10.00', category: 'mdf' };
  const mine = w.add('cost.incurred', at('02-01'), cost, NW);
  w.add('event.retracted', at('02-02'), { eventId: mine, reason: 'typo' }, NW);
  w.add('cost.incurred', at('02-03'), cost, 'admin');
  w.add('cost.incurred', '2025-03-31T00:00:00Z', cost, CO);
  return w;
}

describe('Given a dispute upheld by a retraction the ledger appended', () => {
  const w = disputedWorld();

  it('marks the ledger’s own events, and only those', () => {
    const byLedger = w.quality().flatMap((e) => (e.byLedger ? [[e.position, e.type]] : []));
    expect(byLedger).toEqual([
      [6, 'dispute.resolved'],
      [7, 'event.retracted'],
    ]);
  });

  it('counts the events each member recorded, its own retraction included, and the retracted apart', () => {
    const ledger = qualityLedger(w.facts(), w.quality());
    expect(balanceAt(ledger, Date.parse('2026-03-31T00:00:00Z'))).toEqual([
      { orgId: CO, events: 1, share: 20, retracted: 1 },
      { orgId: NW, events: 4, share: 80, retracted: 1 },
    ]);
  });
});

describe('Given a stored event', () => {
  const stored = {
    eventId: 'a1b2c3d4-0000-4000-8000-000000000001',
    type: 'event.retracted',
    occurredAt: '2026-01-02T03:04:05.678Z',
    recordedAt: '2026-01-03T00:00:00.000Z',
    recordedBy: NW,
    position: 42,
    data: { eventId: 'A1B2C3D4-0000-4000-8000-000000000009', reason: 'typo' },
  };

  it('keeps its instants in milliseconds and the target of a retraction lower-cased', () => {
    expect(qualityEventOf(stored)).toEqual({
      eventId: stored.eventId,
      position: 42,
      type: 'event.retracted',
      occurredAt: Date.parse(stored.occurredAt),
      recordedAt: Date.parse(stored.recordedAt),
      recordedBy: NW,
      periodEnd: Date.parse('2026-02-01T00:00:00.000Z'),
      retracts: 'a1b2c3d4-0000-4000-8000-000000000009',
    });
  });

  it('marks charter.adopted as the ledger’s, whoever completed it', () => {
    const adopted = { ...stored, type: 'charter.adopted', data: { proposalId: 'p', version: 1 } };
    expect(qualityEventOf(adopted)).toMatchObject({ byLedger: true });
    expect(qualityEventOf(adopted)).not.toHaveProperty('retracts');
  });
});
