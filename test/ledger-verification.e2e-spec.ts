import { createPublicKey, sign, verify } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import canonicalize from 'canonicalize';
import { Client } from 'pg';
import {
  ADMIN_KEY,
  Fixtures,
  TestLedger,
  bearer,
  testBackends,
  unique,
  useLedger,
  witnessKey,
} from './support/ledger';
import { consistencyOk, inclusionOk, leafOf, rootOf } from './support/rfc9162';

type Body = Record<string, any>;

describe.each(testBackends())('the verifiable ledger on %s', (backend) => {
  let ledger: TestLedger;
  let fx: Fixtures;
  let w: Awaited<ReturnType<Fixtures['world']>>;
  useLedger(backend, (l, f) => {
    ledger = l;
    fx = f;
  });
  const get = async (path: string, key = ADMIN_KEY, status = 200) =>
    (await ledger.http.get(path).set(bearer(key)).expect(status)).body as Body;
  const post = (key: string, events: Body[]) =>
    ledger.http
      .post(`/v1/partnerships/${w.partnershipId}/events`)
      .set(bearer(key))
      .send({ events })
      .expect(201);
  const cost = (amount: string) => ({
    eventId: randomUUID(),
    type: 'cost.incurred',
    occurredAt: '2026-01-10T09:00:00Z',
    data: { amount, category: 'mdf' },
  });

  beforeAll(async () => {
    w = await fx.world(unique('merkle'));
    for (let i = 0; i < 6; i += 1)
      await post(
        i % 2 ? w.keys.a : w.keys.b,
        Array.from({ length: 1 + (i % 3) }, (_, k) => cost(`${i}.${k}0`)),
      );
  });

  it('signs the head with the published key, once per tree size', async () => {
    const { publicKey, keyId, jwk } = await ledger.http
      .get('/v1/ledger/public-key')
      .expect(200)
      .then((r) => r.body);
    const head = await get('/v1/ledger/head', w.keys.a);
    expect(head).toEqual({
      treeSize: expect.any(Number),
      rootHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      timestamp: expect.any(String),
      signature: expect.any(String),
      keyId,
    });
    const signed = Buffer.from(
      canonicalize({ treeSize: head.treeSize, rootHash: head.rootHash, timestamp: head.timestamp })!,
      'utf8',
    );
    expect(verify(null, signed, createPublicKey(publicKey), Buffer.from(head.signature, 'base64'))).toBe(
      true,
    );
    expect(createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' })).toBe(
      publicKey,
    );
    expect(await get('/v1/ledger/head', w.keys.governance)).toEqual(head);
    expect(await get(`/v1/ledger/heads/${head.treeSize}`)).toEqual({ ...head, cosignatures: [] });
  });

  it(
    'covers in every head each event appended before it was asked for, ' +
      'while other head requests are in flight',
    async () => {
      // Concurrent head requests share one read of the ledger's size, but never one that started before they
      // arrived.
      for (let i = 0; i < 8; i += 1) {
        const background = Array.from({ length: 6 }, () =>
          ledger.http.get('/v1/ledger/head').set(bearer(w.keys.a)),
        );
        const appended = (await post(w.keys.a, [cost(`9${i}.00`)])).body;
        const position = appended.events[0].position;
        const head = await get('/v1/ledger/head', w.keys.a);
        expect(head.treeSize).toBeGreaterThanOrEqual(position);
        await Promise.all(background);
      }
    },
  );

  it(
    'proves every event included in the current tree, ' + 'as an independent RFC 9162 verifier accepts',
    async () => {
      const head = await get('/v1/ledger/head');
      const events = (await get('/v1/events?limit=1000')).items as Body[];
      expect(events).toHaveLength(head.treeSize);
      for (const e of events) {
        expect(leafOf(e as never)).toBe(e.hash);
        const proof = await get(
          `/v1/ledger/proofs/inclusion?position=${e.position}&treeSize=${head.treeSize}`,
          ADMIN_KEY,
        );
        expect(proof).toMatchObject({
          leafIndex: e.position - 1,
          position: e.position,
          treeSize: head.treeSize,
          leafHash: e.hash,
        });
        expect(
          inclusionOk(proof.leafIndex, proof.treeSize, proof.leafHash, proof.auditPath, head.rootHash),
        ).toBe(true);
        expect(
          inclusionOk(proof.leafIndex, proof.treeSize, proof.leafHash, proof.auditPath, 'ab'.repeat(32)),
        ).toBe(false);
      }
    },
  );

  it(
    'proves every older tree consistent with every newer one, ' + 'each root as RFC 9162 defines it',
    async () => {
      const size = (await get('/v1/ledger/head')).treeSize as number;
      const leaves = (await get(`/v1/events?limit=${size}`)).items.map((e: Body) => e.hash as string);
      const roots = leaves.map((_: string, i: number) => rootOf(leaves.slice(0, i)));
      roots.push(rootOf(leaves));
      expect((await get(`/v1/ledger/heads/${size}`)).rootHash).toBe(roots[size]);
      for (let m = 1; m <= size; m += 1) {
        for (let n = m; n <= size; n += 1) {
          const { fromSize, toSize, proof } = await get(`/v1/ledger/proofs/consistency?from=${m}&to=${n}`);
          expect([fromSize, toSize]).toEqual([m, n]);
          expect(consistencyOk(m, n, proof, roots[m], roots[n])).toBe(true);
        }
      }
    },
  );

  it(
    'signs a head only for the size the ledger has when asked: ' +
      'a past size never issued stays unsigned (404)',
    async () => {
      const before = await get('/v1/ledger/head', w.keys.a);
      await post(w.keys.a, [cost('1.00')]);
      await post(w.keys.a, [cost('2.00')]);
      const after = await get('/v1/ledger/head', w.keys.a);
      expect(after.treeSize).toBe(before.treeSize + 2);
      // Both asked-for sizes are kept, the same bytes forever; the size in between was never the head when
      // asked.
      expect(await get(`/v1/ledger/heads/${before.treeSize}`, w.keys.b)).toEqual({
        ...before,
        cosignatures: [],
      });
      expect(await get(`/v1/ledger/heads/${after.treeSize}`, w.keys.b)).toEqual({
        ...after,
        cosignatures: [],
      });
      const never = await get(`/v1/ledger/heads/${before.treeSize + 1}`, w.keys.auditor, 404);
      expect(never).toMatchObject({
        code: 'head_not_issued',
        detail: expect.stringContaining('consistency'),
      });
      // Asking for it does not sign it either.
      await get(`/v1/ledger/heads/${before.treeSize + 1}`, ADMIN_KEY, 404);
    },
  );

  it('gives partners proofs for their own partnerships only, governance hashes only, and refuses bad sizes', async () => {
    const other = await fx.world(unique('other'));
    const mine = (await get(`/v1/partnerships/${w.partnershipId}/events`, w.keys.a)).items[1].position;
    const theirs = (await get(`/v1/partnerships/${other.partnershipId}/events`, other.keys.a)).items[0]
      .position;
    await get(`/v1/ledger/proofs/inclusion?position=${mine}`, w.keys.a);
    await get(`/v1/ledger/proofs/inclusion?position=${theirs}`, w.keys.a, 404);
    // Governance reads no events, but may prove any position: a proof holds hashes only, no content.
    const proof = await get(`/v1/ledger/proofs/inclusion?position=${theirs}`, w.keys.governance);
    expect(Object.keys(proof).sort()).toEqual(['auditPath', 'leafHash', 'leafIndex', 'position', 'treeSize']);
    await get('/v1/ledger/proofs/consistency?from=1', w.keys.b);
    const head = (await get('/v1/ledger/head')).treeSize;
    expect(
      (await get(`/v1/ledger/proofs/inclusion?position=${head + 1}`, ADMIN_KEY, 400)).errors[0].path,
    ).toBe('position');
    expect(
      (await get(`/v1/ledger/proofs/inclusion?position=1&treeSize=${head + 1}`, ADMIN_KEY, 400)).errors[0]
        .path,
    ).toBe('treeSize');
    expect(
      (await get(`/v1/ledger/proofs/consistency?from=1&to=${head + 1}`, ADMIN_KEY, 400)).errors[0].path,
    ).toBe('to');
    expect(
      (await get(`/v1/ledger/proofs/inclusion?position=3&treeSize=2`, ADMIN_KEY, 400)).errors[0].path,
    ).toBe('position');
    expect((await get('/v1/ledger/proofs/consistency?from=0', ADMIN_KEY, 400)).errors[0].path).toBe('from');
    expect((await get('/v1/ledger/proofs/inclusion', ADMIN_KEY, 400)).errors[0].path).toBe('position');
    await get(`/v1/ledger/heads/${head + 5}`, ADMIN_KEY, 404);
  });

  it(
    'lets an organization countersign a head with ' + 'its registered key, and checks the signature',
    async () => {
      const { privateKey, registration } = witnessKey(w.orgs.a);
      const register = (key: string, org: string, body: Body) =>
        ledger.http.post(`/v1/organizations/${org}/signing-keys`).set(bearer(key)).send(body);
      const registered = await register(w.keys.a, w.orgs.a, registration).expect(201);
      await register(w.keys.a, w.orgs.a, registration).expect(200);
      await register(w.keys.a, w.orgs.b, registration).expect(403);
      const badKey = await register(w.keys.a, w.orgs.a, { ...registration, publicKey: 'not a key' }).expect(
        400,
      );
      expect(badKey.body.errors[0].path).toBe('publicKey');

      const head = await get('/v1/ledger/head', w.keys.a);
      const bytes = Buffer.from(
        canonicalize({ treeSize: head.treeSize, rootHash: head.rootHash, timestamp: head.timestamp })!,
        'utf8',
      );
      const signature = sign(null, bytes, privateKey).toString('base64');
      const cosign = (key: string, body: Body) =>
        ledger.http.post(`/v1/ledger/heads/${head.treeSize}/cosignatures`).set(bearer(key)).send(body);
      const wrong = await cosign(w.keys.a, {
        keyId: registered.body.keyId,
        signature: sign(null, Buffer.from('other'), privateKey).toString('base64'),
      }).expect(400);
      expect(wrong.body.errors[0].path).toBe('signature');
      await cosign(w.keys.b, { keyId: registered.body.keyId, signature }).expect(403);
      const done = await cosign(w.keys.a, { keyId: registered.body.keyId, signature }).expect(201);
      expect(done.body.cosignatures).toEqual([{ orgId: w.orgs.a, keyId: registered.body.keyId, signature }]);
      await cosign(w.keys.a, { keyId: registered.body.keyId, signature }).expect(200);
      expect((await get(`/v1/ledger/heads/${head.treeSize}`, w.keys.b)).cosignatures).toHaveLength(1);
      await ledger.http
        .post(`/v1/ledger/heads/${head.treeSize + 100}/cosignatures`)
        .set(bearer(w.keys.a))
        .send({ keyId: registered.body.keyId, signature })
        .expect(404);
    },
  );

  it(
    'registers a witness key only with proof that the ' +
      'organization holds it, and never from a private key',
    async () => {
      const register = (key: string, org: string, body: Body) =>
        ledger.http.post(`/v1/organizations/${org}/signing-keys`).set(bearer(key)).send(body);
      // Organization B's key, which A knows (public keys are public) but cannot sign with.
      const bs = witnessKey(w.orgs.b);
      const stolen = await register(w.keys.a, w.orgs.a, {
        publicKey: bs.pem,
        proof: bs.registration.proof,
      }).expect(400);
      expect(stolen.body.errors).toEqual([
        { path: 'proof', message: expect.stringContaining(`proof that ${w.orgs.a} holds the key`) },
      ]);
      const missing = await register(w.keys.a, w.orgs.a, { publicKey: bs.pem }).expect(400);
      expect(missing.body.errors.map((e: { path: string }) => e.path)).toEqual(['proof']);
      // B can still register its own key: nobody could block it.
      await register(w.keys.b, w.orgs.b, bs.registration).expect(201);
      const privatePem = bs.privateKey.export({ type: 'pkcs8', format: 'pem' });
      const leaked = await register(w.keys.b, w.orgs.b, { ...bs.registration, publicKey: privatePem }).expect(
        400,
      );
      expect(leaked.body.errors).toEqual([
        { path: 'publicKey', message: expect.stringContaining('is a private key') },
      ]);
      const jwk = bs.privateKey.export({ format: 'jwk' });
      await register(w.keys.b, w.orgs.b, { ...bs.registration, publicKey: jwk }).expect(400);
    },
  );

  describe('rows changed behind the API’s back', () => {
    it('verifies a clean ledger, then names exactly the changed, swapped and deleted positions', async () => {
      const head = await get('/v1/ledger/head');
      const clean = await ledger.http.post('/v1/ledger/verify').set(bearer(w.keys.auditor)).expect(200);
      // The contract's fields, and what the report now also says was checked (heads, stored nodes).
      const checked = {
        headsChecked: expect.any(Number),
        headsUnchecked: 0,
        nodesChecked: Math.floor(head.treeSize / 16),
        problemsOmitted: 0,
      };
      expect(clean.body).toEqual({
        ok: true,
        eventsChecked: head.treeSize,
        treeSize: head.treeSize,
        rootHash: head.rootHash,
        problems: [],
        ...checked,
      });
      expect(clean.body.headsChecked).toBeGreaterThanOrEqual(1);
      await ledger.http.post('/v1/ledger/verify').set(bearer(w.keys.a)).expect(403);

      const sql = new Client({ connectionString: ledger.db.connectionString });
      await sql.connect();
      const [changed, swapA, swapB] = [3, 5, 6];
      const deleted = head.treeSize - 1;
      try {
        await sql.query('ALTER TABLE ledger_events DISABLE TRIGGER ledger_events_no_update');
        // one byte of data
        await sql.query(
          `UPDATE ledger_events SET data = jsonb_set(data, '{amount}', ` +
            `to_jsonb(regexp_replace(data->>'amount', '0$', '1'))) WHERE position = $1`,
          [changed],
        );
        // a swapped pair (positions exchanged, through a free temporary position)
        await sql.query('UPDATE ledger_events SET position = 999999999 WHERE position = $1', [swapA]);
        await sql.query('UPDATE ledger_events SET position = $1 WHERE position = $2', [swapA, swapB]);
        await sql.query('UPDATE ledger_events SET position = $1 WHERE position = 999999999', [swapB]);
        // a deleted row
        await sql.query('DELETE FROM ledger_events WHERE position = $1', [deleted]);
        await sql.query('ALTER TABLE ledger_events ENABLE TRIGGER ledger_events_no_update');
      } finally {
        await sql.end();
      }
      const report = (await ledger.http.post('/v1/ledger/verify').set(bearer(ADMIN_KEY)).expect(200)).body;
      expect(report.ok).toBe(false);
      const rowProblems = report.problems.filter((x: Body) => /^(changed|missing):/.test(x.problem));
      const byPosition = (p: number) =>
        rowProblems.filter((x: Body) => x.position === p).map((x: Body) => x.problem.split(':')[0]);
      expect(byPosition(changed)).toEqual(['changed']);
      expect(byPosition(swapA)).toEqual(['changed']);
      expect(byPosition(swapB)).toEqual(['changed']);
      expect(byPosition(deleted)).toEqual(['missing']);
      expect(rowProblems.map((x: Body) => x.position).sort((a: number, b: number) => a - b)).toEqual([
        changed,
        swapA,
        swapB,
        deleted,
      ]);
      // The tree over what is left no longer matches what the ledger signed, nor its stored tree where the
      // ledger stores one over the swapped rows (ledger_merkle begins at subtrees of 16 events).
      expect(report.problems.some((x: Body) => /signed at tree size/.test(x.problem))).toBe(true);
      const stored = head.treeSize >= 16;
      expect(report.problems.some((x: Body) => /stored Merkle tree differs/.test(x.problem))).toBe(stored);
    });
  });
});
