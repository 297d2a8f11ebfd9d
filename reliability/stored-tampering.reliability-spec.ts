import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { leafHash } from '@ledger/verification';
import { Fixtures, TestLedger, bearer, testBackends, unique, useLedger } from '../test/support/ledger';
import { record } from './support/figures';

type Row = Record<string, any>;

/**
 * Issue 13 — the stored tree and heads changed behind the API's back. A real ledger of 300 events is
 * built through the API, with a signed head of every size (partners asking after each write); then, one
 * at a time, each kind of change a careless DBA makes with the immutability triggers off — every stored
 * Merkle node changed, every one deleted, head signatures, roots, timestamps and key ids changed, events
 * rewritten together with their stored hash, deleted, or changed without it — followed by POST
 * /v1/ledger/verify, which must name exactly that row (the ledger_merkle row, the ledger_heads row, the
 * position), and nothing elsewhere; the row is put back and the next change made. A second ledger with a
 * head only every 10th size measures how closely rewrites are pinned when the evidence is sparse: always
 * found, the range always holding the event.
 */
interface Case {
  readonly name: string;
  /** The change; returns how to put it back. */
  readonly tamper: (sql: Client) => Promise<(sql: Client) => Promise<unknown>>;
  /** The problems verify must report: kind and the row (range, node or head). */
  readonly expected: Row[];
}

const EVENTS = 300;

