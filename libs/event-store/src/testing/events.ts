import { randomUUID } from 'node:crypto';
import { NewEvent } from '../port';

export function newEvent(over: Partial<NewEvent> = {}): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'cost.incurred',
    occurredAt: '2026-01-10T09:00:00.000Z',
    recordedBy: 'northwind',
    data: { amount: '5000.00', category: 'mdf' },
    ...over,
  };
}

export const newEvents = (n: number, over: Partial<NewEvent> = {}) =>
  Array.from({ length: n }, () => newEvent(over));

export const streamName = (prefix = 's') => `${prefix}-${randomUUID().slice(0, 8)}`;
