import { randomUUID } from 'node:crypto';
import { ADMIN_KEY, Fixtures, TestLedger, bearer, testBackends, unique, useLedger } from './support/ledger';

/**
 * Keys that fail, per client address: made-up or revoked keys cost a database query each, so an address
 * may have only LEDGER_AUTH_FAILURE_LIMIT (here 10) of them looked up per second; past it, 429 with
 * Retry-After and no query at all. Keys the process knows, and requests without a key (no query), are
 * not held back. Real: the app and its database; the count of queries is the one /metrics exports.
 */
describe.each(testBackends())('failed keys per address on %s', (backend) => {
  let ledger: TestLedger;
  let fx: Fixtures;
  useLedger(backend, (l, f) => ((ledger = l), (fx = f)), { LEDGER_AUTH_FAILURE_LIMIT: '10' });

  const pause = () => new Promise((r) => setTimeout(r, 1100)); // a full bucket again
  const madeUp = () => bearer(`plk_${randomUUID().replace(/-/g, '')}${randomUUID().replace(/-/g, '')}`);
  const queries = async () => {
    const text = (await ledger.http.get('/metrics').expect(200)).text;
    const count = (query: string) =>
      Number(new RegExp(`ledger_api_key_queries_total\\{query="${query}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
    return { key: count('key'), revocationCheck: count('revocation_check') };
  };

  it('answers 60 made-up keys sent at once 401 up to the budget, then 429 and no query', async () => {
    const w = await fx.world(unique('failed-keys'));
    await pause();
    const before = await queries();
    const started = Date.now();
    const read = () => ledger.http.get(`/v1/partnerships/${w.partnershipId}`).set(madeUp());
    const answers = await Promise.all(Array.from({ length: 60 }, read));
    const seconds = (Date.now() - started) / 1000;
    const after = await queries();
    const statuses = answers.map((a) => a.status);
    const refused = statuses.filter((s) => s === 401).length;
    // The bucket holds 10 and refills at 10/s while the 60 arrive: at most 10 + 10 × seconds are looked up.
    expect(refused).toBeGreaterThanOrEqual(10);
    expect(refused).toBeLessThanOrEqual(10 + Math.ceil(10 * seconds));
    expect(statuses.filter((s) => s === 429)).toHaveLength(60 - refused);
    expect(60 - refused).toBeGreaterThanOrEqual(30);
    const limited = answers.find((a) => a.status === 429)!;
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const type = expect.stringMatching(/\/too-many-requests$/);
    expect(limited.body).toMatchObject({ type, title: 'Too many requests', status: 429 });
    // One lookup per 401, none for a 429 (and at most one revocation check each, often shared).
    expect(after.key - before.key).toBe(refused);
    expect(after.revocationCheck - before.revocationCheck).toBeLessThanOrEqual(refused);
    // Keys the process knows are not held back with the address; the bootstrap key needs no query at all.
    await ledger.http.get(`/v1/partnerships/${w.partnershipId}`).set(bearer(w.keys.a)).expect(200);
    await ledger.http.get(`/v1/partnerships/${w.partnershipId}`).set(bearer(ADMIN_KEY)).expect(200);
    // Within a second, made-up keys are looked up again.
    await pause();
    await ledger.http.get(`/v1/partnerships/${w.partnershipId}`).set(madeUp()).expect(401);
  });

  it('counts only failures: 30 new keys used for the first time leave the budget whole', async () => {
    await pause();
    const keys: string[] = [];
    for (let i = 0; i < 30; i += 1) keys.push(await fx.key('auditor'));
    for (const key of keys) await ledger.http.get('/v1/events?limit=1').set(bearer(key)).expect(200);
    const read = () => ledger.http.get('/v1/events').set(madeUp());
    const answers = await Promise.all(Array.from({ length: 10 }, read));
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 10 }, () => 401));
  });

  it('does not count requests without a key, which cost no query: 50 at once are all 401', async () => {
    await pause();
    const answers = await Promise.all(Array.from({ length: 50 }, () => ledger.http.get('/v1/events')));
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 50 }, () => 401));
    await ledger.http.get('/v1/events').set(madeUp()).expect(401);
  });

  it('counts a revoked key as a failure: 30 requests with it at once are held to the budget', async () => {
    await pause();
    const issue = ledger.http.post('/v1/api-keys').set(bearer(ADMIN_KEY)).send({ role: 'auditor' });
    const issued = (await issue.expect(201)).body;
    await ledger.http.get('/v1/events?limit=1').set(bearer(issued.key)).expect(200);
    await ledger.http.delete(`/v1/api-keys/${issued.keyId}`).set(bearer(ADMIN_KEY)).expect(204);
    const started = Date.now();
    const read = () => ledger.http.get('/v1/events').set(bearer(issued.key));
    const answers = await Promise.all(Array.from({ length: 30 }, read));
    const refused = answers.filter((a) => a.status === 401).length;
    expect(refused).toBeLessThanOrEqual(10 + Math.ceil((10 * (Date.now() - started)) / 1000));
    expect(answers.filter((a) => a.status === 429)).toHaveLength(30 - refused);
    expect(30 - refused).toBeGreaterThan(0);
  });
});
