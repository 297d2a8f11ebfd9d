import {
  Extended,
  LOWEST_STORED_LEVEL,
  MemoryTree,
  NewNode,
  NodeRef,
  extendTree,
  frontierRefs,
  nodeKey,
} from '@ledger/verification';
import { Pool, PoolClient } from 'pg';
import { StoredTreeDamaged } from '../errors';

type Queryable = Pick<PoolClient, 'query'> | Pick<Pool, 'query'>;

/** Levels below LOWEST_STORED_LEVEL (libs/verification) are recomputed from leaf hashes on read. */
export { LOWEST_STORED_LEVEL };

/** The nodes worth storing: the rest are recomputed from leaves on read. */
export function storedOnly(nodes: readonly NewNode[]): NewNode[] {
  return nodes.filter((n) => n.level >= LOWEST_STORED_LEVEL);
}

/**
 * Hashes of perfect subtrees: level 0 from the events' leaf hashes, levels below LOWEST_STORED_LEVEL
 * from the leaves they cover, the rest from ledger_merkle, all in one round trip (a proof needs several
 * kinds; it is one query, not two, per proof).
 */
export async function readNodes(db: Queryable, refs: readonly NodeRef[]): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  if (refs.length === 0) return out;
  const computed = refs.filter((r) => r.level > 0 && r.level < LOWEST_STORED_LEVEL);
  const leaves = new Set(refs.filter((r) => r.level === 0).map((r) => r.index));
  for (const r of computed) for (const i of leavesUnder(r)) leaves.add(i);
  const stored = refs.filter((r) => r.level >= LOWEST_STORED_LEVEL);
  const { rows } = await db.query<{ level: number; idx: string; hash: Buffer }>(
    `SELECT 0 AS level, position - 1 AS idx, decode(hash, 'hex') AS hash FROM ledger_events ` +
      `WHERE position = ANY($1::bigint[])
     UNION ALL
     SELECT level, idx, hash FROM ledger_merkle ` +
      `WHERE (level, idx) IN (SELECT * FROM unnest($2::smallint[], $3::bigint[]))`,
    [[...leaves].map((i) => i + 1), stored.map((r) => r.level), stored.map((r) => r.index)],
  );
  for (const r of rows) out.set(nodeKey({ level: r.level, index: Number(r.idx) }), r.hash);
  for (const r of computed) {
    const hash = subtreeHash(r, out);
    if (hash) out.set(nodeKey(r), hash);
  }
  return out;
}

/** Leaf indexes (0-based) of a perfect subtree. */
function leavesUnder(r: NodeRef): number[] {
  const width = 2 ** r.level;
  return Array.from({ length: width }, (_, k) => r.index * width + k);
}

/**
 * RFC 9162 hash of a perfect subtree from its leaves; undefined when any leaf is missing (no such subtree).
 */
function subtreeHash(r: NodeRef, known: ReadonlyMap<string, Buffer>): Buffer | undefined {
  const leaves = leavesUnder(r).map((index) => known.get(nodeKey({ level: 0, index })));
  return leaves.every((h) => h !== undefined) ? new MemoryTree(leaves as Buffer[]).root() : undefined;
}

/**
 * The nodes a tree of `size` leaves gains from `leafHashes`, and its new frontier. `frontier` is the
 * frontier of the tree of `size` leaves when the caller holds it; otherwise it is read.
 */
export async function planGrowth(
  db: Queryable,
  size: number,
  leafHashes: readonly Buffer[],
  frontier?: ReadonlyMap<string, Buffer>,
): Promise<Extended> {
  const known = frontier ?? (await readFrontier(db, size));
  return extendTree(size, known, leafHashes);
}

/** The stored frontier of a tree of `size` leaves; a node gone from it is damage, named as such. */
async function readFrontier(db: Queryable, size: number): Promise<Map<string, Buffer>> {
  const refs = frontierRefs(size);
  const nodes = await readNodes(db, refs);
  const lost = refs.find((r) => !nodes.has(nodeKey(r)));
  if (lost) throw new StoredTreeDamaged(lost);
  return nodes;
}

/** Stores new subtree hashes (inside the caller's transaction), in chunks that keep each statement small. */
export async function writeNodes(tx: PoolClient, all: readonly NewNode[]): Promise<void> {
  const nodes = storedOnly(all);
  for (let i = 0; i < nodes.length; i += 5000) {
    const chunk = nodes.slice(i, i + 5000);
    await tx.query(
      'INSERT INTO ledger_merkle (level, idx, hash) SELECT * ' +
        'FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])',
      [chunk.map((n) => n.level), chunk.map((n) => n.index), chunk.map((n) => n.hash)],
    );
  }
}
