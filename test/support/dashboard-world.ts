import { sign } from 'node:crypto';
import { headBytes } from '@ledger/verification';
import { loadGolden } from '../../libs/kpis/src/testing/golden';
import { ADMIN_KEY, Fixtures, TestLedger, bearer, witnessKey } from './ledger';
import { postScenario } from './scenario';

const scenario = loadGolden('scenario-a');

export interface DashboardWorld {
  readonly partnershipId: string;
  readonly otherPartnershipId: string;
  readonly keys: {
    northwind: string;
    contoso: string;
    fabrikam: string;
    governance: string;
    auditor: string;
    admin: string;
  };
  /** The ledger position after the scenario's events, before the charter: a past "what we knew". */
  readonly scenarioPosition: number;
  /** The position the partnership's current figures reflect. */
  readonly figuresPosition: number;
  /** The ledger's size at the end, whose head Northwind countersigned. */
  readonly treeSize: number;
  readonly openProposalId: string;
}

/**
 * The dashboard's world, written through the API as partners would: scenario A (Northwind × Contoso, its
 * golden events), a charter both adopt (targets on joint revenue, win rate and ROI), a second proposal
 * left open, a second partnership Northwind cannot see (Fabrikam × Tailspin), and Northwind's
 * countersignature on the head its figures belong to.
 */
export async function dashboardWorld(ledger: TestLedger): Promise<DashboardWorld> {
  const fx = new Fixtures(ledger);
  const http = ledger.http;
  const { keys, lastPosition } = await postScenario(ledger, scenario);
  const id = scenario.partnership.partnershipId;
  const charter = {
    scorecard: [
      { kpiId: 'joint_revenue', target: 60000, weight: 2, owners: { northwind: 'Ana', contoso: 'Ben' } },
      { kpiId: 'win_rate', target: 70 },
      { kpiId: 'roi', target: 100 },
    ],
    attribution: { model: 'position_based', windowDays: 120 },
  };
  const proposals = `/v1/partnerships/${id}/charter/proposals`;
  const proposed = await http
    .post(proposals)
    .set(bearer(keys.northwind))
    .send({ charter, effectiveFrom: '2025-10-01T00:00:00Z' })
    .expect(201);
  await http
    .post(`${proposals}/${proposed.body.proposalId}/approvals`)
    .set(bearer(keys.contoso))
    .send({ definitionHash: proposed.body.definitionHash })
    .expect(201);
  const open = await http
    .post(proposals)
    .set(bearer(keys.contoso))
    .send({ charter: { ...charter, scorecard: [{ kpiId: 'joint_revenue', target: 80000 }] } })
    .expect(201);

  await fx.org('fabrikam');
  await fx.org('tailspin');
  const fabrikam = await fx.key('partner', 'fabrikam');
  const otherId = await fx.partnership(fabrikam, {
    partnershipId: 'fab-tail',
    name: 'Fabrikam x Tailspin',
    type: 'technology',
    partnerOrgIds: ['fabrikam', 'tailspin'],
    currency: 'USD',
    startedAt: '2026-01-01T00:00:00Z',
  });
  const governance = await fx.key('governance');
  const auditor = await fx.key('auditor');
  const figures = await http.get(`/v1/partnerships/${id}/kpis`).set(bearer(governance)).expect(200);
  const current = await http.get('/v1/ledger/head').set(bearer(governance)).expect(200);
  await countersign(ledger, keys.northwind, current.body.treeSize);
  return {
    partnershipId: id,
    otherPartnershipId: otherId,
    keys: {
      northwind: keys.northwind,
      contoso: keys.contoso,
      fabrikam,
      governance,
      auditor,
      admin: ADMIN_KEY,
    },
    scenarioPosition: lastPosition,
    figuresPosition: figures.body.position,
    treeSize: current.body.treeSize,
    openProposalId: open.body.proposalId,
  };
}

/** Northwind registers a witness key and countersigns the (issued) head of `treeSize`. */
async function countersign(ledger: TestLedger, key: string, treeSize: number): Promise<void> {
  const witness = witnessKey('northwind');
  const registered = await ledger.http
    .post('/v1/organizations/northwind/signing-keys')
    .set(bearer(key))
    .send(witness.registration)
    .expect(201);
  const head = await ledger.http.get(`/v1/ledger/heads/${treeSize}`).set(bearer(key)).expect(200);
  const signature = sign(null, headBytes(head.body), witness.privateKey).toString('base64');
  await ledger.http
    .post(`/v1/ledger/heads/${treeSize}/cosignatures`)
    .set(bearer(key))
    .send({ keyId: registered.body.keyId, signature })
    .expect(201);
}
