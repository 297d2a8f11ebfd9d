import fc from 'fast-check';
import { DomainEvent } from '../events/event';
import { decide } from '../partnership/decide';
import { evolve } from '../partnership/evolve';
import { PartnershipState, initialState } from '../partnership/state';
import { ev, formed, given, record } from '../testing/given';
import { CharterDocument } from './document';
import { governanceAt } from './governance';
import { chairAt, charterInForce } from './in-force';
import { checkCharter } from './validate';
import { changesBetween } from './diff';
import { DEFAULT_CHARTER, withDefaults } from './document';

/** The rules of the charter (API.md, "Charter") in given/when/then form, and its properties. */
const HASH = 'a'.repeat(64);
const OTHER = 'b'.repeat(64);
const proposed = (proposalId: string, by = 'northwind', charter: CharterDocument = {}, extra = {}) =>
  ev(
    'charter.proposed',
    { proposalId, baseVersion: 0, charter, definitionHash: HASH, ...extra },
    { recordedBy: by },
  );
const approved = (proposalId: string, by: string, definitionHash = HASH) =>
  ev('charter.approved', { proposalId, definitionHash }, { recordedBy: by });
const adoption = (event: DomainEvent) => ({
  type: 'RecordEvent' as const,
  event,
  adoptionEventId: 'adopt-1',
});

describe('charter proposals', () => {
  it('Given a proposal by northwind, when contoso approves the same hash, then version 1 is adopted with it', () => {
    const p = proposed('p1');
    const approval = approved('p1', 'contoso');
    given(formed(), p)
      .when(adoption(approval))
      .then([
        approval,
        {
          eventId: 'adopt-1',
          type: 'charter.adopted',
          occurredAt: approval.occurredAt,
          recordedBy: 'contoso',
          data: { proposalId: 'p1', version: 1, definitionHash: HASH, effectiveFrom: approval.occurredAt },
        },
      ]);
  });

  it('Given a proposal, when the proposer approves again, then already_approved', () => {
    given(formed(), proposed('p1'))
      .when(adoption(approved('p1', 'northwind')))
      .thenRejects('already_approved');
  });

  it('Given a proposal, when another hash is approved, then definition_hash_mismatch', () => {
    given(formed(), proposed('p1'))
      .when(adoption(approved('p1', 'contoso', OTHER)))
      .thenRejects('definition_hash_mismatch');
  });

  it('Given version 1 adopted, when a proposal based on version 0 is approved, then charter_superseded', () => {
    const adopted = ev('charter.adopted', {
      proposalId: 'p1',
      version: 1,
      definitionHash: HASH,
      effectiveFrom: '2026-01-01T00:00:00.000Z',
    });
    given(formed(), proposed('p1'), proposed('p2', 'contoso'), approved('p1', 'contoso'), adopted)
      .when(adoption(approved('p2', 'northwind')))
      .thenRejects('charter_superseded');
  });

  it('Given version 1 adopted, when a new charter is proposed, then the decider stamps base version 1', () => {
    const adopted = ev('charter.adopted', {
      proposalId: 'p1',
      version: 1,
      definitionHash: HASH,
      effectiveFrom: '2026-01-01T00:00:00.000Z',
    });
    const p = proposed('p2', 'contoso');
    given(formed(), proposed('p1'), approved('p1', 'contoso'), adopted)
      .when(record(p))
      .then([{ ...p, data: { ...p.data, baseVersion: 1 } }]);
  });

  it('Given a withdrawn proposal, when it is approved, then proposal_closed', () => {
    const withdrawn = ev('charter.withdrawn', { proposalId: 'p1' }, { recordedBy: 'northwind' });
    given(formed(), proposed('p1'), withdrawn)
      .when(adoption(approved('p1', 'contoso')))
      .thenRejects('proposal_closed');
  });

  it('Given an adopted charter in force, when a target is set in its time, then governed_by_charter', () => {
    const adopted = ev('charter.adopted', {
      proposalId: 'p1',
      version: 1,
      definitionHash: HASH,
      effectiveFrom: '2026-01-01T00:00:00.000Z',
    });
    const target = (occurredAt: string) =>
      ev('target.set', { kpiId: 'roi', target: 10 }, { occurredAt, recordedBy: 'northwind' });
    const history = [formed(), proposed('p1'), approved('p1', 'contoso'), adopted];
    given(...history)
      .when(record(target('2026-02-01T00:00:00.000Z')))
      .thenRejects('governed_by_charter');
    const before = target('2025-12-01T00:00:00.000Z');
    given(...history)
      .when(record(before))
      .then([before]);
  });
});

const fold = (events: DomainEvent[]) =>
  events.reduce<PartnershipState>((s, e, i) => evolve(s, e, i + 1), initialState());

