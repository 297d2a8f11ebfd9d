import { DomainEvent, DomainEventOf } from '../events/event';
import { EventData, EventType } from '../events/schemas';
import { PartnershipCommand, decide } from '../partnership/decide';
import { evolve } from '../partnership/evolve';
import { PartnershipState, initialState } from '../partnership/state';

/** given(events).when(command).then(events) — the decider's specification form. */
export function given(...history: DomainEvent[]) {
  const state = history.reduce<PartnershipState>(evolve, initialState());
  return {
    state,
    when(command: PartnershipCommand) {
      const run = () => decide(command, state);
      return {
        then: (expected: DomainEvent[]) => expect(run()).toEqual(expected),
        thenRejects: (code: string, kind: 'conflict' | 'invalid' | 'not_found' | 'forbidden' = 'conflict') =>
          expect(run).toThrow(expect.objectContaining({ code, kind })),
        thenInvalid: (path: string) =>
          expect(run).toThrow(
            expect.objectContaining({ kind: 'invalid', errors: [expect.objectContaining({ path })] }),
          ),
      };
    },
  };
}

let counter = 0;
export function nextId(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
}

export function ev<T extends EventType>(
  type: T,
  data: EventData<T>,
  over: Partial<DomainEventOf<T>> = {},
): DomainEventOf<T> {
  return {
    eventId: nextId(),
    type,
    occurredAt: '2026-01-05T10:00:00.000Z',
    recordedBy: 'contoso',
    data,
    ...over,
  };
}

export function formed(): DomainEventOf<'partnership.formed'> {
  return ev('partnership.formed', {
    name: 'Northwind x Contoso',
    type: 'reseller',
    partnerOrgIds: ['northwind', 'contoso'],
    currency: 'EUR',
    startedAt: '2025-10-01T00:00:00.000Z',
  });
}

export const record = (event: DomainEvent): PartnershipCommand => ({ type: 'RecordEvent', event });
