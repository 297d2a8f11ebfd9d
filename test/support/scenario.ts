import type { GoldenScenario } from '../../libs/kpis/src/testing/golden';
import { Fixtures, TestLedger, bearer } from './ledger';

/**
 * Posts a golden scenario through the API as its partners would: organizations, a partner key each, the
 * partnership, then every event with the key of the org that posted it. Returns the keys and the last
 * position.
 */
export async function postScenario(
  ledger: TestLedger,
  scenario: GoldenScenario,
): Promise<{ keys: Record<string, string>; lastPosition: number }> {
  const fx = new Fixtures(ledger);
  const keys: Record<string, string> = {};
  for (const org of scenario.organizations) {
    await fx.org(org.orgId, org.name);
    keys[org.orgId] = await fx.key('partner', org.orgId);
  }
  await fx.partnership(keys[scenario.partnership.partnerOrgIds[1]], scenario.partnership);
  let lastPosition = 0;
  for (const { postedBy, ...event } of scenario.events) {
    const res = await ledger.http
      .post(`/v1/partnerships/${scenario.partnership.partnershipId}/events`)
      .set(bearer(keys[postedBy]))
      .send(event);
    if (res.status !== 201)
      throw new Error(`posting ${event.type} failed: ${res.status} ${JSON.stringify(res.body)}`);
    lastPosition = res.body.events[0].position;
  }
  return { keys, lastPosition };
}