describe('the version in force and the chair', () => {
  it('Given versions effective in January and March, then each instant has the highest one in force', () => {
    const adopted = (version: number, proposalId: string, effectiveFrom: string) =>
      ev('charter.adopted', { proposalId, version, definitionHash: HASH, effectiveFrom });
    const s = fold([
      formed(),
      proposed('p1', 'northwind', { dealProtectionDays: 5 }),
      approved('p1', 'contoso'),
      adopted(1, 'p1', '2026-01-01T00:00:00.000Z'),
      proposed('p2', 'northwind', { dealProtectionDays: 9 }),
      approved('p2', 'contoso'),
      adopted(2, 'p2', '2026-03-01T00:00:00.000Z'),
    ]);
    if (s.status === 'none') throw new Error('not formed');
    const at = (iso: string) => charterInForce(s.governance, Date.parse(iso));
    expect(at('2025-12-31T23:59:59Z').version).toBe(0);
    expect(at('2026-02-01T00:00:00Z')).toMatchObject({ version: 1, charter: { dealProtectionDays: 5 } });
    expect(at('2026-03-01T00:00:00Z')).toMatchObject({ version: 2, charter: { dealProtectionDays: 9 } });
    // Ledger time: at position 4 only the first adoption was known.
    const early = governanceAt(s.governance.log, 4);
    expect(charterInForce(early, Date.parse('2026-04-01T00:00:00Z')).version).toBe(1);
    // Quarters from Q1 2026: contoso chairs Q1, northwind Q2, contoso Q3 (sorted by orgId).
    const chair = (iso: string) => chairAt(s.governance, ['northwind', 'contoso'], Date.parse(iso))?.orgId;
    expect([chair('2025-12-01T00:00:00Z'), chair('2026-02-01T00:00:00Z')]).toEqual([undefined, 'contoso']);
    expect([chair('2026-05-01T00:00:00Z'), chair('2026-08-01T00:00:00Z')]).toEqual(['northwind', 'contoso']);
  });
});

describe('reviews and the chair', () => {
  const adopted = (version: number, proposalId: string, effectiveFrom: string) =>
    ev('charter.adopted', { proposalId, version, definitionHash: HASH, effectiveFrom });
  const history = [
    formed(),
    proposed('p1'),
    approved('p1', 'contoso'),
    adopted(1, 'p1', '2026-04-01T00:00:00.000Z'),
    proposed('p2', 'northwind', {}, { baseVersion: 1 }),
    approved('p2', 'contoso'),
    // Version 2 is backdated before version 1: the rotation still starts with version 1's quarter.
    adopted(2, 'p2', '2026-01-01T00:00:00.000Z'),
  ];

  it('Given a backdated version 2, then the chair rotation still counts from the first adopted version', () => {
    const s = fold(history);
    if (s.status === 'none') throw new Error('not formed');
    const chair = (iso: string) => chairAt(s.governance, ['northwind', 'contoso'], Date.parse(iso))?.orgId;
    expect([chair('2026-04-15T00:00:00Z'), chair('2026-07-15T00:00:00Z')]).toEqual(['contoso', 'northwind']);
    expect(chair('2026-02-01T00:00:00Z')).toBeUndefined();
  });

  it('Given the chair, when a review names one actionId twice, then 400 naming the second', () => {
    const action = { title: 'T', ownerOrgId: 'contoso', dueDate: '2026-06-01' };
    const review = ev(
      'review.held',
      {
        reviewId: 'r1',
        periodStart: '2026-04-01',
        summary: 'Q2',
        actions: [
          { actionId: 'a1', ...action },
          { actionId: 'a1', ...action },
        ],
      },
      { recordedBy: 'contoso', occurredAt: '2026-04-02T00:00:00.000Z' },
    );
    given(...history)
      .when(record(review))
      .thenInvalid('actions[1].actionId');
  });
});

describe('charter properties', () => {
  const members = ['northwind', 'contoso', 'fabrikam'];

  it('adoption needs every member: for any subset and order of approvals, adopted iff all approved', () => {
    const f = formed();
    const three = { ...f, data: { ...f.data, partnerOrgIds: members } };
    fc.assert(
      fc.property(fc.shuffledSubarray(['contoso', 'fabrikam']), (approvers) => {
        let state = fold([three, proposed('p1')]);
        const decided: DomainEvent[] = [];
        for (const org of approvers) {
          const events = decide(adoption(approved('p1', org)), state);
          decided.push(...events);
          state = events.reduce((s, e) => evolve(s, e), state);
        }
        const adoptions = decided.filter((e) => e.type === 'charter.adopted');
        expect(adoptions).toHaveLength(approvers.length === 2 ? 1 : 0);
        expect(state.status !== 'none' && state.governance.versions.length).toBe(adoptions.length);
      }),
    );
  });

  it('checkCharter returns the document as given and the defaults fill every field', () => {
    const doc = { dealProtectionDays: 3, attribution: { model: 'first_touch' as const } };
    expect(checkCharter(doc, members)).toBe(doc);
    expect(withDefaults(doc)).toEqual({
      ...DEFAULT_CHARTER,
      dealProtectionDays: 3,
      attribution: { model: 'first_touch', windowDays: 180, halfLifeDays: 7 },
    });
    expect(changesBetween(DEFAULT_CHARTER, DEFAULT_CHARTER)).toEqual([]);
  });
});
