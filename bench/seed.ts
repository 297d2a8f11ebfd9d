import { randomUUID } from 'node:crypto';
import { NewEvent, PostgresEventStore } from '@ledger/event-store';

/**
 * A synthetic ledger for benchmarks: `partnerships` partnerships and `events` events in all, appended in
 * batches of 1000 straight through the store. The mix touches every kind of KPI fact: deals that are
 * won and lost, costs, surveys, leads, engagements, milestones, escalations, and a few retractions.
 */
export async function seedLedger(
  store: PostgresEventStore,
  partnerships: number,
  events: number,
): Promise<string[]> {
  const ids = Array.from({ length: partnerships }, (_, i) => `bench-${i}`);
  for (const id of ids) {
    await store.append(id, [
      ev('partnership.formed', '2025-01-01T00:00:00.000Z', {
        name: id,
        type: 'reseller',
        partnerOrgIds: ['acme', 'globex'],
        currency: 'EUR',
        startedAt: '2025-01-01T00:00:00.000Z',
      }),
    ]);
  }
  const perPartnership = Math.floor((events - partnerships) / partnerships);
  for (let offset = 0; offset < perPartnership; offset += 1000) {
    for (const id of ids) {
      const count = Math.min(1000, perPartnership - offset);
      const batch = Array.from({ length: count }, (_, k) => eventFor(offset + k));
      fixRetractions(batch);
      await store.append(id, batch);
    }
  }
  return ids;
}

function ev(type: string, occurredAt: string, data: Record<string, unknown>): NewEvent {
  return { eventId: randomUUID(), type, occurredAt, recordedBy: 'acme', data };
}

function eventFor(n: number): NewEvent {
  const day = new Date(Date.UTC(2025, 0, 1) + (n % 600) * 86_400_000).toISOString();
  const deal = `D${Math.floor(n / 10)}`;
  switch (n % 10) {
    case 0:
      return ev('deal.registered', day, {
        dealId: deal,
        customerId: `c${n}`,
        amount: `${1000 + (n % 997)}.50`,
        source: n % 3 === 0 ? 'direct' : 'partner_sourced',
      });
    case 1:
      return ev(
        n % 20 < 10 ? 'deal.won' : 'deal.lost',
        day,
        n % 20 < 10 ? { dealId: deal, amount: `${2000 + (n % 991)}.00` } : { dealId: deal },
      );
    case 2:
      return ev('cost.incurred', day, { amount: `${100 + (n % 89)}.25`, category: 'mdf' });
    case 3:
      return ev('survey.answered', day, {
        surveyId: `s${n}`,
        respondent: n % 2 ? 'partner' : 'customer',
        metric: 'nps',
        score: n % 11,
      });
    case 4:
      return ev('lead.generated', day, { leadId: `L${n}`, channel: 'partner', qualified: n % 3 === 0 });
    case 5:
      return ev('engagement.logged', day, { activity: 'co_selling', durationMinutes: 60 });
    case 6:
      return ev('milestone.planned', day, { milestoneId: `M${n}`, title: 'm', dueDate: day.slice(0, 10) });
    case 7:
      return ev('escalation.raised', day, { escalationId: `E${n}`, severity: 'low', summary: 's' });
    case 8:
      return ev('customer.acquired', day, { customerId: `c${n}`, channel: 'partner' });
    default:
      return ev('event.retracted', day, { eventId: '', reason: 'correction' });
  }
}

/** Each retraction names the cost.incurred six events before it in the same batch. */
function fixRetractions(batch: NewEvent[]): void {
  batch.forEach((e, i) => {
    if (e.type === 'event.retracted') {
      const target = batch[i - 7];
      (e as { data: Record<string, unknown> }).data = {
        eventId: target && target.type === 'cost.incurred' ? target.eventId : batch[0].eventId,
        reason: 'correction',
      };
    }
  });
}
