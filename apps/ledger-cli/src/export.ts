import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { CliError, Client, LedgerEvent } from './client';
import { progress } from './progress';

/**
 * `ledger export`: every event the key may read, as NDJSON in position order. Auditor and admin keys
 * read the whole ledger; a partner key reads each of its partnerships and the streams are merged.
 */
export async function exportEvents(client: Client, fromPosition: number, out: Writable): Promise<number> {
  const { status } = await client.get<unknown>(`v1/events?fromPosition=${fromPosition}&limit=1`);
  const events = status === 200 ? await wholeLedger(client, fromPosition) : await ownPartnerships(client, fromPosition);
  for (const e of events) out.write(`${JSON.stringify(e)}\n`);
  return events.length;
}

async function wholeLedger(client: Client, fromPosition: number): Promise<LedgerEvent[]> {
  const head = (await client.ok<{ treeSize: number }>('v1/ledger/head')).treeSize;
  const bar = progress('export', Math.max(0, head - fromPosition + 1));
  const events: LedgerEvent[] = [];
  for (let next = fromPosition; ; ) {
    const page = await client.ok<{ items: LedgerEvent[]; nextPosition: number }>(`v1/events?fromPosition=${next}&limit=1000`);
    if (page.items.length === 0) break;
    events.push(...page.items);
    bar.tick(page.items.length);
    next = page.nextPosition;
  }
  bar.done();
  return events;
}

async function ownPartnerships(client: Client, fromPosition: number): Promise<LedgerEvent[]> {
  const { items } = await client.ok<{ items: { partnershipId: string; version: number }[] }>('v1/partnerships');
  const bar = progress('export', items.reduce((n, p) => n + p.version, 0));
  const events: LedgerEvent[] = [];
  for (const p of items) {
    for (let next = 1; ; ) {
      const page = await client.ok<{ items: LedgerEvent[]; nextVersion: number }>(`v1/partnerships/${encodeURIComponent(p.partnershipId)}/events?fromVersion=${next}&limit=1000`);
      if (page.items.length === 0) break;
      events.push(...page.items.filter((e) => e.position >= fromPosition));
      bar.tick(page.items.length);
      next = page.nextVersion;
    }
  }
  bar.done();
  return events.sort((a, b) => a.position - b.position);
}

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

export function openOutput(file: string | undefined): Writable {
  return file ? createWriteStream(file) : process.stdout;
}
