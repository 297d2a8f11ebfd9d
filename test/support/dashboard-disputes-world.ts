import { DashboardWorld } from './dashboard-world';
import { TestLedger, bearer } from './ledger';

/** Scenario A's events the disputes are about (test/golden/scenario-a.json). */
const SALARIES = 'b5500038-14cc-5514-b243-9a11d3167aca'; // northwind's cost.incurred, 8000.00, February
const MDF = 'faeb90cb-7748-5051-a9b8-d94e3fa3df7c'; // northwind's cost.incurred, 5000.00, January
const LEAD_L2 = '737dfbc4-89bd-5625-a5a8-0dec1d2a66e8'; // contoso's unqualified lead
const HEALTHCARE = 'f1b0f804-5964-5ed6-ab79-ccc92f900216'; // contoso's market.entered

export interface DisputesWorld extends DashboardWorld {
  readonly disputes: {
    /** Open, on Northwind's February salaries (cost.incurred), with a comment from each side. */
    readonly onEvent: string;
    /** Open, on win_rate's figure for March, with a resolution proposed and not yet accepted. */
    readonly onFigure: string;
    /** Upheld with retract: Northwind's January MDF (5,000.00) is retracted with it. */
    readonly upheld: string;
    readonly rejected: string;
    readonly withdrawn: string;
  };
  /** The ledger's position just before the first dispute was opened. */
  readonly beforeDisputes: number;
}

/**
 * The disputes' world, on top of the dashboard's (its own ledger, so the other views' figures are
 * untouched): disputes of Northwind x Contoso in each state, written through the dispute routes as
 * partners write them.
 */
export async function disputesWorld(ledger: TestLedger, world: DashboardWorld): Promise<DisputesWorld> {
  const { disputes, firstPosition } = await seedDisputes(ledger, world);
  return { ...world, disputes, beforeDisputes: firstPosition - 1 };
}

async function seedDisputes(ledger: TestLedger, world: DashboardWorld) {
  const { northwind, contoso } = world.keys;
  const base = `/v1/partnerships/${world.partnershipId}/disputes`;
  const post = (key: string, path: string, body: object = {}) => posted(ledger, key, path, body);
  const opened: { disputeId: string; position: number }[] = [];
  const open = async (key: string, subject: object, reason: string, requestedRemedy: string) => {
    opened.push(await post(key, base, { subject, reason, requestedRemedy }));
    return opened.at(-1)!.disputeId;
  };

  const onEvent = await open(contoso, { eventId: SALARIES }, 'February salaries are booked twice', 'retract');
  await post(northwind, `${base}/${onEvent}/comments`, { comment: 'Our payroll export shows one payment.' });
  await post(contoso, `${base}/${onEvent}/comments`, { comment: 'Ours shows it in January as well.' });

  const figure = { kpiId: 'win_rate', periodStart: '2026-03-01T00:00:00Z' };
  const onFigure = await open(northwind, figure, 'A2 was lost to a budget freeze, not to a rival', 'explain');
  await post(contoso, `${base}/${onFigure}/resolution`, {
    outcome: 'rejected',
    resolution: 'A lost deal counts, whatever the reason, as the catalogue defines the win rate.',
  });

  const upheld = await open(
    contoso,
    { eventId: MDF },
    'The MDF was paid by Contoso, not Northwind',
    'retract',
  );
  await post(northwind, `${base}/${upheld}/resolution`, {
    outcome: 'upheld',
    resolution: 'Right: the invoice is Contoso’s. Retracted.',
    retract: true,
  });
  await post(contoso, `${base}/${upheld}/acceptance`);

  const rejected = await open(northwind, { eventId: LEAD_L2 }, 'L2 never reached us', 'correct');
  await post(contoso, `${base}/${rejected}/resolution`, {
    outcome: 'rejected',
    resolution: 'L2 was sent on 4 January; the mail is attached to our CRM record.',
  });
  await post(northwind, `${base}/${rejected}/acceptance`);

  const withdrawn = await open(
    northwind,
    { eventId: HEALTHCARE },
    'Healthcare is not a new market',
    'explain',
  );
  await post(northwind, `${base}/${withdrawn}/withdrawal`);
  const disputes: DisputesWorld['disputes'] = { onEvent, onFigure, upheld, rejected, withdrawn };
  return { disputes, firstPosition: opened[0].position };
}

/** A write the world needs: 201, or the test stops naming what the API said. */
export async function posted(ledger: TestLedger, key: string, path: string, body: object): Promise<any> {
  const res = await ledger.http.post(path).set(bearer(key)).send(body);
  if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
