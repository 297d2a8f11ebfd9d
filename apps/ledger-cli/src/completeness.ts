import { SignedTreeHead, fromHex, leafHash, verifyInclusion } from '@ledger/verification';
import { CliError, Client, LedgerEvent } from './client';
import { span, versions } from './export';

/**
 * Is an export all the events it must hold at a signed head? Positions are gap-free, and versions are
 * gap-free per partnership (API.md), so a hole is evidence, not an accident.
 *
 * Guarantees (each failure exits 1, naming the hole):
 * - a whole-ledger (auditor's) export holds every position from..T of the head it is checked against,
 *   each once, and nothing beyond T (no signed root covers it);
 * - a partner's export holds, for each of its partnerships, every version up to the partnership's version
 *   at T — the last event of the partnership with position ≤ T, fetched from the API and proven in the
 *   signed tree by inclusion — from version 1 (or, with --from-position N, from its first event at or
 *   after N, whose predecessor the API must place before N).
 * Constraint: a partner's view of which partnerships and versions exist comes from the API; the signed
 * tree proves what the API shows is in the ledger, not that it shows everything (a whole-ledger export
 * is proven complete by its root).
 */
export function checkPositions(events: readonly LedgerEvent[], from: number, head: SignedTreeHead): void {
  checkDistinct(events, head);
  const T = head.treeSize;
  const holes: string[] = [];
  let next = from;
  for (const e of events) {
    if (e.position < from)
      throw incomplete(`it holds position ${e.position}, before --from-position ${from}`);
    if (e.position > next) holes.push(span(next, e.position - 1));
    next = e.position + 1;
  }
  if (next <= T) holes.push(span(next, T));
  if (holes.length === 0) return;
  const cut = next <= T && holes.length === 1 && next > from;
  const at = next - 1;
  const hint = cut ? `; if it was exported at tree size ${at}, verify it with --tree-size ${at}` : '';
  throw incomplete(`${holes.slice(0, 10).join(', ')} missing (the signed head has ${T} events)${hint}`);
}

/** Each position once, none beyond the head: no signed root covers what comes after it. */
function checkDistinct(events: readonly LedgerEvent[], head: SignedTreeHead): void {
  const T = head.treeSize;
  const beyond = events.find((e) => e.position > T);
  if (beyond) {
    const where = `the export holds position ${beyond.position}, beyond the signed head of tree size ${T}`;
    throw incomplete(`${where}: verify it against a newer head`);
  }
  const twice = events.find((e, i) => i > 0 && events[i - 1].position === e.position);
  if (twice) throw incomplete(`position ${twice.position} appears twice`);
}

/**
 * A partner's export, partnership by partnership: those in the export and those the API lists for the key.
 * Returns a line per partnership saying which versions it holds.
 */
export async function checkVersions(
  client: Client,
  events: readonly LedgerEvent[],
  from: number,
  head: SignedTreeHead,
): Promise<string[]> {
  checkDistinct(events, head);
  const held = new Map<string, number[]>();
  for (const e of events) {
    const list = held.get(e.partnershipId) ?? [];
    list.push(e.version);
    held.set(e.partnershipId, list);
  }
  const { items } = await client.ok<{ items: { partnershipId: string; version: number }[] }>(
    'v1/partnerships',
  );
  const listed = new Map(items.map((p) => [p.partnershipId, p.version]));
  const lines: string[] = [];
  for (const id of new Set([...held.keys(), ...listed.keys()])) {
    const mine = held.get(id) ?? [];
    const atHead = await versionAtHead(client, id, listed.get(id) ?? Math.max(0, ...mine), head);
    const due = atHead && atHead.position >= from ? atHead.version : 0;
    // Without --from-position every version from 1 is due; with it, from the first at or after N.
    const first =
      from === 1 ? 1 : mine.length > 0 ? await firstDue(client, id, Math.min(...mine), from) : due;
    const missing = holesIn(mine, first, due);
    if (missing.length > 0) {
      const named = missing
        .slice(0, 10)
        .map((v) => `${id} ${v}`)
        .join(', ');
      throw incomplete(`${named} missing${atHeadNote(atHead!, head)}`);
    }
    lines.push(due >= first ? `${id}: ${versions(first, due)}` : `${id}: none due`);
  }
  return lines;
}

