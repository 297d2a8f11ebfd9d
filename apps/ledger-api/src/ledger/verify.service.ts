import { Inject, Injectable } from '@nestjs/common';
import { InjectEntityManager, InjectRepository } from '@nestjs/typeorm';
import { LedgerTree, RecordedEvent } from '@ledger/event-store';
import {
  AuditPage,
  AuditReport,
  HeadKeys,
  LedgerAudit,
  SignedTreeHead,
  completedNodes,
  ledgerKeys,
  nodeKey,
} from '@ledger/verification';
import { Between, EntityManager, Repository } from 'typeorm';
import { observed } from '../common/observed';
import { LEDGER_TREE } from '../config/tokens';
import { SignedHeadEntity } from './entities';
import { readChain, readPublicKeys } from './key-history';
import { SigningKey } from './signing-key';
import { TreeService } from './tree.service';

/**
 * POST /v1/ledger/verify. The contract's fields (ok, eventsChecked, treeSize, rootHash, problems with
 * position and problem) and what was checked besides; each problem also says which row (AuditProblem).
 */
export type VerifyReport = AuditReport;

const PAGE = 5_000;
const MAX_EXTRA_NODES = 100;

/**
 * Verifies the whole stored ledger (libs/verification LedgerAudit): every event row against its stored
 * hash, every ledger_merkle row against the events below it, every ledger_heads row's signature (with
 * the ledger's key for its size, through its recorded key rotations) and root, pinning each discrepancy
 * to its row or to the smallest range of positions the signed heads and stored nodes allow.
 *
 * Guarantees: streams the ledger a page at a time, the next page (events, the stored nodes it completes,
 * its heads, their signatures checked) read while this one is hashed; memory O(log n) plus one page. The
 * ledger's size is read
 * first: events appended while it runs are left for the next run, not reported.
 */
@Injectable()
export class VerifyService {
  constructor(
    @Inject(LEDGER_TREE) private readonly tree: LedgerTree,
    private readonly trees: TreeService,
    private readonly key: SigningKey,
    @InjectRepository(SignedHeadEntity) private readonly heads: Repository<SignedHeadEntity>,
    @InjectEntityManager() private readonly manager: EntityManager,
  ) {}

  async verify(): Promise<VerifyReport> {
    const end = await this.end();
    const audit = await this.audit();
    let ahead = this.page(audit, 0, end);
    for (;;) {
      const page = await ahead;
      if (page.through < end) ahead = this.page(audit, page.through, end);
      audit.page(page);
      if (page.through >= end) break;
    }
    const beyond = await this.tree.nodesBeyondTree(MAX_EXTRA_NODES);
    // Nodes beyond a tree larger than the one audited belong to appends made since: not extra.
    return audit.finish(beyond.treeSize <= end ? beyond.nodes : []);
  }

  /** The last position to audit: the ledger's size, or a larger signed head's (its events were deleted). */
  private async end(): Promise<number> {
    const [largest] = await this.heads.find({ order: { treeSize: 'DESC' }, take: 1 });
    return Math.max(await this.trees.head(), largest?.treeSize ?? 0);
  }

  /** The ledger's keys, as its start-up check and key rotations establish them (HeadKeys). */
  private async audit(): Promise<LedgerAudit> {
    const chain = await readChain(this.manager);
    const recorded = await readPublicKeys(this.manager);
    // This process's key is the ledger's: SigningKeyCheck refused to start otherwise.
    recorded.set(this.key.keyId, this.key.publicKeyPem);
    const { keys, problems } = ledgerKeys(chain[0]?.previousKeyId ?? this.key.keyId, chain, recorded);
    return new LedgerAudit(new HeadKeys(keys), problems);
  }

  /** The stretch after position `after`: up to PAGE events, the stored nodes they complete, their heads. */
  private page(audit: LedgerAudit, after: number, end: number): Promise<AuditPage> {
    return observed(
      (async () => {
        const scanned = after < end ? await this.tree.scanEvents(after + 1, PAGE) : [];
        const events = scanned.filter((e) => e.position <= end);
        // A full page ends at its last event; the last page reaches the end, past any rows deleted there.
        const through = events.length === PAGE ? events.at(-1)!.position : end;
        const [nodes, heads] = await Promise.all([
          this.nodes(after + 1, through),
          this.headsAfter(after, through),
        ]);
        // Their signatures are checked on libuv's threads while the main thread hashes the page before.
        await audit.prepare(heads);
        return { through, events: events.map(asAudited), nodes, heads };
      })(),
    );
  }

  private async nodes(from: number, through: number): Promise<Map<string, Buffer>> {
    const refs = completedNodes(from, through);
    const stored = refs.length === 0 ? new Map<string, Buffer>() : await this.tree.treeNodes(refs);
    const keys = refs.map(nodeKey).filter((key) => stored.has(key));
    return new Map(keys.map((key) => [key, stored.get(key)!]));
  }

  /** Heads of tree sizes after `after` (the first page: from 0, the empty tree's) up to `through`. */
  private async headsAfter(after: number, through: number): Promise<SignedTreeHead[]> {
    const sizes = Between(after === 0 ? 0 : after + 1, through);
    const rows = await this.heads.find({ where: { treeSize: sizes }, order: { treeSize: 'ASC' } });
    return rows.map(({ treeSize, rootHash, timestamp, signature, keyId }) => ({
      treeSize,
      rootHash,
      timestamp,
      signature,
      keyId,
    }));
  }
}

function asAudited(e: RecordedEvent) {
  return { ...e, partnershipId: e.streamId };
}
