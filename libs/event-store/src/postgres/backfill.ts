import { Pool } from 'pg';
import { planGrowth, writeNodes } from './merkle';

const BATCH = 10_000;

/**
 * Brings the stored Merkle tree up to the ledger's head when a ledger written before the tree existed is
 * opened: leaves are read in position order and the tree grown batch by batch, each batch in a
 * transaction holding the head row (so appends wait rather than race). A no-op once caught up.
 */
export async function backfillTree(pool: Pool): Promise<void> {
  for (;;) {
    const client = await pool.connect();
    let broken: Error | undefined;
    const onError = (error: Error) => (broken = error);
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ position: string; tree_size: string }>(
        'SELECT position, tree_size FROM ledger_head WHERE id = 1 FOR UPDATE',
      );
      const [head, size] = [Number(rows[0].position), Number(rows[0].tree_size)];
      if (size >= head) {
        await client.query('COMMIT');
        return;
      }
      const leaves = await client.query<{ hash: string }>(
        'SELECT hash FROM ledger_events WHERE position > $1 ORDER BY position LIMIT $2',
        [size, BATCH],
      );
      const { nodes } = await planGrowth(
        client,
        size,
        leaves.rows.map((r) => Buffer.from(r.hash, 'hex')),
      );
      await writeNodes(client, nodes);
      await client.query('UPDATE ledger_head SET tree_size = $1 WHERE id = 1', [size + leaves.rows.length]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }
}