describe.each(testBackends())('tampered storage found by verify on %s', (backend) => {
  const ledgers: Record<'dense' | 'sparse', TestLedger> = {} as never;
  let auditor: Record<'dense' | 'sparse', string> = {} as never;
  useLedger(backend, (l) => void (ledgers.dense = l));
  useLedger(backend, (l) => void (ledgers.sparse = l));

  const build = async (which: 'dense' | 'sparse', headEvery: number) => {
    const ledger = ledgers[which];
    const w = await new Fixtures(ledger).world(unique(`tamper-${which}`));
    auditor = { ...auditor, [which]: w.keys.auditor };
    if (headEvery === 1) await ledger.http.get('/v1/ledger/head').set(bearer(w.keys.a)).expect(200);
    const cost = (i: number) => ({
      eventId: randomUUID(),
      type: 'cost.incurred',
      occurredAt: '2026-01-10T09:00:00Z',
      data: { amount: `${i}.00`, category: 'mdf' },
    });
    for (let i = 1; i < EVENTS; i += 1) {
      await ledger.http
        .post(`/v1/partnerships/${w.partnershipId}/events`)
        .set(bearer(w.keys.a))
        .send(cost(i))
        .expect(201);
      if ((i + 1) % headEvery === 0)
        await ledger.http.get('/v1/ledger/head').set(bearer(w.keys.a)).expect(200);
    }
  };

  beforeAll(async () => {
    await build('dense', 1);
    await build('sparse', 10);
  }, 600_000);

  const sql = async <T>(which: 'dense' | 'sparse', work: (c: Client) => Promise<T>): Promise<T> => {
    const c = new Client({ connectionString: ledgers[which].db.connectionString });
    await c.connect();
    try {
      return await work(c);
    } finally {
      await c.end();
    }
  };
  const verify = async (which: 'dense' | 'sparse') =>
    (await ledgers[which].http.post('/v1/ledger/verify').set(bearer(auditor[which])).expect(200)).body;
  const asDba = async (c: Client, table: string, text: string, params: unknown[]) => {
    await c.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
    try {
      await c.query(text, params);
    } finally {
      await c.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
    }
  };
  const pin = ({ kind, from, to, level, index, treeSize }: Row) => ({
    kind,
    from,
    to,
    level,
    index,
    treeSize,
  });

  /** Every kind of change, on the dense ledger. */
  async function cases(): Promise<Case[]> {
    const out: Case[] = [];
    const nodes = await sql(
      'dense',
      async (c) =>
        (await c.query('SELECT level, idx, hash FROM ledger_merkle WHERE level >= 4 ORDER BY level, idx'))
          .rows,
    );
    for (const n of nodes) {
      const [level, index] = [Number(n.level), Number(n.idx)];
      const [from, to] = [index * 2 ** level + 1, (index + 1) * 2 ** level];
      const node = { from, to, level, index, treeSize: undefined };
      const flipped = Buffer.from(n.hash);
      flipped[index % 32] ^= 0x40;
      out.push({
        name: `node ${level}:${index} changed`,
        tamper: async (c) => {
          await asDba(
            c,
            'ledger_merkle',
            'UPDATE ledger_merkle SET hash = $1 WHERE level = $2 AND idx = $3',
            [flipped, level, index],
          );
          return (r) =>
            asDba(r, 'ledger_merkle', 'UPDATE ledger_merkle SET hash = $1 WHERE level = $2 AND idx = $3', [
              n.hash,
              level,
              index,
            ]);
        },
        expected: [{ kind: 'node-changed', ...node }],
      });
      out.push({
        name: `node ${level}:${index} deleted`,
        tamper: async (c) => {
          await asDba(c, 'ledger_merkle', 'DELETE FROM ledger_merkle WHERE level = $1 AND idx = $2', [
            level,
            index,
          ]);
          return (r) =>
            asDba(r, 'ledger_merkle', 'INSERT INTO ledger_merkle (level, idx, hash) VALUES ($1, $2, $3)', [
              level,
              index,
              n.hash,
            ]);
        },
        expected: [{ kind: 'node-missing', ...node }],
      });
    }
    const sizes = [1, 2, 15, 16, 17, 31, 32, 33, 64, 65, 100, 127, 128, 129, 200, 255, 256, 257, 299, 300];
    const head = { from: undefined, to: undefined, level: undefined, index: undefined };
    for (const [column, value, kind] of [
      ['signature', (r: Row) => r.other.signature, 'head-signature'],
      ['root_hash', (r: Row) => r.other.root_hash, 'head-signature'],
      ['timestamp', (r: Row) => new Date(Date.parse(r.timestamp) + 1).toISOString(), 'head-signature'],
      ['key_id', () => 'ed25519-0123456789abcdef', 'head-key'],
    ] as const) {
      for (const treeSize of column === 'signature' || column === 'root_hash'
        ? sizes
        : sizes.filter((_, i) => i % 4 === 0)) {
        out.push({
          name: `head ${treeSize}: ${column} changed`,
          tamper: async (c) => {
            const [row] = (await c.query('SELECT * FROM ledger_heads WHERE tree_size = $1', [treeSize])).rows;
            const [other] = (
              await c.query('SELECT * FROM ledger_heads WHERE tree_size = $1', [
                treeSize === 1 ? 2 : treeSize - 1,
              ])
            ).rows;
            await asDba(c, 'ledger_heads', `UPDATE ledger_heads SET ${column} = $1 WHERE tree_size = $2`, [
              value({ ...row, other }),
              treeSize,
            ]);
            return (r) =>
              asDba(r, 'ledger_heads', `UPDATE ledger_heads SET ${column} = $1 WHERE tree_size = $2`, [
                row[column],
                treeSize,
              ]);
          },
          expected: [{ kind, ...head, treeSize }],
        });
      }
    }
    for (const p of [
      2, 3, 15, 16, 17, 33, 40, 63, 64, 65, 100, 127, 128, 129, 150, 200, 255, 256, 257, 290, 299, 300,
    ]) {
      const node =
        (p - 1) >> 4 < Math.floor(EVENTS / 16)
          ? { level: 4, index: (p - 1) >> 4 }
          : { level: undefined, index: undefined };
      out.push({
        name: `event ${p} rewritten with its hash`,
        tamper: (c) => rewrite(c, p, true),
        expected: [{ kind: 'events-rewritten', from: p, to: p, ...node, treeSize: p }],
      });
    }
    for (const p of [2, 50, 129, 256, 300]) {
      out.push({
        name: `event ${p} changed without its hash`,
        tamper: (c) => rewrite(c, p, false),
        expected: [{ kind: 'event-changed', from: p, to: p }],
      });
      out.push({
        name: `event ${p} deleted`,
        tamper: async (c) => {
          const [row] = (await c.query('SELECT * FROM ledger_events WHERE position = $1', [p])).rows;
          await asDba(c, 'ledger_events', 'DELETE FROM ledger_events WHERE position = $1', [p]);
          const columns = Object.keys(row);
          const insert =
            `INSERT INTO ledger_events (${columns.join(', ')}) VALUES ` +
            `(${columns.map((_, i) => `$${i + 1}`).join(', ')})`;
          return (r) =>
            asDba(
              r,
              'ledger_events',
              insert,
              columns.map((k) => row[k]),
            );
        },
        expected: [
          { kind: 'event-missing', from: p, to: p },
          { kind: 'events-rewritten', from: p, to: p },
        ],
      });
    }
    return out;
  }

  /** Changes an event's data; with `andHash`, stores the hash that matches (a consistent rewrite). */
  async function rewrite(c: Client, position: number, andHash: boolean) {
    const [r] = (await c.query('SELECT * FROM ledger_events WHERE position = $1', [position])).rows;
    const data = { ...r.data, amount: '99999.00' };
    const fields = {
      position,
      partnershipId: r.stream_id,
      version: Number(r.version),
      eventId: r.event_id,
      type: r.type,
      occurredAt: r.occurred_at.toISOString(),
      recordedAt: r.recorded_at.toISOString(),
      recordedBy: r.recorded_by,
      data,
    };
    const hash = andHash ? leafHash(fields) : r.hash;
    await asDba(c, 'ledger_events', 'UPDATE ledger_events SET data = $1, hash = $2 WHERE position = $3', [
      data,
      hash,
      position,
    ]);
    return (back: Client) =>
      asDba(back, 'ledger_events', 'UPDATE ledger_events SET data = $1, hash = $2 WHERE position = $3', [
        r.data,
        r.hash,
        position,
      ]);
  }

  it('names every changed, deleted or rewritten row exactly, with a signed head of every size', async () => {
    expect(await verify('dense')).toMatchObject({
      ok: true,
      eventsChecked: EVENTS,
      headsChecked: EVENTS,
      nodesChecked: 18 + 9 + 4 + 2 + 1,
    });
    const all = await cases();
    const results: { name: string; found: boolean; exact: boolean; got: Row[] }[] = [];
    let seconds = 0;
    for (const c of all) {
      const restore = await sql('dense', c.tamper);
      const started = performance.now();
      const report = await verify('dense');
      seconds += (performance.now() - started) / 1000;
      await sql('dense', restore);
      // One expected problem: its row exactly. Several (a deleted event): each one's positions.
      const full = c.expected.length === 1;
      const shape = (x: Row) => JSON.stringify(full ? pin(x) : { kind: x.kind, from: x.from, to: x.to });
      const got = report.problems.map(pin);
      const exact = report.problems.map(shape).join() === c.expected.map(shape).join();
      results.push({ name: c.name, found: !report.ok, exact, got });
    }
    const clean = await verify('dense');
    const by = (prefix: string) => results.filter((r) => r.name.startsWith(prefix));
    const count = (rs: typeof results) => `${rs.filter((r) => r.exact).length}/${rs.length}`;
    const [nodes, heads, events] = [by('node'), by('head'), by('event')];
    const exact = results.filter((r) => r.exact).length;
    record(`stored-tampering-${backend}`, {
      summary:
        `ledger of ${EVENTS} events, a signed head of every size: ${all.length} rows changed behind ` +
        `the API's back one at a time, ` +
        `${results.filter((r) => r.found).length}/${all.length} found by POST /v1/ledger/verify ` +
        `and ${exact}/${all.length} at the exact row ` +
        `(ledger_merkle rows changed or deleted ${count(nodes)}, ledger_heads rows ${count(heads)}, ` +
        `events rewritten, changed or deleted ${count(events)}); ` +
        `verify ${((seconds / all.length) * 1000).toFixed(0)} ms on average; ok again after each ` +
        `row was put back: ${clean.ok}`,
      numbers: {
        cases: all.length,
        found: results.filter((r) => r.found).length,
        exact,
        nodes: nodes.length,
        heads: heads.length,
        events: events.length,
      },
    });
    for (const r of results.filter((x) => !x.exact))
      process.stdout.write(`[reliability] ${r.name}: ${JSON.stringify(r.got)}\n`);
    expect(results.filter((r) => !r.exact).map((r) => r.name)).toEqual([]);
    expect(clean.ok).toBe(true);
  }, 600_000);

  it('pins every rewrite between sparse heads to a range that holds it', async () => {
    expect((await verify('sparse')).ok).toBe(true);
    const widths: number[] = [];
    const wrong: string[] = [];
    const positions = Array.from({ length: 30 }, (_, i) => 1 + i * 10 + (i % 10));
    for (const p of positions) {
      const restore = await sql('sparse', (c) => rewrite(c, p, true));
      const report = await verify('sparse');
      await sql('sparse', restore);
      const ranges = report.problems.map((x: Row) => [x.from, x.to]);
      if (report.ok || ranges.some(([from, to]: number[]) => !(from <= p && p <= to)))
        wrong.push(`${p}: ${JSON.stringify(report.problems.map(pin))}`);
      else widths.push(ranges[0][1] - ranges[0][0] + 1);
    }
    const mean = widths.reduce((a, b) => a + b, 0) / Math.max(1, widths.length);
    record(`stored-tampering-sparse-${backend}`, {
      summary:
        `ledger of ${EVENTS} events, a signed head every 10th size: ${positions.length} events ` +
        `rewritten with their hash, ` +
        `${widths.length}/${positions.length} found and pinned to a range holding the event (mean ` +
        `width ${mean.toFixed(1)} events, ` +
        `at most ${Math.max(...widths)}; exact ${widths.filter((x) => x === 1).length})`,
      numbers: {
        rewrites: positions.length,
        pinned: widths.length,
        meanWidth: Number(mean.toFixed(1)),
        maxWidth: Math.max(...widths),
      },
    });
    expect(wrong).toEqual([]);
  }, 600_000);
});
