import fc from 'fast-check';
import { RuleViolation } from '../errors';
import { DomainEvent } from '../events/event';
import { ev, formed, record } from '../testing/given';
import { decide } from './decide';
import { evolve } from './evolve';
import { PartnershipState, initialState } from './state';

// Arbitrary attempts on a small id space so that collisions, closes and retractions happen often.
const key = fc.constantFrom('a', 'b', 'c');
const attempt = fc.oneof(
  key.map((k) => ({ kind: 'register' as const, k })),
  key.map((k) => ({ kind: 'win' as const, k })),
  key.map((k) => ({ kind: 'lose' as const, k })),
  key.map((k) => ({ kind: 'plan' as const, k })),
  key.map((k) => ({ kind: 'hit' as const, k })),
  key.map((k) => ({ kind: 'raise' as const, k })),
  key.map((k) => ({ kind: 'ack' as const, k })),
  key.map((k) => ({ kind: 'resolve' as const, k })),
  fc.constant({ kind: 'end' as const, k: '' }),
  fc.nat(40).map((n) => ({ kind: 'retract' as const, k: String(n) })),
);

type Attempt = { kind: string; k: string };

function toEvent(a: Attempt, history: DomainEvent[]): DomainEvent {
  switch (a.kind) {
    case 'register':
      return ev('deal.registered', {
        dealId: a.k,
        customerId: 'c',
        amount: '1.00',
        source: 'partner_sourced',
      });
    case 'win':
      return ev('deal.won', { dealId: a.k, amount: '1.00' });
    case 'lose':
      return ev('deal.lost', { dealId: a.k });
    case 'plan':
      return ev('milestone.planned', { milestoneId: a.k, title: 't', dueDate: '2026-01-01' });
    case 'hit':
      return ev('milestone.hit', { milestoneId: a.k });
    case 'raise':
      return ev('escalation.raised', { escalationId: a.k, severity: 'low', summary: 's' });
    case 'ack':
      return ev('escalation.acknowledged', { escalationId: a.k });
    case 'resolve':
      return ev('escalation.resolved', { escalationId: a.k });
    case 'end':
      return ev('partnership.ended', { reason: 'r' });
    default: {
      const target = history[Number(a.k) % history.length];
      return ev('event.retracted', { eventId: target.eventId, reason: 'r' });
    }
  }
}

const entities = (s: PartnershipState) =>
  s.status === 'none'
    ? null
    : {
        status: s.status,
        deals: s.deals.toJS(),
        milestones: s.milestones.toJS(),
        escalations: s.escalations.toJS(),
      };

describe('retraction', () => {
  it('leaves the decider state equal to a replay of the events that were not retracted', () => {
    fc.assert(
      fc.property(fc.array(attempt, { maxLength: 60 }), (attempts) => {
        const history: DomainEvent[] = [formed()];
        let state = evolve(initialState(), history[0]);
        for (const a of attempts) {
          const event = toEvent(a, history);
          try {
            decide(record(event), state);
          } catch (error) {
            if (error instanceof RuleViolation) continue;
            throw error;
          }
          history.push(event);
          state = evolve(state, event);
        }
        const retracted = new Set(
          history.flatMap((e) => (e.type === 'event.retracted' ? [e.data.eventId] : [])),
        );
        const replayed = history
          .filter((e) => !retracted.has(e.eventId) && e.type !== 'event.retracted')
          .reduce(evolve, initialState());
        expect(entities(state)).toEqual(entities(replayed));
      }),
      { numRuns: 300 },
    );
  });
});
