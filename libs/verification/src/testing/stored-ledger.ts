import { KeyObject, generateKeyPairSync } from 'node:crypto';
import { AuditEvent, AuditPage, AuditReport, LedgerAudit } from '../audit/ledger-audit';
import { HeadKeys, LedgerSigningKey } from '../audit/head-keys';
import { AuditProblem } from '../audit/problems';
import { leafHash } from '../leaf';
import { toHex } from '../merkle/hash';
import { NodeRef, nodeKey } from '../merkle/ranges';
import { MemoryTree } from '../merkle/tree';
import { SignedTreeHead, keyIdOf, signHead } from '../signed-head';

/**
 * A stored ledger held in memory, as the database holds one: event rows with their stored hashes, the
 * stored nodes of level ≥ 4, and signed heads — to tamper with as a careless DBA would, and to audit
 * page by page exactly as the service does. Real: the hashing, signing and audit code. Faked: the tables.
 */
export class StoredLedger {
  readonly events = new Map<number, AuditEvent>();
  readonly nodes = new Map<string, Buffer>();
  readonly heads = new Map<number, SignedTreeHead>();
  readonly key = generateKeyPairSync('ed25519');
  readonly keyId = keyIdOf(this.key.publicKey);

  constructor(
    readonly size: number,
    headSizes: Iterable<number>,
  ) {
    for (let p = 1; p <= size; p += 1) this.events.set(p, sealed(eventAt(p)));
    const tree = new MemoryTree([...this.events.values()].map((e) => Buffer.from(e.hash, 'hex')));
    for (let level = 4; 2 ** level <= size; level += 1) {
      for (let index = 0; (index + 1) * 2 ** level <= size; index += 1) {
        const width = 2 ** level;
        this.nodes.set(
          nodeKey({ level, index }),
          tree.hashOf({ start: index * width, end: (index + 1) * width }),
        );
      }
    }
    for (const n of headSizes) this.heads.set(n, this.sign(n, toHex(tree.root(n)), this.key.privateKey));
  }

  sign(treeSize: number, rootHash: string, privateKey: KeyObject, keyId = this.keyId): SignedTreeHead {
    const timestamp = new Date(Date.UTC(2026, 0, 1, 0, 0, treeSize)).toISOString();
    const body = { treeSize, rootHash, timestamp };
    return { ...body, signature: signHead(body, privateKey), keyId };
  }

  /** Changes an event's data and stores the hash that matches (a consistent rewrite). */
  rewrite(position: number): void {
    const e = this.events.get(position)!;
    this.events.set(position, sealed({ ...e, data: { ...(e.data as object), amount: '99999.00' } }));
  }

  flipNode(ref: NodeRef): void {
    const hash = Buffer.from(this.nodes.get(nodeKey(ref))!);
    hash[0] ^= 1;
    this.nodes.set(nodeKey(ref), hash);
  }

  get publicKeys(): LedgerSigningKey[] {
    const publicKey = this.key.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    return [{ keyId: this.keyId, publicKey }];
  }

  /** Audits the stored ledger in pages of `pageSize` positions, as the service streams it. */
  audit(pageSize = 50, keys = this.publicKeys, extra: NodeRef[] = []): AuditReport {
    const audit = new LedgerAudit(new HeadKeys(keys));
    for (const page of this.pages(audit, pageSize)) audit.page(page);
    return audit.finish(extra);
  }

  /** The same, each page's head signatures checked ahead on the thread pool (LedgerAudit.prepare). */
  async auditAhead(pageSize = 50, keys = this.publicKeys): Promise<AuditReport> {
    const audit = new LedgerAudit(new HeadKeys(keys));
    for (const page of this.pages(audit, pageSize)) {
      await audit.prepare(page.heads);
      audit.page(page);
    }
    return audit.finish();
  }

  private *pages(audit: LedgerAudit, pageSize: number): Generator<AuditPage> {
    const end = Math.max(this.size, ...this.heads.keys());
    for (let from = 1, first = true; from <= end || first; from += pageSize, first = false) {
      const through = Math.min(end, from + pageSize - 1);
      const nodes = new Map<string, Buffer>();
      for (const key of audit.nodesFor(through).map(nodeKey)) {
        if (this.nodes.has(key)) nodes.set(key, this.nodes.get(key)!);
      }
      const within = (n: number, lowest = from) => n >= lowest && n <= through;
      const events = [...this.events.values()]
        .filter((e) => within(e.position))
        .sort((a, b) => a.position - b.position);
      const heads = [...this.heads.values()].filter((h) => within(h.treeSize, first ? 0 : from));
      yield { through, events, nodes, heads };
    }
  }
}

function eventAt(position: number): Omit<AuditEvent, 'hash'> {
  return {
    position,
    partnershipId: `p-${position % 3}`,
    version: Math.ceil(position / 3),
    eventId: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    type: 'cost.incurred',
    occurredAt: '2026-01-10T09:00:00.000Z',
    recordedAt: '2026-01-10T09:00:01.000Z',
    recordedBy: 'org-a',
    data: { amount: `${position}.00`, category: 'mdf' },
  };
}

function sealed(e: Omit<AuditEvent, 'hash'>): AuditEvent {
  return { ...e, hash: leafHash(e) };
}

/** The problems reduced to what a test pins: kind, position, range and row. */
export function pins(problems: readonly AuditProblem[]) {
  return problems.map(({ kind, position, from, to, level, index, treeSize }) => ({
    kind,
    position,
    from,
    to,
    level,
    index,
    treeSize,
  }));
}

export const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
