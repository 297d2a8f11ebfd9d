import { posted } from './dashboard-disputes-world';
import { DashboardWorld } from './dashboard-world';
import { Fixtures, TestLedger } from './ledger';

interface Posted {
  readonly eventId: string;
  readonly type: string;
  readonly position: number;
}

export interface QualityWorld extends DashboardWorld {
  /** Adatum x Litware, whose charter expects a monthly cost from each side (members in this order). */
  readonly qualityId: string;
  readonly partners: { readonly adatum: string; readonly litware: string };
  /** The first instant of each of its seven months, oldest first: months[6] is last month. */
  readonly months: readonly string[];
  /** The end of months[5], the last month anything occurred in (its last millisecond). */
  readonly lastReported: string;
  /** Adatum's milestone, due in months[3] and never hit. */
  readonly milestone: { readonly eventId: string; readonly position: number; readonly dueDate: string };
  /** Every event posted but the formation and the charter's, in ledger order. */
  readonly events: readonly Posted[];
  /** Adatum's duplicate cost, which it retracted. */
  readonly retracted: string;
  /** The day (UTC) the world was recorded: every event's recordedAt. */
  readonly recordedOn: string;
}

/** Joint revenue won in months[0..5]: API.md's anomaly example in thousands, [10, 11, 12, 11, 10, 30]. */
export const REVENUE = ['10000.00', '11000.00', '12000.00', '11000.00', '10000.00', '30000.00'];
/** The months (index into months) in which Litware records no cost. */
export const LITWARE_SKIPS = [3, 5];

/**
 * The data-quality world, on top of the dashboard's: Adatum x Litware, started at the start of the month
 * seven months before this one, every event of it back-dated (recorded now, as a partner catching up
 * does, so each restates a month closed weeks ago), nothing at all in last month. Litware forms it,
 * registers a deal each month (won by Adatum that month, for REVENUE) and records a cost each month
 * but two; Adatum records a cost each month, once twice by mistake (then retracted), and plans a
 * milestone it never hits. A charter (Adatum proposes, Litware approves, effective from the start)
 * expects a monthly cost.incurred from each partner and puts joint_revenue on the scorecard.
 */
export async function qualityWorld(ledger: TestLedger, world: DashboardWorld): Promise<QualityWorld> {
  const fx = new Fixtures(ledger);
  await fx.org('adatum', 'Adatum');
  await fx.org('litware', 'Litware');
  const adatum = await fx.key('partner', 'adatum');
  const litware = await fx.key('partner', 'litware');
  const months = [7, 6, 5, 4, 3, 2, 1].map((back) => monthStart(back));
  const id = await fx.partnership(litware, {
    partnershipId: 'adatum-litware',
    name: 'Adatum x Litware field services',
    type: 'strategic_alliance',
    partnerOrgIds: ['adatum', 'litware'],
    currency: 'EUR',
    startedAt: months[0],
  });
  await adoptCharter(ledger, id, adatum, litware, months[0]);
  const path = `/v1/partnerships/${id}/events`;
  const events: Posted[] = [];
  const post = async (key: string, batch: object[]) => {
    const answer: { events: Posted[] } = await posted(ledger, key, path, { events: batch });
    events.push(...answer.events.map(({ eventId, type, position }) => ({ eventId, type, position })));
    return answer.events;
  };
  const dueDate = at(months[3], 15);
  const [planned] = await post(adatum, [
    {
      type: 'milestone.planned',
      occurredAt: at(months[0], 2),
      data: { milestoneId: 'M-go-live', title: 'Field app go-live', dueDate },
    },
  ]);
  let retracted = '';
  for (const [i, amount] of REVENUE.entries()) {
    const deal = `fs-${i + 1}`;
    const registered = {
      type: 'deal.registered',
      occurredAt: at(months[i], 3),
      data: { dealId: deal, customerId: `c-${deal}`, amount, source: 'partner_sourced' },
    };
    const litwareCost = LITWARE_SKIPS.includes(i) ? [] : [cost('5000.00', at(months[i], 5))];
    await post(litware, [registered, ...litwareCost]);
    const won = { type: 'deal.won', occurredAt: at(months[i], 20), data: { dealId: deal, amount } };
    const mine = await post(adatum, [won, cost('3000.00', at(months[i], 6))]);
    if (i === 1) {
      const [twice] = await post(adatum, [cost('3000.00', at(months[i], 6))]);
      retracted = twice.eventId;
      const reason = `the cost of ${mine[1].eventId} posted twice`;
      const retraction = { eventId: twice.eventId, reason };
      await post(adatum, [{ type: 'event.retracted', occurredAt: at(months[i], 7), data: retraction }]);
    }
  }
  return {
    ...world,
    qualityId: id,
    partners: { adatum, litware },
    months,
    lastReported: new Date(Date.parse(months[6]) - 1).toISOString(),
    milestone: { eventId: planned.eventId, position: planned.position, dueDate },
    events,
    retracted,
    recordedOn: new Date().toISOString().slice(0, 10),
  };
}

/** The first instant of the month `back` months before this one, UTC. */
function monthStart(back: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString();
}

/** 09:00 UTC on `day` of the month starting at `start`. */
function at(start: string, day: number): string {
  const d = new Date(start);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), day, 9)).toISOString();
}

const cost = (amount: string, occurredAt: string) => ({
  type: 'cost.incurred',
  occurredAt,
  data: { amount, category: 'salaries' },
});

/** The charter: a monthly cost.incurred expected from each partner, joint_revenue on the scorecard. */
async function adoptCharter(
  ledger: TestLedger,
  id: string,
  proposer: string,
  approver: string,
  from: string,
) {
  const charter = {
    scorecard: [{ kpiId: 'joint_revenue' }],
    dataQuality: {
      expected: [{ type: 'cost.incurred', every: 'month', fromEachPartner: true }],
      lateAfterDays: 7,
    },
  };
  const proposals = `/v1/partnerships/${id}/charter/proposals`;
  const proposed = await posted(ledger, proposer, proposals, { charter, effectiveFrom: from });
  await posted(ledger, approver, `${proposals}/${proposed.proposalId}/approvals`, {
    definitionHash: proposed.definitionHash,
  });
}
