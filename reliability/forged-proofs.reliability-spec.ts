import { execFile } from 'node:child_process';
import { KeyObject, createHash, createPrivateKey, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import canonicalize from 'canonicalize';
import {
  SignedTreeHead,
  headBytes,
  parsePublicKey,
  verifyConsistency,
  verifyHead,
  verifyInclusion,
} from '@ledger/verification';
import {
  Fixtures,
  TEST_SIGNING_KEY,
  TestLedger,
  bearer,
  testBackends,
  unique,
  useLedger,
} from '../test/support/ledger';
import { ROOT } from '../test/support/process';
import { dropping, startRelay } from '../test/support/relay';
import { leafOf } from '../test/support/rfc9162';
import { record } from './support/figures';

/**
 * Issue 5, item 10 — forged proofs. A real ledger of a few hundred events is built through the API; its
 * inclusion proofs, consistency proofs and signed heads are fetched and checked against a Merkle tree
 * computed here from RFC 9162 §2.1 (recursive definitions, sharing no code with the product). Then
 * 10,000 forgeries are made from them — audit paths and consistency proofs with flipped bits, swapped,
 * dropped, duplicated, extra, replaced or resized nodes, wrong leaf index, tree size, leaf hash or root;
 * heads with another treeSize, rootHash, timestamp or signature, or signed by another Ed25519 key — and
 * fed to verifyInclusion / verifyConsistency / verifyHead of @ledger/verification: 0 may be accepted,
 * while every genuine one is. A forgery is anything that is not a genuine statement about this ledger
 * (checked against the independent tree), so a mutation that happens to yield a genuine proof is not
 * counted. Tree sizes are always paired with their own roots, as a signed head pairs them: RFC 9162
 * verification cannot tell a root of one size presented as another, and no verifier is asked to.
 *
 * Then the auditor CLI (`ledger verify`, a separate process) is pointed at a small local server that
 * serves forged heads and consistency proofs, after it saved a genuine head from the real ledger: every
 * forged answer must make it exit with code 1 (verification failed), and a genuine answer with 0.
 */
const FORGERIES = { inclusion: 4500, consistency: 3500, head: 2000 };
const SEED = 0x5eed_2026;

/* ------------------------------------------------------------------ an independent RFC 9162 tree */

const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const largestPowerOfTwoBelow = (n: number) => 2 ** Math.floor(Math.log2(n - 1));

class ReferenceTree {
  private readonly memo = new Map<string, Buffer>();
  constructor(readonly leaves: Buffer[]) {}

  /** MTH(D[start:end]) */
  mth(start: number, end: number): Buffer {
    const key = `${start}:${end}`;
    let hash = this.memo.get(key);
    if (!hash) {
      if (end - start === 1) hash = this.leaves[start];
      else {
        const k = largestPowerOfTwoBelow(end - start);
        hash = sha256(Buffer.from([1]), this.mth(start, start + k), this.mth(start + k, end));
      }
      this.memo.set(key, hash);
    }
    return hash;
  }

  root(n: number): Buffer {
    return this.mth(0, n);
  }

  /** PATH(m, D[n]), §2.1.3.1 */
  path(m: number, n: number, start = 0): Buffer[] {
    if (n === 1) return [];
    const k = largestPowerOfTwoBelow(n);
    return m < k
      ? [...this.path(m, k, start), this.mth(start + k, start + n)]
      : [...this.path(m - k, n - k, start + k), this.mth(start, start + k)];
  }

  /** PROOF(m, D[n]) = SUBPROOF(m, D[n], true), §2.1.4.1 */
  proof(m: number, n: number, start = 0, complete = true): Buffer[] {
    if (m === n) return complete ? [] : [this.mth(start, start + n)];
    const k = largestPowerOfTwoBelow(n);
    return m <= k
      ? [...this.proof(m, k, start, complete), this.mth(start + k, start + n)]
      : [...this.proof(m - k, n - k, start + k, false), this.mth(start, start + k)];
  }
}

/* ------------------------------------------------------------------ deterministic randomness */

function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    pick: <T>(xs: readonly T[]): T => xs[int(xs.length)],
    bytes: (n: number) => Buffer.from(Array.from({ length: n }, () => int(256))),
  };
}

function flipBit(b: Buffer, bit: number): Buffer {
  const copy = Buffer.from(b);
  copy[Math.floor(bit / 8) % copy.length] ^= 1 << (bit % 8);
  return copy;
}

const sameBuffers = (a: readonly Uint8Array[], b: readonly Uint8Array[]) =>
  a.length === b.length && a.every((x, i) => Buffer.from(x).equals(b[i]));

/**
 * Ed25519 group order L, little-endian, for the S + L malleability forgery (RFC 8032 §5.1.7 requires S < L).
 */
const ED25519_L = 2n ** 252n + 27742317777372353535851937790883648493n;
function addGroupOrder(signature: Buffer): Buffer {
  const s = BigInt(`0x${Buffer.from(signature.subarray(32)).reverse().toString('hex')}`) + ED25519_L;
  const sBytes = Buffer.from(s.toString(16).padStart(64, '0'), 'hex').reverse().subarray(0, 32);
  return Buffer.concat([signature.subarray(0, 32), sBytes]);
}

/* ------------------------------------------------------------------ the auditor CLI */

function ledgerCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'apps/ledger-cli/bin/ledger.mjs'), ...args],
      { cwd: ROOT, timeout: 170_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

interface Scenario {
  readonly name: string;
  /** The body served for GET /v1/ledger/head (a string is served verbatim). */
  readonly head: unknown;
  /** The body served for GET /v1/ledger/proofs/consistency. */
  readonly consistency?: (from: number, to: number) => unknown;
  /** The body served for GET /v1/ledger/key-rotations; absent: 404, as from a server older than rotations. */
  readonly rotations?: unknown;
}

/** A stand-in ledger server: each scenario under its own path prefix, so CLI runs can overlap. */
async function startForger(publicKey: {
  keyId: string;
  publicKey: string;
}): Promise<{ server: Server; url: (id: number) => string; scenarios: Map<number, Scenario> }> {
  const scenarios = new Map<number, Scenario>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://forger');
    const match = /^\/s\/(\d+)\/v1\/ledger\/(head|public-key|key-rotations|proofs\/consistency)$/.exec(
      url.pathname,
    );
    const scenario = match ? scenarios.get(Number(match[1])) : undefined;
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (!match || !scenario) return send(404, { status: 404, title: 'Not found', detail: url.pathname });
    if (match[2] === 'public-key') return send(200, publicKey);
    if (match[2] === 'head') return send(200, scenario.head);
    if (match[2] === 'key-rotations')
      return scenario.rotations === undefined
        ? send(404, { status: 404, title: 'Not found', detail: url.pathname })
        : send(200, scenario.rotations);
    const from = Number(url.searchParams.get('from'));
    const to = Number(url.searchParams.get('to'));
    return send(
      200,
      scenario.consistency ? scenario.consistency(from, to) : { fromSize: from, toSize: to, proof: [] },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: (id) => `http://127.0.0.1:${port}/s/${id}`, scenarios };
}

/* ------------------------------------------------------------------ the suite */

interface InclusionCase {
  index: number;
  size: number;
  leaf: Buffer;
  path: Buffer[];
  root: Buffer;
}

interface ConsistencyCase {
  m: number;
  n: number;
  proof: Buffer[];
  root1: Buffer;
  root2: Buffer;
}

interface HeadCase {
  head: { treeSize: unknown; rootHash: unknown; timestamp: unknown };
  signature: string;
}

describe.each(testBackends())('forged proofs and heads against a real ledger on %s', (backend) => {
  let ledger: TestLedger;
  let fx: Fixtures;
  useLedger(backend, (l, f) => {
    ledger = l;
    fx = f;
  });

  const dir = mkdtempSync(join(tmpdir(), 'ledger-forged-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  let url: string;
  let auditor: string;
  let partner: { key: string; partnershipId: string };
  let N: number;
  let savedSize: number;
  let tree: ReferenceTree;
  let publicKey: KeyObject;
  let served: { keyId: string; publicKey: string };
  const heads = new Map<number, SignedTreeHead>();

  beforeAll(async () => {
    await ledger.app.listen(0, '127.0.0.1');
    url = (await ledger.app.getUrl()).replace('[::1]', '127.0.0.1');
    const w = await fx.world(unique('forged'));
    auditor = w.keys.auditor;
    partner = { key: w.keys.a, partnershipId: w.partnershipId };
    await ledger.http.get('/v1/ledger/head').set(bearer(auditor)).expect(200);
    const append = async (batch: number, size: number) => {
      const events = Array.from({ length: size }, (_, k) => ({
        eventId: randomUUID(),
        type: k % 3 === 0 ? 'cost.incurred' : k % 3 === 1 ? 'engagement.logged' : 'customer.referred',
        occurredAt: new Date(Date.UTC(2026, 0, 1) + (batch * 100 + k) * 60_000).toISOString(),
        data:
          k % 3 === 0
            ? { amount: `${batch}.${String(k).padStart(2, '0')}`, category: 'mdf' }
            : k % 3 === 1
              ? { activity: 'training', durationMinutes: 10 + k }
              : { customerId: `c-${batch}-${k}` },
      }));
      // One at a time, with the head asked for after each: the ledger signs a size only while it is the
      // head, and the test wants genuine heads of many past sizes.
      for (const event of events) {
        await ledger.http
          .post(`/v1/partnerships/${w.partnershipId}/events`)
          .set(bearer(batch % 2 ? w.keys.a : w.keys.b))
          .send(event)
          .expect(201);
        await ledger.http.get('/v1/ledger/head').set(bearer(auditor)).expect(200);
      }
    };
    // About 150 events, a genuine head saved by the CLI, then as many again.
    for (let b = 0; b < 12; b += 1) await append(b, 1 + ((b * 7) % 24));
    const first = await ledgerCli([
      'verify',
      '--url',
      url,
      '--key',
      auditor,
      '--state',
      join(dir, 'genuine.json'),
    ]);
    expect(first).toMatchObject({ code: 0 });
    savedSize = JSON.parse(readFileSync(join(dir, 'genuine.json'), 'utf8')).head.treeSize;
    for (let b = 12; b < 26; b += 1) await append(b, 1 + ((b * 11) % 25));

    const events: Record<string, any>[] = [];
    for (let from = 1; ;) {
      const page = (
        await ledger.http.get(`/v1/events?fromPosition=${from}&limit=1000`).set(bearer(auditor)).expect(200)
      ).body;
      if (page.items.length === 0) break;
      events.push(...page.items);
      from = page.nextPosition;
    }
    N = events.length;
    expect(events.map((e) => leafOf(e as never))).toEqual(events.map((e) => e.hash));
    tree = new ReferenceTree(events.map((e) => Buffer.from(e.hash, 'hex')));
    served = (await ledger.http.get('/v1/ledger/public-key').expect(200)).body;
    publicKey = parsePublicKey(served.publicKey);
    const latest = (await ledger.http.get('/v1/ledger/head').set(bearer(auditor)).expect(200))
      .body as SignedTreeHead;
    expect(latest.treeSize).toBe(N);
    const sizes = new Set([
      1,
      2,
      3,
      4,
      5,
      7,
      8,
      15,
      16,
      17,
      31,
      32,
      33,
      63,
      64,
      65,
      100,
      127,
      128,
      129,
      savedSize - 1,
      savedSize,
      savedSize + 1,
      200,
      255,
      256,
      N - 1,
      N,
    ]);
    for (const size of [...sizes].filter((s) => s >= 1 && s <= N).sort((a, b) => a - b)) {
      const { cosignatures: _cosignatures, ...head } = (
        await ledger.http.get(`/v1/ledger/heads/${size}`).set(bearer(auditor)).expect(200)
      ).body;
      heads.set(size, head as SignedTreeHead);
    }
  }, 300_000);

  it('accepts every genuine proof and head, and none of 10,000 forgeries', async () => {
    expect(N).toBeGreaterThanOrEqual(300);
    const rand = prng(SEED);
    const headSizes = [...heads.keys()];
    const isSize = (n: unknown): n is number =>
      Number.isSafeInteger(n) && (n as number) >= 1 && (n as number) <= N;

    // Genuine heads: signed by the published key, over the root of the independent tree.
    let genuine = 0;
    let genuineAccepted = 0;
    const wrongGenuine: string[] = [];
    for (const h of heads.values()) {
      genuine += 1;
      if (
        verifyHead(h, h.signature, publicKey) &&
        h.rootHash === tree.root(h.treeSize).toString('hex') &&
        h.keyId === served.keyId
      )
        genuineAccepted += 1;
      else wrongGenuine.push(`head ${h.treeSize}`);
    }

    // Genuine inclusion proofs from the API, equal to PATH(m, D[n]) and accepted.
    const inclusions: InclusionCase[] = [];
    for (const size of headSizes) {
      const positions = new Set([
        1,
        size,
        Math.ceil(size / 2),
        ...Array.from({ length: 9 }, () => 1 + rand.int(size)),
      ]);
      for (const position of positions) {
        const proof = (
          await ledger.http
            .get(`/v1/ledger/proofs/inclusion?position=${position}&treeSize=${size}`)
            .set(bearer(auditor))
            .expect(200)
        ).body;
        const c: InclusionCase = {
          index: proof.leafIndex,
          size: proof.treeSize,
          leaf: Buffer.from(proof.leafHash, 'hex'),
          path: proof.auditPath.map((h: string) => Buffer.from(h, 'hex')),
          root: tree.root(size),
        };
        genuine += 1;
        const canonical =
          c.index === position - 1 &&
          c.size === size &&
          c.leaf.equals(tree.leaves[position - 1]) &&
          sameBuffers(c.path, tree.path(position - 1, size));
        if (
          canonical &&
          verifyInclusion(c.index, c.size, c.leaf, c.path, Buffer.from(heads.get(size)!.rootHash, 'hex'))
        )
          genuineAccepted += 1;
        else wrongGenuine.push(`inclusion ${position} in ${size}`);
        inclusions.push(c);
      }
    }

    // Genuine consistency proofs from the API, equal to PROOF(m, D[n]) and accepted.
    const consistencies: ConsistencyCase[] = [];
    const pairs: [number, number][] = [];
    const some = headSizes.filter((_, i) => i % 2 === 0);
    for (const m of some) for (const n of some) if (m <= n) pairs.push([m, n]);
    for (let i = 0; i < 80; i += 1) {
      const n = 1 + rand.int(N);
      pairs.push([1 + rand.int(n), n]);
    }
    for (const [m, n] of pairs) {
      const body = (
        await ledger.http
          .get(`/v1/ledger/proofs/consistency?from=${m}&to=${n}`)
          .set(bearer(auditor))
          .expect(200)
      ).body;
      const c: ConsistencyCase = {
        m: body.fromSize,
        n: body.toSize,
        proof: body.proof.map((h: string) => Buffer.from(h, 'hex')),
        root1: tree.root(m),
        root2: tree.root(n),
      };
      genuine += 1;
      const canonical = c.m === m && c.n === n && sameBuffers(c.proof, tree.proof(m, n));
      if (canonical && verifyConsistency(c.m, c.n, c.proof, c.root1, c.root2)) genuineAccepted += 1;
      else wrongGenuine.push(`consistency ${m} → ${n}`);
      consistencies.push(c);
    }

    // The oracle: is a statement genuine for this ledger? Anything else accepted is an accepted forgery.
    const inclusionGenuine = (c: InclusionCase) =>
      isSize(c.size) &&
      Number.isSafeInteger(c.index) &&
      c.index >= 0 &&
      c.index < c.size &&
      c.leaf.equals(tree.leaves[c.index]) &&
      c.root.equals(tree.root(c.size)) &&
      sameBuffers(c.path, tree.path(c.index, c.size));
    const consistencyGenuine = (c: ConsistencyCase) =>
      isSize(c.m) &&
      isSize(c.n) &&
      c.m <= c.n &&
      c.root1.equals(tree.root(c.m)) &&
      c.root2.equals(tree.root(c.n)) &&
      sameBuffers(c.proof, tree.proof(c.m, c.n));
    const genuineHeads = [...heads.values()];
    const headGenuine = (c: HeadCase) =>
      genuineHeads.some(
        (h) =>
          h.treeSize === c.head.treeSize &&
          h.rootHash === c.head.rootHash &&
          h.timestamp === c.head.timestamp &&
          Buffer.from(h.signature, 'base64').equals(Buffer.from(c.signature, 'base64')),
      );

    const BAD_SIZES = [
      0,
      -1,
      Number.NaN,
      1.5,
      Number.POSITIVE_INFINITY,
      2 ** 53,
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
    ];
    const randomNode = () => rand.bytes(32);
    const nodeOps = (path: Buffer[], c: { leaf?: Buffer; root: Buffer }): [string, () => Buffer[]][] => [
      [
        'flipped bit',
        () => {
          const at = rand.int(path.length || 1);
          return path.length
            ? path.map((p, i) => (i === at ? flipBit(p, rand.int(256)) : p))
            : [randomNode()];
        },
      ],
      ['flipped bit in every node', () => path.map((p) => flipBit(p, rand.int(256)))],
      [
        'swapped neighbours',
        () => {
          const i = rand.int(Math.max(1, path.length - 1));
          const q = [...path];
          [q[i], q[i + 1]] = [q[i + 1], q[i]];
          return q.filter(Boolean);
        },
      ],
      [
        'swapped random nodes',
        () => {
          const q = [...path];
          const i = rand.int(q.length || 1);
          const j = rand.int(q.length || 1);
          [q[i], q[j]] = [q[j], q[i]];
          return q.filter(Boolean);
        },
      ],
      [
        'dropped node',
        () => {
          const at = rand.int(path.length || 1);
          return path.filter((_, i) => i !== at);
        },
      ],
      ['dropped last node', () => path.slice(0, -1)],
      [
        'duplicated node',
        () => {
          const i = rand.int(path.length || 1);
          return path.length ? [...path.slice(0, i + 1), path[i], ...path.slice(i + 1)] : [randomNode()];
        },
      ],
      ['extra random node at the end', () => [...path, randomNode()]],
      ['extra random node at the start', () => [randomNode(), ...path]],
      ['extra copy of the root', () => [...path, c.root]],
      ['extra copy of the leaf', () => (c.leaf ? [c.leaf, ...path] : [...path, path[0] ?? randomNode()])],
      [
        'node replaced by random bytes',
        () => {
          const at = rand.int(path.length || 1);
          return path.length ? path.map((p, i) => (i === at ? randomNode() : p)) : [randomNode()];
        },
      ],
      [
        'node replaced by zeros',
        () => {
          const at = rand.int(path.length || 1);
          return path.length ? path.map((p, i) => (i === at ? Buffer.alloc(32) : p)) : [Buffer.alloc(32)];
        },
      ],
      [
        'node of 31 bytes',
        () => (path.length ? path.map((p, i) => (i === 0 ? p.subarray(0, 31) : p)) : [Buffer.alloc(31)]),
      ],
      [
        'node of 33 bytes',
        () =>
          path.length
            ? path.map((p, i) => (i === path.length - 1 ? Buffer.concat([p, Buffer.from([0])]) : p))
            : [Buffer.alloc(33)],
      ],
      ['empty', () => []],
      ['reversed', () => [...path].reverse()],
      ['all random', () => path.map(randomNode)],
    ];

    const accepted: string[] = [];
    const tried = { inclusion: 0, consistency: 0, head: 0 };
    let skippedAsGenuine = 0;

    // Inclusion forgeries.
    while (tried.inclusion < FORGERIES.inclusion) {
      const g = rand.pick(inclusions);
      const other = rand.pick(inclusions);
      const ops: [string, () => InclusionCase][] = [
        ...nodeOps(g.path, g).map(([name, make]): [string, () => InclusionCase] => [
          `audit path: ${name}`,
          () => ({ ...g, path: make() }),
        ]),
        ['wrong leafIndex (neighbour)', () => ({ ...g, index: g.index + (rand.next() < 0.5 ? 1 : -1) })],
        ['wrong leafIndex (random)', () => ({ ...g, index: rand.int(g.size) })],
        [
          'leafIndex out of range',
          () => ({
            ...g,
            index: rand.pick([-1, g.size, g.size + 1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER, 2 ** 53]),
          }),
        ],
        [
          'wrong treeSize with that size’s root',
          () => {
            const size = 1 + rand.int(N);
            return { ...g, size, root: tree.root(size) };
          },
        ],
        [
          'treeSize ± 1 with that size’s root',
          () => {
            const size = Math.min(N, Math.max(1, g.size + (rand.next() < 0.5 ? 1 : -1)));
            return { ...g, size, root: tree.root(size) };
          },
        ],
        ['impossible treeSize', () => ({ ...g, size: rand.pick(BAD_SIZES) })],
        ['wrong leafHash (flipped bit)', () => ({ ...g, leaf: flipBit(g.leaf, rand.int(256)) })],
        ['another event’s leafHash', () => ({ ...g, leaf: tree.leaves[rand.int(N)] })],
        ['an interior node as leafHash', () => ({ ...g, leaf: g.path[0] ?? randomNode() })],
        ['wrong root (flipped bit)', () => ({ ...g, root: flipBit(g.root, rand.int(256)) })],
        ['root of another size', () => ({ ...g, root: tree.root(1 + rand.int(N)) })],
        ['random root', () => ({ ...g, root: randomNode() })],
        ['another proof’s path', () => ({ ...g, path: other.path })],
        ['another proof’s path and index', () => ({ ...g, path: other.path, index: other.index })],
        [
          'path for a neighbouring index',
          () => ({
            ...g,
            path:
              g.index + 1 < g.size
                ? tree.path(g.index + 1, g.size)
                : tree.path(Math.max(0, g.index - 1), g.size),
          }),
        ],
        [
          'path for another tree size',
          () => ({
            ...g,
            path: tree.path(
              Math.min(g.index, N - 1),
              Math.min(N, Math.max(g.index + 1, g.size + 1 + rand.int(5))),
            ),
          }),
        ],
      ];
      const [name, make] = rand.pick(ops);
      const f = make();
      if (inclusionGenuine(f)) {
        skippedAsGenuine += 1;
        continue;
      }
      tried.inclusion += 1;
      if (verifyInclusion(f.index, f.size, f.leaf, f.path, f.root))
        accepted.push(`inclusion, ${name}: index ${f.index}, size ${f.size}`);
    }

    // Consistency forgeries.
    while (tried.consistency < FORGERIES.consistency) {
      const g = rand.pick(consistencies);
      const other = rand.pick(consistencies);
      const ops: [string, () => ConsistencyCase][] = [
        ...nodeOps(g.proof, { root: g.root2 }).map(([name, make]): [string, () => ConsistencyCase] => [
          `proof: ${name}`,
          () => ({ ...g, proof: make() }),
        ]),
        ['proof with the old root prepended', () => ({ ...g, proof: [g.root1, ...g.proof] })],
        [
          'wrong old size with its root',
          () => {
            const m = 1 + rand.int(g.n);
            return { ...g, m, root1: tree.root(m) };
          },
        ],
        [
          'wrong new size with its root',
          () => {
            const n = g.m + rand.int(N - g.m + 1);
            return { ...g, n, root2: tree.root(n) };
          },
        ],
        [
          'old size ± 1 with its root',
          () => {
            const m = Math.min(N, Math.max(1, g.m + (rand.next() < 0.5 ? 1 : -1)));
            return { ...g, m, root1: tree.root(m) };
          },
        ],
        ['sizes swapped', () => ({ ...g, m: g.n, n: g.m, root1: g.root2, root2: g.root1 })],
        ['impossible old size', () => ({ ...g, m: rand.pick(BAD_SIZES) })],
        ['impossible new size', () => ({ ...g, n: rand.pick(BAD_SIZES) })],
        ['old root flipped', () => ({ ...g, root1: flipBit(g.root1, rand.int(256)) })],
        ['new root flipped', () => ({ ...g, root2: flipBit(g.root2, rand.int(256)) })],
        ['old root of another size', () => ({ ...g, root1: tree.root(1 + rand.int(N)) })],
        ['new root of another size', () => ({ ...g, root2: tree.root(1 + rand.int(N)) })],
        ['roots swapped', () => ({ ...g, root1: g.root2, root2: g.root1 })],
        ['random roots', () => ({ ...g, root1: randomNode(), root2: randomNode() })],
        ['another pair’s proof', () => ({ ...g, proof: other.proof })],
        [
          'proof of a neighbouring old size',
          () => ({ ...g, proof: tree.proof(Math.max(1, g.m === g.n ? g.m - 1 : g.m + 1), g.n) }),
        ],
        [
          'proof to a neighbouring new size',
          () => ({ ...g, proof: tree.proof(Math.min(g.m, Math.max(1, g.n - 1)), Math.max(1, g.n - 1)) }),
        ],
        [
          'empty proof for different sizes',
          () => {
            const n = Math.min(N, g.m + 1 + rand.int(20));
            return { m: g.m, n, proof: [], root1: g.root1, root2: tree.root(n) };
          },
        ],
      ];
      const [name, make] = rand.pick(ops);
      const f = make();
      if (consistencyGenuine(f)) {
        skippedAsGenuine += 1;
        continue;
      }
      tried.consistency += 1;
      if (verifyConsistency(f.m, f.n, f.proof, f.root1, f.root2))
        accepted.push(`consistency, ${name}: ${f.m} → ${f.n}`);
    }

    // Head forgeries.
    const otherKey = generateKeyPairSync('ed25519').privateKey;
    const signWith = (key: KeyObject, head: HeadCase['head']) =>
      sign(null, Buffer.from(canonicalize(head)!, 'utf8'), key).toString('base64');
    while (tried.head < FORGERIES.head) {
      const g = rand.pick(genuineHeads);
      const o = rand.pick(genuineHeads);
      const content = { treeSize: g.treeSize, rootHash: g.rootHash, timestamp: g.timestamp };
      const sig = Buffer.from(g.signature, 'base64');
      const hexFlip = (hex: string) => {
        const i = rand.int(hex.length);
        return `${hex.slice(0, i)}${hex[i] === '0' ? '1' : '0'}${hex.slice(i + 1)}`;
      };
      const ops: [string, () => HeadCase][] = [
        [
          'treeSize ± 1',
          () => ({
            head: { ...content, treeSize: g.treeSize + (rand.next() < 0.5 ? 1 : -1) },
            signature: g.signature,
          }),
        ],
        [
          'treeSize of another head',
          () => ({ head: { ...content, treeSize: o.treeSize }, signature: g.signature }),
        ],
        [
          'treeSize as a string',
          () => ({ head: { ...content, treeSize: String(g.treeSize) }, signature: g.signature }),
        ],
        [
          'treeSize huge or impossible',
          () => ({
            head: { ...content, treeSize: rand.pick([0, -1, 2 ** 53, g.treeSize + 2 ** 32, 1.5]) },
            signature: g.signature,
          }),
        ],
        [
          'rootHash with one digit changed',
          () => ({ head: { ...content, rootHash: hexFlip(g.rootHash) }, signature: g.signature }),
        ],
        [
          'rootHash in upper case',
          () => ({ head: { ...content, rootHash: g.rootHash.toUpperCase() }, signature: g.signature }),
        ],
        [
          'rootHash of another head',
          () => ({ head: { ...content, rootHash: o.rootHash }, signature: g.signature }),
        ],
        [
          'rootHash of the tree one larger',
          () => ({
            head: { ...content, rootHash: tree.root(Math.min(N, g.treeSize + 1)).toString('hex') },
            signature: g.signature,
          }),
        ],
        [
          'rootHash zeros',
          () => ({ head: { ...content, rootHash: '0'.repeat(64) }, signature: g.signature }),
        ],
        [
          'timestamp + 1 ms',
          () => ({
            head: { ...content, timestamp: new Date(Date.parse(g.timestamp) + 1).toISOString() },
            signature: g.signature,
          }),
        ],
        [
          'timestamp of another head',
          () => ({
            head: {
              ...content,
              timestamp:
                o.timestamp === g.timestamp
                  ? new Date(Date.parse(g.timestamp) - 1000).toISOString()
                  : o.timestamp,
            },
            signature: g.signature,
          }),
        ],
        [
          'the same instant written +00:00',
          () => ({
            head: { ...content, timestamp: g.timestamp.replace('Z', '+00:00') },
            signature: g.signature,
          }),
        ],
        [
          'signature with a flipped bit',
          () => ({ head: content, signature: flipBit(sig, rand.int(512)).toString('base64') }),
        ],
        [
          'signature of another head',
          () => ({
            head: content,
            signature: o.treeSize === g.treeSize ? flipBit(sig, 7).toString('base64') : o.signature,
          }),
        ],
        [
          'signature truncated to 63 bytes',
          () => ({ head: content, signature: sig.subarray(0, 63).toString('base64') }),
        ],
        [
          'signature with an extra byte',
          () => ({
            head: content,
            signature: Buffer.concat([sig, Buffer.from([rand.int(256)])]).toString('base64'),
          }),
        ],
        ['signature zeros', () => ({ head: content, signature: Buffer.alloc(64).toString('base64') })],
        ['signature random', () => ({ head: content, signature: rand.bytes(64).toString('base64') })],
        [
          'signature S + L (non-canonical scalar)',
          () => ({ head: content, signature: addGroupOrder(sig).toString('base64') }),
        ],
        [
          'signature halves swapped',
          () => ({
            head: content,
            signature: Buffer.concat([sig.subarray(32), sig.subarray(0, 32)]).toString('base64'),
          }),
        ],
        [
          'signature empty or not base64',
          () => ({
            head: content,
            signature: rand.pick([
              '',
              '!!!!',
              `${g.signature.slice(0, 40)} ${g.signature.slice(40)}`,
              'null',
            ]),
          }),
        ],
        [
          'genuine content signed by another key',
          () => ({ head: content, signature: signWith(otherKey, content) }),
        ],
        [
          'forged content signed by another key',
          () => {
            const head = { ...content, rootHash: hexFlip(g.rootHash) };
            return { head, signature: signWith(otherKey, head) };
          },
        ],
        [
          'larger treeSize signed by another key',
          () => {
            const head = { ...content, treeSize: g.treeSize + 1 + rand.int(1000) };
            return { head, signature: signWith(otherKey, head) };
          },
        ],
      ];
      const [name, make] = rand.pick(ops);
      const f = make();
      if (headGenuine(f)) {
        skippedAsGenuine += 1;
        continue;
      }
      tried.head += 1;
      if (verifyHead(f.head as never, f.signature, publicKey))
        accepted.push(`head, ${name}: ${JSON.stringify(f.head)}`);
    }

    const total = tried.inclusion + tried.consistency + tried.head;
    record(`forged-proofs-library-${backend}`, {
      summary:
        `ledger of ${N} events: ${genuineAccepted} of ${genuine} genuine proofs and heads ` +
        `accepted; ${total} forgeries (${tried.inclusion} inclusion, ${tried.consistency} ` +
        `consistency, ${tried.head} heads) ` +
        `given to verifyInclusion / verifyConsistency / verifyHead: ${accepted.length} accepted`,
      numbers: {
        ledgerSize: N,
        genuine,
        genuineAccepted,
        forgeries: total,
        inclusionForgeries: tried.inclusion,
        consistencyForgeries: tried.consistency,
        headForgeries: tried.head,
        accepted: accepted.length,
        mutationsThatWereGenuine: skippedAsGenuine,
      },
    });
    if (accepted.length > 0)
      process.stdout.write(
        `[reliability] forged proofs accepted (first 20):\n  ${accepted.slice(0, 20).join('\n  ')}\n`,
      );
    expect(wrongGenuine).toEqual([]);
    expect(genuineAccepted).toBe(genuine);
    expect(total).toBe(10_000);
    expect(accepted).toEqual([]);
  });

  describe('the auditor CLI, given forged answers by a stand-in server', () => {
    let forger: Awaited<ReturnType<typeof startForger>>;
    let nextId = 0;
    beforeAll(async () => {
      forger = await startForger(served);
    });
    afterAll(() => new Promise<void>((resolve) => forger?.server.close(() => resolve())));

    /**
     * Runs `ledger verify` against a scenario, from a fresh copy of the state holding the genuine saved head.
     */
    const runScenario = async (scenario: Scenario) => {
      const id = (nextId += 1);
      forger.scenarios.set(id, scenario);
      const state = join(dir, `state-${id}.json`);
      writeFileSync(state, readFileSync(join(dir, 'genuine.json')));
      const result = await ledgerCli(['verify', '--url', forger.url(id), '--key', auditor, '--state', state]);
      const savedAfter = JSON.parse(readFileSync(state, 'utf8')).head;
      return {
        name: scenario.name,
        ...result,
        stateChanged:
          JSON.stringify(savedAfter) !==
          JSON.stringify(JSON.parse(readFileSync(join(dir, 'genuine.json'), 'utf8')).head),
      };
    };
    const inBatches = async <T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> => {
      const out: R[] = [];
      for (let i = 0; i < items.length; i += size)
        out.push(...(await Promise.all(items.slice(i, i + size).map(work))));
      return out;
    };

    const genuineProof = (from: number, to: number) => ({
      fromSize: from,
      toSize: to,
      proof: tree.proof(from, to).map((b) => b.toString('hex')),
    });
    const ledgerKey = () => createPrivateKey(TEST_SIGNING_KEY);
    /** A head signed with the ledger's own key: a ledger (or a thief of its key) lying consistently. */
    const signedByLedger = (content: { treeSize: unknown; rootHash: unknown; timestamp: unknown }) => ({
      ...content,
      signature: sign(null, Buffer.from(canonicalize(content)!, 'utf8'), ledgerKey()).toString('base64'),
      keyId: served.keyId,
    });

    it('exits 0 on the genuine answer and 1 on every forged head or consistency proof', async () => {
      const latest = heads.get(N)!;
      const saved = heads.get(savedSize)!;
      const older = heads.get(savedSize - 1)!;
      expect(JSON.parse(readFileSync(join(dir, 'genuine.json'), 'utf8')).head).toEqual(saved);
      const content = { treeSize: latest.treeSize, rootHash: latest.rootHash, timestamp: latest.timestamp };
      const flipHex = (hex: string, i: number) =>
        `${hex.slice(0, i)}${hex[i] === 'a' ? 'b' : 'a'}${hex.slice(i + 1)}`;
      const sig = Buffer.from(latest.signature, 'base64');
      const otherKey = generateKeyPairSync('ed25519');
      const otherKeyId = `ed25519-${createHash('sha256')
        .update(otherKey.publicKey.export({ type: 'spki', format: 'der' }))
        .digest('hex')
        .slice(0, 16)}`;
      const proof = tree.proof(savedSize, N).map((b) => b.toString('hex'));
      const withProof = (name: string, forged: string[]): Scenario => ({
        name: `consistency proof: ${name}`,
        head: latest,
        consistency: (from, to) => ({ fromSize: from, toSize: to, proof: forged }),
      });
      // A forked history: one event before the saved head rewritten, the tree regrown, its head signed by the
      // ledger's key.
      const forkLeaves = [...tree.leaves];
      forkLeaves[Math.floor(savedSize / 2)] = flipBit(forkLeaves[Math.floor(savedSize / 2)], 3);
      const fork = new ReferenceTree(forkLeaves);

      const forged: Scenario[] = [
        { name: 'head: treeSize + 1', head: { ...latest, treeSize: N + 1 }, consistency: genuineProof },
        {
          name: 'head: treeSize of the saved head, its own root',
          head: { ...latest, treeSize: savedSize },
          consistency: genuineProof,
        },
        {
          name: 'head: rootHash with one digit changed',
          head: { ...latest, rootHash: flipHex(latest.rootHash, 17) },
          consistency: genuineProof,
        },
        {
          name: 'head: rootHash of another size',
          head: { ...latest, rootHash: tree.root(N - 1).toString('hex') },
          consistency: genuineProof,
        },
        {
          name: 'head: timestamp + 1 ms',
          head: { ...latest, timestamp: new Date(Date.parse(latest.timestamp) + 1).toISOString() },
          consistency: genuineProof,
        },
        {
          name: 'head: signature with a flipped bit',
          head: { ...latest, signature: flipBit(sig, 100).toString('base64') },
          consistency: genuineProof,
        },
        {
          name: 'head: signature of another head',
          head: { ...latest, signature: older.signature },
          consistency: genuineProof,
        },
        {
          name: 'head: signature S + L',
          head: { ...latest, signature: addGroupOrder(sig).toString('base64') },
          consistency: genuineProof,
        },
        {
          name: 'head: signed by another key, pinned keyId',
          head: {
            ...content,
            signature: sign(null, headBytes(content), otherKey.privateKey).toString('base64'),
            keyId: served.keyId,
          },
          consistency: genuineProof,
        },
        {
          name: 'head: signed by another key, its own keyId',
          head: {
            ...content,
            signature: sign(null, headBytes(content), otherKey.privateKey).toString('base64'),
            keyId: otherKeyId,
          },
          consistency: genuineProof,
        },
        {
          name: 'head: genuine signature, another keyId',
          head: { ...latest, keyId: otherKeyId },
          consistency: genuineProof,
        },
        { name: 'head: a genuine older head (rollback)', head: older, consistency: genuineProof },
        {
          name: 'head: the genuine first head (rollback to size 1)',
          head: heads.get(1)!,
          consistency: genuineProof,
        },
        withProof(
          'a flipped bit',
          proof.map((p, i) => (i === 0 ? flipHex(p, 5) : p)),
        ),
        withProof(
          'a flipped bit in the last node',
          proof.map((p, i) => (i === proof.length - 1 ? flipHex(p, 60) : p)),
        ),
        withProof('a node dropped', proof.slice(1)),
        withProof('the last node dropped', proof.slice(0, -1)),
        withProof('a node duplicated', [proof[0], ...proof]),
        withProof('an extra node', [...proof, 'ab'.repeat(32)]),
        withProof(
          'neighbours swapped',
          proof.length > 1 ? [proof[1], proof[0], ...proof.slice(2)] : [...proof, proof[0]],
        ),
        withProof('reversed', [...proof].reverse()),
        withProof('empty', []),
        withProof(
          'the proof from one size later',
          tree.proof(savedSize + 1, N).map((b) => b.toString('hex')),
        ),
        withProof(
          'the proof to one size earlier',
          tree.proof(savedSize, N - 1).map((b) => b.toString('hex')),
        ),
        withProof(
          'zeros',
          proof.map(() => '0'.repeat(64)),
        ),
        withProof('the old root prepended', [saved.rootHash, ...proof]),
        {
          name: 'signed by the ledger key: the saved size with another root',
          head: signedByLedger({
            treeSize: savedSize,
            rootHash: flipHex(saved.rootHash, 0),
            timestamp: latest.timestamp,
          }),
          consistency: genuineProof,
        },
        {
          name: 'signed by the ledger key: a random root, the genuine proof',
          head: signedByLedger({ ...content, rootHash: 'cd'.repeat(32) }),
          consistency: genuineProof,
        },
        {
          name: 'signed by the ledger key: a forked history and its own consistency proof',
          head: signedByLedger({ ...content, rootHash: fork.root(N).toString('hex') }),
          consistency: (from, to) => ({
            fromSize: from,
            toSize: to,
            proof: fork.proof(from, to).map((b) => b.toString('hex')),
          }),
        },
        {
          name: 'signed by the ledger key: a smaller tree (history removed)',
          head: signedByLedger({
            treeSize: savedSize - 10,
            rootHash: tree.root(savedSize - 10).toString('hex'),
            timestamp: latest.timestamp,
          }),
          consistency: genuineProof,
        },
      ];

      const control = await runScenario({
        name: 'genuine head and consistency proof',
        head: latest,
        consistency: genuineProof,
      });
      const results = await inBatches(forged, 3, runScenario);
      const exits = results.map((r) => ({ name: r.name, code: r.code, stateChanged: r.stateChanged }));
      const failedAsVerification = results.filter(
        (r) => r.code === 1 && /VERIFICATION FAILED/.test(r.stderr),
      ).length;
      record(`forged-proofs-cli-${backend}`, {
        summary:
          `ledger verify with a genuine saved head (size ${savedSize}) against a stand-in server: ` +
          `genuine answer exit ${control.code}; ${forged.length} forged heads or consistency ` +
          `proofs: ${failedAsVerification} exit 1 (verification ` +
          `failed), ${results.filter((r) => r.code === 0).length} accepted`,
        numbers: {
          savedTreeSize: savedSize,
          servedTreeSize: N,
          genuineExit: control.code,
          forged: forged.length,
          exit1: failedAsVerification,
          exit0: results.filter((r) => r.code === 0).length,
          otherExit: results.filter((r) => r.code !== 0 && r.code !== 1).length,
        },
      });
      expect(control).toMatchObject({ code: 0, stateChanged: true });
      expect(control.stdout).toMatch(new RegExp(`consistency proof ${savedSize} → ${N} ok`));
      expect(exits).toEqual(forged.map((s) => ({ name: s.name, code: 1, stateChanged: false })));
      expect(failedAsVerification).toBe(forged.length);
    }, 600_000);

    it('follows a rotation endorsed by the pinned key, and exits 1 on every forged key history', async () => {
      const latest = heads.get(N)!;
      const content = { treeSize: latest.treeSize, rootHash: latest.rootHash, timestamp: latest.timestamp };
      const fresh = () => {
        const pair = generateKeyPairSync('ed25519');
        const der = pair.publicKey.export({ type: 'spki', format: 'der' });
        return {
          ...pair,
          keyId: `ed25519-${createHash('sha256').update(der).digest('hex').slice(0, 16)}`,
          pem: pair.publicKey.export({ type: 'spki', format: 'pem' }) as string,
        };
      };
      const [next, third] = [fresh(), fresh()];
      // Signed here from RFC 8785 by the canonicalize library, sharing no code with the product.
      const link = (
        body: {
          previousKeyId: string;
          keyId: string;
          publicKey: string;
          rotatedAt: string;
          treeSize: number;
        },
        signer: KeyObject | null,
      ) => ({
        ...body,
        signature: signer
          ? sign(null, Buffer.from(canonicalize(body)!, 'utf8'), signer).toString('base64')
          : null,
      });
      const headByNext = {
        ...content,
        signature: sign(null, headBytes(content), next.privateKey).toString('base64'),
        keyId: next.keyId,
      };
      const base = {
        previousKeyId: served.keyId,
        keyId: next.keyId,
        publicKey: next.pem,
        rotatedAt: latest.timestamp,
        treeSize: savedSize,
      };
      const rotated = (rotations: unknown, name: string): Scenario => ({
        name: `key history: ${name}`,
        head: headByNext,
        consistency: genuineProof,
        rotations,
      });
      const forged: Scenario[] = [
        rotated(undefined, 'none served (404)'),
        rotated({ items: [] }, 'an empty list'),
        rotated({ items: [link(base, next.privateKey)] }, 'the rotation signed by the new key itself'),
        rotated({ items: [link(base, third.privateKey)] }, 'the rotation signed by a third key'),
        rotated({ items: [link(base, null)] }, 'the rotation unendorsed, no --accept-key'),
        rotated(
          { items: [link({ ...base, publicKey: third.pem }, ledgerKey())] },
          'endorsed, but its public key is not its keyId',
        ),
        rotated(
          { items: [link({ ...base, treeSize: savedSize - 1 }, ledgerKey())] },
          'endorsed, but retiring the pinned key before the saved head',
        ),
        rotated(
          {
            items: [
              link(base, ledgerKey()),
              link({ ...base, keyId: third.keyId, publicKey: third.pem }, ledgerKey()),
            ],
          },
          'two rotations from the pinned key (a fork)',
        ),
        rotated(
          { items: [{ ...link(base, ledgerKey()), treeSize: String(savedSize) }] },
          'a treeSize that is not a number',
        ),
        rotated({ items: 'none' }, 'items that are not a list'),
      ];
      const control = await runScenario(
        rotated({ items: [link(base, ledgerKey())] }, 'endorsed by the pinned key'),
      );
      const results = await inBatches(forged, 3, runScenario);
      const failed = results.filter((r) => r.code === 1 && /VERIFICATION FAILED/.test(r.stderr)).length;
      record(`forged-proofs-cli-rotations-${backend}`, {
        summary:
          `ledger verify on a head signed by a new key: a rotation endorsed by the pinned key ` +
          `exit ${control.code}; ${forged.length} forged key histories: ${failed} exit ` +
          `1, ${results.filter((r) => r.code === 0).length} accepted`,
        numbers: {
          controlExit: control.code,
          forged: forged.length,
          exit1: failed,
          exit0: results.filter((r) => r.code === 0).length,
        },
      });
      expect(control.stdout).toContain(
        `${served.keyId} → ${next.keyId}, endorsed by ${served.keyId} — signature ok`,
      );
      expect(control).toMatchObject({ code: 0, stateChanged: true });
      for (const r of results.filter((x) => x.code !== 1))
        process.stdout.write(`[reliability] CLI on "${r.name}": exit ${r.code}: ${r.stderr.trim()}\n`);
      expect(results.map((r) => ({ name: r.name, code: r.code, stateChanged: r.stateChanged }))).toEqual(
        forged.map((f) => ({ name: f.name, code: 1, stateChanged: false })),
      );
    }, 600_000);

    it(
      'exits 1, not 0 or 2, on malformed forged answers: ' +
        'proofs that are not hashes, heads that are not heads',
      async () => {
        const latest = heads.get(N)!;
        const proof = tree.proof(savedSize, N).map((b) => b.toString('hex'));
        const malformed: Scenario[] = [
          {
            name: 'consistency proof with a node that is not hex',
            head: latest,
            consistency: (from, to) => ({
              fromSize: from,
              toSize: to,
              proof: ['zz'.repeat(32), ...proof.slice(1)],
            }),
          },
          {
            name: 'consistency proof with a node of 31 bytes',
            head: latest,
            consistency: (from, to) => ({
              fromSize: from,
              toSize: to,
              proof: [proof[0].slice(0, 62), ...proof.slice(1)],
            }),
          },
          {
            name: 'consistency proof that is a string',
            head: latest,
            consistency: (from, to) => ({ fromSize: from, toSize: to, proof: proof.join('') }),
          },
          {
            name: 'consistency proof missing',
            head: latest,
            consistency: (from, to) => ({ fromSize: from, toSize: to }),
          },
          {
            name: 'consistency proof with a null node',
            head: latest,
            consistency: (from, to) => ({ fromSize: from, toSize: to, proof: [null, ...proof.slice(1)] }),
          },
          {
            name: 'head signed by the ledger key with a rootHash that is not hex',
            head: signedByLedger({ treeSize: N, rootHash: 'zz'.repeat(32), timestamp: latest.timestamp }),
            consistency: genuineProof,
          },
          { name: 'head that is an empty object', head: {}, consistency: genuineProof },
          { name: 'head that is an array', head: [latest], consistency: genuineProof },
        ];
        const results = await inBatches(malformed, 3, runScenario);
        record(`forged-proofs-cli-malformed-${backend}`, {
          summary:
            `${malformed.length} malformed forged answers to ledger ` +
            `verify: ${results.filter((r) => r.code === 1).length} exit ` +
            `1, ${results.filter((r) => r.code === 2).length} exit ` +
            `2, ${results.filter((r) => r.code === 0).length} exit 0`,
          numbers: {
            forged: malformed.length,
            exit1: results.filter((r) => r.code === 1).length,
            exit2: results.filter((r) => r.code === 2).length,
            exit0: results.filter((r) => r.code === 0).length,
          },
        });
        for (const r of results.filter((x) => x.code !== 1))
          process.stdout.write(`[reliability] CLI on "${r.name}": exit ${r.code}: ${r.stderr.trim()}\n`);
        expect(results.map((r) => ({ name: r.name, code: r.code, stateChanged: r.stateChanged }))).toEqual(
          malformed.map((s) => ({ name: s.name, code: 1, stateChanged: false })),
        );
      },
      600_000,
    );
  });

  describe('holes in exports: a relay dropping events, and export files with an event missing', () => {
    const file = (name: string) => join(dir, name);
    let runs = 0;
    const verifyExport = (key: string, name: string) =>
      ledgerCli([
        'verify',
        '--url',
        url,
        '--key',
        key,
        '--state',
        file(`holes-state-${(runs += 1)}.json`),
        '--export',
        file(name),
      ]);
    const inBatches = async <T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> => {
      const out: R[] = [];
      for (let i = 0; i < items.length; i += size)
        out.push(...(await Promise.all(items.slice(i, i + size).map(work))));
      return out;
    };
    /** "position 41 missing" or "positions 296–300 missing", as the CLI names a hole. */
    const names = (first: number) => new RegExp(`positions? ${first}(–\\d+)? missing`);

    it(
      'ledger export and ledger verify --export exit 1 ' + 'naming every hole, and 0 on the complete exports',
      async () => {
        expect(
          (await ledgerCli(['export', '--url', url, '--key', auditor, '--out', file('holes-all.ndjson')]))
            .code,
        ).toBe(0);
        expect(
          (
            await ledgerCli([
              'export',
              '--url',
              url,
              '--key',
              partner.key,
              '--out',
              file('holes-partner.ndjson'),
            ])
          ).code,
        ).toBe(0);
        const all = readFileSync(file('holes-all.ndjson'), 'utf8').trim().split('\n');
        const mine = readFileSync(file('holes-partner.ndjson'), 'utf8').trim().split('\n');
        const last = JSON.parse(mine.at(-1)!).version as number;
        expect(all).toHaveLength(N);
        const controls = await Promise.all([
          verifyExport(auditor, 'holes-all.ndjson'),
          verifyExport(partner.key, 'holes-partner.ndjson'),
        ]);

        const positions = [1, 2, 17, 41, 64, 128, 129, 200, N - 1, N];
        const versions = [1, 2, 41, 150, last];
        const pid = partner.partnershipId;
        type Hole = { name: string; run: () => Promise<{ code: number; stderr: string }>; says: RegExp };
        const relayed = async (rewrite: Parameters<typeof startRelay>[1], key: string) => {
          const relay = await startRelay(url, rewrite);
          try {
            return await ledgerCli([
              'export',
              '--url',
              relay.url,
              '--key',
              key,
              '--out',
              file(`holes-relayed-${(runs += 1)}.ndjson`),
            ]);
          } finally {
            await relay.close();
          }
        };
        const withLines = (name: string, lines: string[]) => {
          writeFileSync(file(name), `${lines.join('\n')}\n`);
          return name;
        };
        const holes: Hole[] = [
          ...positions.map((p) => ({
            name: `relay drops position ${p}`,
            run: () =>
              relayed(
                dropping(/^\/v1\/events$/, (e) => e.position === p),
                auditor,
              ),
            says: names(p),
          })),
          ...[1, 5].map((k) => ({
            name: `relay cuts the last ${k} events`,
            run: () =>
              relayed(
                dropping(/^\/v1\/events$/, (e) => e.position > N - k),
                auditor,
              ),
            says: names(N - k + 1),
          })),
          ...versions.map((v) => ({
            name: `relay drops ${pid} version ${v}`,
            run: () =>
              relayed(
                dropping(/\/events$/, (e) => e.partnershipId === pid && e.version === v),
                partner.key,
              ),
            says: new RegExp(`${pid} versions? ${v}(–\\d+)? missing`),
          })),
          ...positions.map((p) => ({
            name: `whole-ledger export without position ${p}`,
            run: () =>
              verifyExport(
                auditor,
                withLines(
                  `holes-no-${p}.ndjson`,
                  all.filter((l) => JSON.parse(l).position !== p),
                ),
              ),
            says: names(p),
          })),
          ...[1, 2, 100].map((k) => ({
            name: `whole-ledger export cut ${k} short`,
            run: () => verifyExport(auditor, withLines(`holes-cut-${k}.ndjson`, all.slice(0, -k))),
            says: names(N - k + 1),
          })),
          ...versions.map((v) => ({
            name: `partner export without version ${v}`,
            run: () =>
              verifyExport(
                partner.key,
                withLines(
                  `holes-v${v}.ndjson`,
                  mine.filter((l) => JSON.parse(l).version !== v),
                ),
              ),
            says: new RegExp(`${pid} version ${v} missing`),
          })),
        ];
        const results = await inBatches(holes, 3, async (h) => ({
          name: h.name,
          ...(await h.run()),
          says: h.says,
        }));
        const caught = results.filter(
          (r) =>
            r.code === 1 &&
            /VERIFICATION FAILED: the export is incomplete/.test(r.stderr) &&
            r.says.test(r.stderr),
        );
        record(`export-holes-${backend}`, {
          summary:
            `ledger of ${N} events: complete exports verify (auditor exit ${controls[0].code}, ` +
            `partner exit ${controls[1].code}); ` +
            `${holes.length} holes (a relay dropping a position, a version or the last events from ` +
            `the pages; export files ` +
            `missing a position, their last events or a partner's ` +
            `version): ${caught.length}/${holes.length} exit 1 naming the hole, ` +
            `${results.filter((r) => r.code === 0).length} accepted`,
          numbers: {
            events: N,
            holes: holes.length,
            caught: caught.length,
            accepted: results.filter((r) => r.code === 0).length,
          },
        });
        for (const r of results.filter((x) => !caught.includes(x)))
          process.stdout.write(`[reliability] ${r.name}: exit ${r.code}: ${r.stderr.trim()}\n`);
        expect(controls.map((c) => c.code)).toEqual([0, 0]);
        expect(caught.length).toBe(holes.length);
      },
      600_000,
    );
  });
});
