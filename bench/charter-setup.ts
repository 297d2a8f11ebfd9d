import { setTimeout as sleep } from 'node:timers/promises';
import { ApiProcess } from './api-process';

/** What setting a ledger up needs of the API: its calls (the dashboard benchmark's embedded API too). */
type Api = Pick<ApiProcess, 'call'>;
import { CatalogueEntry } from './charter-doc';
import { GeneratedEvent, ORGS, STARTED_AT } from './partnership-events';

/**
 * The charter benchmark's ledger, written through the real routes: three member orgs with a partner key
 * each, partnerships formed by the first org, events posted in batches of 1000 (each batch by one org in
 * turn), a charter proposed by the first org and approved by the others, and the read models awaited.
 */
export type Keys = readonly string[];
const BATCH = 1000;

export async function memberKeys(api: Api): Promise<Keys> {
  const keys: string[] = [];
  for (const orgId of ORGS) {
    await api.call('POST', '/v1/organizations', { orgId, name: orgId });
    keys.push((await api.call('POST', '/v1/api-keys', { role: 'partner', orgId })).body.key as string);
  }
  return keys;
}

export async function partnership(api: Api, keys: Keys, partnershipId: string): Promise<void> {
  const body = {
    partnershipId,
    name: partnershipId,
    type: 'strategic_alliance',
    partnerOrgIds: [...ORGS],
    currency: 'EUR',
    startedAt: STARTED_AT,
  };
  await api.call('POST', '/v1/partnerships', body, keys[0]);
}

/** Posts the events in batches of 1000; the ledger position of the last one. */
export async function post(api: Api, keys: Keys, id: string, events: readonly GeneratedEvent[]) {
  let position = 0;
  for (let at = 0; at < events.length; at += BATCH) {
    const batch = { events: events.slice(at, at + BATCH) };
    const key = keys[(at / BATCH) % keys.length];
    const answer = await api.call('POST', `/v1/partnerships/${id}/events`, batch, key);
    position = (answer.body.events as { position: number }[]).at(-1)!.position;
  }
  return position;
}

export async function catalogue(api: Api, key: string): Promise<CatalogueEntry[]> {
  return (await api.call('GET', '/v1/kpi-catalogue', undefined, key)).body.items as CatalogueEntry[];
}

/** Proposed by the first org, approved by the others: adopted as version 1. The position of the adoption. */
export async function adopt(api: Api, keys: Keys, id: string, charter: object): Promise<number> {
  const path = `/v1/partnerships/${id}/charter/proposals`;
  const proposed = (await api.call('POST', path, { charter, effectiveFrom: STARTED_AT }, keys[0])).body as {
    proposalId: string;
    definitionHash: string;
  };
  let last: Record<string, unknown> = {};
  for (const key of keys.slice(1)) {
    const body = { definitionHash: proposed.definitionHash };
    last = (await api.call('POST', `${path}/${proposed.proposalId}/approvals`, body, key)).body;
  }
  if (last.state !== 'adopted') throw new Error(`the charter was not adopted: ${JSON.stringify(last)}`);
  const versions = await api.call('GET', `/v1/partnerships/${id}/charter/versions`, undefined, keys[0]);
  return (versions.body.items as { position: number }[]).at(-1)!.position;
}

/** Waits until the read models have applied `position` (minPosition: 503 past 5 s, so asked again). */
export async function projected(api: Api, key: string, id: string, position: number): Promise<void> {
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    const answered = await api
      .call('GET', `/v1/partnerships/${id}/kpis?minPosition=${position}`, undefined, key)
      .then(() => true)
      .catch((error: unknown) => {
        if (!String(error).includes(': 503') || Date.now() > deadline) throw error;
        return false;
      });
    if (answered) return;
    await sleep(500);
  }
}
