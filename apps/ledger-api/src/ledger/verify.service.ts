import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LedgerTree } from '@ledger/event-store';
import { extendTree, leafHash, rootFromFrontier, toHex } from '@ledger/verification';
import { Repository } from 'typeorm';
import { observed } from '../common/observed';
import { LEDGER_TREE } from '../config/tokens';
import { SignedHeadEntity } from './entities';
import { TreeService } from './tree.service';

export interface VerifyReport {
  readonly ok: boolean;
  readonly eventsChecked: number;
  readonly treeSize: number;
  /** The root recomputed from the stored events. */
  readonly rootHash: string;
  readonly problems: { position: number; problem: string }[];
}

const PAGE = 5_000;
const MAX_PROBLEMS = 1_000;

/**
 * Recomputes every leaf from the stored event fields, in position order, and the tree over them, and
 * reports what no longer holds: a row changed behind the API's back (its fields no longer give its
 * hash), a row missing (a gap in positions), a root that differs from a head the ledger signed, or a
 * stored tree that differs from the events. Streams the ledger; memory stays O(log n).
 */
@Injectable()
export class VerifyService {
  constructor(
    @Inject(LEDGER_TREE) private readonly tree: LedgerTree,
    private readonly trees: TreeService,
    @InjectRepository(SignedHeadEntity) private readonly heads: Repository<SignedHeadEntity>,
  ) {}

  private scan(from: number) {
    return observed(this.tree.scanEvents(from, PAGE));
  }

  async verify(): Promise<VerifyReport> {
    const signed = new Map((await this.heads.find()).map((h) => [h.treeSize, h.rootHash]));
    const signedSizes = [...signed.keys()].sort((a, b) => a - b);
    let nextSigned = 0;
    const problems: VerifyReport['problems'] = [];
    const report = (position: number, problem: string) => problems.length < MAX_PROBLEMS && problems.push({ position, problem });
    let frontier = new Map<string, Buffer>();
    let size = 0;
    let checked = 0;
    // The next page is read while this one is hashed: the database and the CPU work at once.
    let ahead = this.scan(1);
    for (let next = 1; ; ) {
      const page = await ahead;
      if (page.length === 0) break;
      ahead = this.scan(page.at(-1)!.position + 1);
      const leaves: Buffer[] = [];
      for (const event of page) {
        for (; next < event.position; next += 1) report(next, 'missing: no event is stored at this position (deleted?)');
        const recomputed = leafHash({ ...event, partnershipId: event.streamId });
        if (recomputed !== event.hash) report(event.position, 'changed: the stored fields no longer give the stored leaf hash');
        leaves.push(Buffer.from(recomputed, 'hex'));
        next = event.position + 1;
      }
      // Grow the tree a page at a time, stopping at each size the ledger signed to compare its root.
      const stops: number[] = [];
      while (nextSigned < signedSizes.length && signedSizes[nextSigned] <= size + leaves.length) {
        if (signedSizes[nextSigned] > size && signedSizes[nextSigned] < size + leaves.length) stops.push(signedSizes[nextSigned]);
        nextSigned += 1;
      }
      let done = 0;
      for (const stop of [...stops, size + leaves.length]) {
        frontier = extendTree(size, frontier, leaves.slice(done, done + stop - size)).frontier;
        done += stop - size;
        size = stop;
        const signedRoot = signed.get(size);
        if (signedRoot !== undefined && toHex(rootFromFrontier(size, frontier)) !== signedRoot) {
          report(size, `the first ${size} events no longer give the root of the head the ledger signed at tree size ${size}`);
        }
      }
      checked += leaves.length;
    }
    await ahead;
    const head = await this.trees.head();
    for (let next = size + checkedGaps(problems) + 1; next <= head; next += 1) report(next, 'missing: no event is stored at this position (deleted?)');
    const rootHash = toHex(rootFromFrontier(size, frontier));
    const storedRoot = size === 0 ? rootHash : await this.trees.root(size).catch(() => undefined);
    if (storedRoot !== rootHash) report(size, 'the stored Merkle tree differs from the tree of the stored events');
    return { ok: problems.length === 0, eventsChecked: checked, treeSize: size, rootHash, problems };
  }
}

/** Positions already reported missing: the scan's `size` counts only rows that exist. */
function checkedGaps(problems: VerifyReport['problems']): number {
  return problems.filter((p) => p.problem.startsWith('missing')).length;
}
