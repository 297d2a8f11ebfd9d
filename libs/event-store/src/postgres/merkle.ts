import { Extended, NewNode, NodeRef, extendTree, frontierRefs, nodeKey } from '@ledger/verification';
import { Pool, PoolClient } from 'pg';

type Queryable = Pick<PoolClient, 'query'> | Pick<Pool, 'query'>;

/**
 * Hashes of perfect subtrees: level 0 from the events' leaf hashes, higher levels from ledger_merkle,
 * in one round trip (a proof needs both; it is one query, not two, per proof).
 */
export async function readNodes(db: Queryable, refs: readonly NodeRef[]): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  if (refs.length === 0) return out;
  const leaves = refs.filter((r) => r.level === 0).map((r) => r.index + 1);
  const inner = refs.filter((r) => r.level > 0);
  const { rows } = await db.query<{ level: number; idx: string; hash: Buffer }>(
    `SELECT 0 AS level, position - 1 AS idx, decode(hash, 'hex') AS hash FROM ledger_events WHERE position = ANY($1::bigint[])
     UNION ALL
     SELECT level, idx, hash FROM ledger_merkle WHERE (level, idx) IN (SELECT * FROM unnest($2::smallint[], $3::bigint[]))`,
    [leaves, inner.map((r) => r.level), inner.map((r) => r.index)],
  );
  for (const r of rows) out.set(nodeKey({ level: r.level, index: Number(r.idx) }), r.hash);
  return out;
}

/**
 * The nodes a tree of `size` leaves gains from `leafHashes`, and its new frontier. `frontier` is the
 * frontier of the tree of `size` leaves when the caller holds it; otherwise it is read.
 */
export async function planGrowth(db: Queryable, size: number, leafHashes: readonly Buffer[], frontier?: ReadonlyMap<string, Buffer>): Promise<Extended> {
  const known = frontier ?? (await readNodes(db, frontierRefs(size)));
  return extendTree(size, known, leafHashes);
}

/** Stores new subtree hashes (inside the caller's transaction), in chunks that keep each statement small. */
export async function writeNodes(tx: PoolClient, nodes: readonly NewNode[]): Promise<void> {
  for (let i = 0; i < nodes.length; i += 5000) {
    const chunk = nodes.slice(i, i + 5000);
    await tx.query('INSERT INTO ledger_merkle (level, idx, hash) SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])', [
      chunk.map((n) => n.level),
      chunk.map((n) => n.index),
      chunk.map((n) => n.hash),
    ]);
  }
}