/**
 * The partnership's last event with position ≤ T, proven in the signed tree; undefined when it has none.
 * Walks back from the version the API lists, a page at a time (only events appended since T are skipped).
 */
async function versionAtHead(
  client: Client,
  id: string,
  version: number,
  head: SignedTreeHead,
): Promise<LedgerEvent | undefined> {
  for (let last = version; last >= 1; last -= PAGE) {
    const first = Math.max(1, last - PAGE + 1);
    const page = await stream(client, id, first, last - first + 1);
    if (page.length !== last - first + 1 || page.some((e, i) => e.version !== first + i)) {
      const asked = versions(first, last);
      throw incomplete(`the server lists ${id} at version ${version} but does not serve ${asked} in order`);
    }
    const e = page.findLast((x) => x.position <= head.treeSize);
    if (!e) continue;
    await proveIncluded(client, e, head);
    return e;
  }
  return undefined;
}

const PAGE = 1000;

/** With --from-position: the first exported version is due first if the one before it is before `from`. */
async function firstDue(client: Client, id: string, first: number, from: number): Promise<number> {
  if (first === 1) return 1;
  const [before] = await stream(client, id, first - 1, 1);
  return before && before.version === first - 1 && before.position >= from ? first - 1 : first;
}

async function stream(
  client: Client,
  id: string,
  fromVersion: number,
  limit: number,
): Promise<LedgerEvent[]> {
  const path = `v1/partnerships/${encodeURIComponent(id)}/events?fromVersion=${fromVersion}&limit=${limit}`;
  return (await client.ok<{ items: LedgerEvent[] }>(path)).items.filter((e) => e.partnershipId === id);
}

async function proveIncluded(client: Client, e: LedgerEvent, head: SignedTreeHead): Promise<void> {
  const what = `${e.partnershipId} version ${e.version} (position ${e.position})`;
  if (leafHash({ ...e }) !== e.hash)
    throw incomplete(`the server shows ${what} with fields that do not give its hash`);
  const query = `position=${e.position}&treeSize=${head.treeSize}`;
  const proof = await client.ok<{ auditPath?: unknown }>(`v1/ledger/proofs/inclusion?${query}`);
  const hashes = proof.auditPath;
  const hex = (h: unknown) => typeof h === 'string' && /^[0-9a-f]{64}$/i.test(h);
  const wellFormed = Array.isArray(hashes) && hashes.every(hex);
  const path = wellFormed ? (hashes as string[]).map(fromHex) : undefined;
  if (
    !path ||
    !verifyInclusion(e.position - 1, head.treeSize, fromHex(e.hash), path, fromHex(head.rootHash))
  ) {
    throw new CliError(
      `the server shows ${what}, which is not in the signed tree of size ${head.treeSize}`,
      1,
    );
  }
}

function holesIn(held: readonly number[], first: number, last: number): string[] {
  const have = new Set(held);
  const holes: string[] = [];
  for (let v = first; v <= last; v += 1) {
    if (have.has(v)) continue;
    let end = v;
    while (end + 1 <= last && !have.has(end + 1)) end += 1;
    holes.push(versions(v, end));
    v = end;
  }
  return holes;
}

function atHeadNote(e: LedgerEvent, head: SignedTreeHead): string {
  return (
    ` (at the signed head of tree size ${head.treeSize} it is at version ${e.version}, position ` +
    `${e.position}, proven included)`
  );
}

function incomplete(message: string): CliError {
  return new CliError(`the export is incomplete: ${message}`, 1);
}
