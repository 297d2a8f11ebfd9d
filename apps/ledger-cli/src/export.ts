import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { CliError, Client, LedgerEvent } from './client';
import { progress } from './progress';

/** What `ledger export` read: the events, and for a whole-ledger export the tree size it stops at. */
export interface Exported {
  readonly events: LedgerEvent[];
  /** The ledger's size when the export began (whole-ledger exports end exactly there). */
  readonly treeSize?: number;
}

/**
 * `ledger export`: every event the key may read, in position order. Auditor and admin keys read the
 * whole ledger, up to the size of the head when the export began; a partner key reads each of its
 * partnerships, and the streams are merged.
 *
 * Guarantees: positions are gap-free and versions gap-free per partnership (API.md), so every page is
 * checked to continue exactly where the last one ended; a server (or relay) whose pages skip a position
 * or a version, or end before the head or the partnership's version, fails the export with exit 1 and
 * nothing is written.
 */
export async function exportEvents(client: Client, fromPosition: number): Promise<Exported> {
  const { status } = await client.get<unknown>(`v1/events?fromPosition=${fromPosition}&limit=1`);
  if (status !== 200) return { events: await ownPartnerships(client, fromPosition) };
  const treeSize = (await client.ok<{ treeSize: number }>('v1/ledger/head')).treeSize;
  return { events: await wholeLedger(client, fromPosition, treeSize), treeSize };
}

async function wholeLedger(client: Client, fromPosition: number, treeSize: number): Promise<LedgerEvent[]> {
  const bar = progress('export', Math.max(0, treeSize - fromPosition + 1));
  const events: LedgerEvent[] = [];
  for (let next = fromPosition; next <= treeSize;) {
    const page = await client.ok<{ items: LedgerEvent[] }>(`v1/events?fromPosition=${next}&limit=1000`);
    const items = page.items.filter((e) => e.position <= treeSize);
    if (items.length === 0) break;
    for (const e of items) {
      if (e.position !== next) throw hole(`${span(next, e.position - 1)} missing from the server's pages`);
      events.push(e);
      next += 1;
    }
    bar.tick(items.length);
  }
  bar.done();
  const last = events.at(-1)?.position ?? fromPosition - 1;
  if (last < treeSize) {
    throw hole(
      `${span(last + 1, treeSize)} missing: the server's pages end at ${last}, its head has ${treeSize}`,
    );
  }
  return events;
}

async function ownPartnerships(client: Client, fromPosition: number): Promise<LedgerEvent[]> {
  const { items } = await client.ok<{ items: { partnershipId: string; version: number }[] }>(
    'v1/partnerships',
  );
  const bar = progress(
    'export',
    items.reduce((n, p) => n + p.version, 0),
  );
  const events: LedgerEvent[] = [];
  for (const p of items) {
    const stream = await partnershipEvents(client, p.partnershipId, p.version, (n) => bar.tick(n));
    events.push(...stream.filter((e) => e.position >= fromPosition));
  }
  bar.done();
  return events.sort((a, b) => a.position - b.position);
}

/** Every event of one partnership, versions 1 to at least `version` (its version when listed). */
async function partnershipEvents(
  client: Client,
  id: string,
  version: number,
  tick: (n: number) => void,
): Promise<LedgerEvent[]> {
  const events: LedgerEvent[] = [];
  const path = `v1/partnerships/${encodeURIComponent(id)}/events`;
  for (let next = 1; ;) {
    const page = await client.ok<{ items: LedgerEvent[] }>(`${path}?fromVersion=${next}&limit=1000`);
    if (page.items.length === 0) break;
    for (const e of page.items) {
      if (e.partnershipId !== id)
        throw hole(`the server's page of ${id} holds an event of ${e.partnershipId}`);
      if (e.version !== next) {
        throw hole(`${id} ${versions(next, e.version - 1)} missing from the server's pages`);
      }
      events.push(e);
      next += 1;
    }
    tick(page.items.length);
  }
  const last = events.length;
  if (last < version) {
    throw hole(
      `${id} ${versions(last + 1, version)} missing: the server's pages end at ${last}, it lists ${version}`,
    );
  }
  return events;
}

/** The server's answers contradict the ledger's rules (gap-free positions and versions): exit 1. */
function hole(message: string): CliError {
  const says = `the export is incomplete: ${message} (a relay dropping events?); nothing was written`;
  return new CliError(says, 1);
}

export const span = (from: number, to: number) =>
  from === to ? `position ${from}` : `positions ${from}–${to}`;
export const versions = (from: number, to: number) =>
  from === to ? `version ${from}` : `versions ${from}–${to}`;

export async function readExport(file: string): Promise<LedgerEvent[]> {
  const events: LedgerEvent[] = [];
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line += 1;
      if (text.trim() === '') continue;
      events.push(JSON.parse(text) as LedgerEvent);
    }
  } catch (error) {
    throw new CliError(`${file}:${line}: ${(error as Error).message}`);
  }
  return events.sort((a, b) => a.position - b.position);
}
