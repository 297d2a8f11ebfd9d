import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { NotFound } from '@ledger/domain';
import { SignedTreeHead, signHead } from '@ledger/verification';
import { LRUCache } from 'lru-cache';
import { Repository } from 'typeorm';
import { KEY_NOT_CURRENT } from '../database/migrations/1764000000003-key-rotations';
import { CosignatureEntity, SignedHeadEntity } from './entities';
import { HeadCheck } from './head-check';
import { SigningKeyRetired } from './key-errors';
import { SigningKey } from './signing-key';
import { TreeService } from './tree.service';

export interface HeadWithCosignatures extends SignedTreeHead {
  readonly cosignatures: { orgId: string; keyId: string; signature: string }[];
}

/**
 * Signed tree heads. Guarantee: the ledger issues one signed head per tree size — the first request for
 * a size signs it and stores it; every later request for that size gets those very bytes back, so two
 * parties holding a head of the same size can compare them (and a split view would be provable).
 * Constraint: only the ledger's current key signs a new head; the database refuses any other (migration
 * 1764000000003), and this process then answers 503 (SigningKeyRetired) instead of a head partners reject.
 */
@Injectable()
export class HeadsService {
  /** Issued heads never change (one per size), so the recent ones are served from memory. */
  private readonly recent = new LRUCache<number, SignedTreeHead>({ max: 1_000 });

  constructor(
    private readonly tree: TreeService,
    private readonly key: SigningKey,
    private readonly check: HeadCheck,
    @InjectRepository(SignedHeadEntity) private readonly heads: Repository<SignedHeadEntity>,
    @InjectRepository(CosignatureEntity) private readonly cosignatures: Repository<CosignatureEntity>,
  ) {}

  /** The head of the ledger's size as read for this request: that size was the head when asked. */
  async latest(): Promise<SignedTreeHead> {
    const treeSize = await this.tree.head();
    return this.recent.get(treeSize) ?? (await this.stored(treeSize)) ?? this.sign(treeSize);
  }

  /**
   * The head of a size: the stored one, or signed now when `treeSize` is the ledger's size as it is read
   * here. A past size that was never the head when someone asked is not signed after the fact: any key
   * could otherwise make the ledger sign (and store, forever) a head for each of millions of sizes.
   * Anything a past size could prove, a consistency proof from it to a signed head proves too.
   */
  async ofSize(treeSize: number): Promise<SignedTreeHead> {
    const known = this.recent.get(treeSize) ?? (await this.stored(treeSize));
    if (known) return known;
    const head = await this.tree.head();
    if (treeSize > head)
      throw new NotFound(
        'head_not_reached',
        `the ledger holds ${head} events; there is no tree of size ${treeSize} yet`,
      );
    if (treeSize < head) throw notIssued(treeSize, head);
    return this.sign(treeSize);
  }

  private async stored(treeSize: number): Promise<SignedTreeHead | undefined> {
    const row = await this.heads.findOneBy({ treeSize });
    return row ? this.keep(await this.checked(view(row))) : undefined;
  }

  /** Signs and stores the head of `treeSize`; two processes may race, the first insert wins for both. */
  private async sign(treeSize: number): Promise<SignedTreeHead> {
    const body = { treeSize, rootHash: await this.tree.root(treeSize), timestamp: new Date().toISOString() };
    const row = { ...body, signature: signHead(body, this.key.privateKey), keyId: this.key.keyId };
    // Two processes may sign the same size at once: the first insert wins and both answer with it.
    const insert = this.heads.createQueryBuilder().insert().values(row).orIgnore();
    await insert.execute().catch((error: unknown) => {
      const current = keyNotCurrent(error);
      throw current ? new SigningKeyRetired(this.key.keyId, current, treeSize) : error;
    });
    return this.keep(view((await this.heads.findOneBy({ treeSize }))!));
  }

  /** A head read back from ledger_heads: served only if its signature still verifies (HeadCheck). */
  private async checked(head: SignedTreeHead): Promise<SignedTreeHead> {
    await this.check.assertSigned(head);
    return head;
  }

  private keep(head: SignedTreeHead): SignedTreeHead {
    this.recent.set(head.treeSize, head);
    return head;
  }

  /** A head that has been issued, with its countersignatures; 404 for a size never served. */
  async issued(treeSize: number): Promise<SignedHeadEntity> {
    const stored = await this.heads.findOneBy({ treeSize });
    if (!stored)
      throw new NotFound(
        'head_not_issued',
        `no head of tree size ${treeSize} has been issued yet; fetch it first (GET ` +
          `/v1/ledger/heads/${treeSize})`,
      );
    return stored;
  }

  async withCosignatures(treeSize: number): Promise<HeadWithCosignatures> {
    const head = await this.ofSize(treeSize);
    const cosigned = await this.cosignatures.find({ where: { treeSize }, order: { createdAt: 'ASC' } });
    return {
      ...head,
      cosignatures: cosigned.map(({ orgId, keyId, signature }) => ({ orgId, keyId, signature })),
    };
  }
}

function notIssued(treeSize: number, head: number): NotFound {
  const detail =
    `no head of tree size ${treeSize} was issued: heads are signed for the ledger's size when it is asked ` +
    `for (now ${head}); check a tree of size ${treeSize} against a signed head with ` +
    `GET /v1/ledger/proofs/consistency?from=${treeSize}&to=${head}`;
  return new NotFound('head_not_issued', detail);
}

function view({ treeSize, rootHash, timestamp, signature, keyId }: SignedHeadEntity): SignedTreeHead {
  return { treeSize, rootHash, timestamp, signature, keyId };
}

/** The ledger's current key id when the database refused a head for its key (the trigger's DETAIL). */
function keyNotCurrent(error: unknown): string | undefined {
  type PgError = { code?: unknown; detail?: unknown };
  const e = error as (PgError & { driverError?: PgError }) | null;
  const cause = e?.driverError ?? e;
  return cause?.code === KEY_NOT_CURRENT && typeof cause.detail === 'string' ? cause.detail : undefined;
}
