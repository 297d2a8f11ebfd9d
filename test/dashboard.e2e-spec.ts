import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DASHBOARD_CSP, builtDashboardDir } from '../apps/ledger-api/src/dashboard/serve-dashboard';
import { ADMIN_KEY, Fixtures, TestLedger, bearer, testBackends, unique, useLedger } from './support/ledger';

/**
 * The dashboard as the API serves it (built by `npm run build`, which `npm test` runs first): from this
 * origin only, under a strict content security policy, within its size budget; and GET /v1/me, with
 * which it learns what the pasted key may read.
 */
describe.each(testBackends())('the dashboard’s assets and GET /v1/me on %s', (backend) => {
  let ledger: TestLedger;
  let fx: Fixtures;
  useLedger(backend, (l, f) => {
    ledger = l;
    fx = f;
  });

  it('serves the page at /dashboard and /dashboard/ with a CSP that allows only this origin', async () => {
    for (const path of ['/dashboard', '/dashboard/']) {
      const page = await ledger.http.get(path).expect(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['content-security-policy']).toBe(DASHBOARD_CSP);
      expect(page.headers['cache-control']).toBe('no-cache');
      // Every script and style from our own origin: no CDN, no other host, no inline code.
      expect(page.text).not.toMatch(/(src|href)="(https?:)?\/\//);
      expect(page.text).not.toMatch(/<script>|<style>/);
    }
    // The policy itself, written out: loosening it (an 'unsafe-inline', a CDN host) fails here.
    expect(DASHBOARD_CSP).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; " +
        "frame-ancestors 'none'",
    );
  });

  it('serves each hashed asset, compressed when asked, cached for a year; an unknown file is a 404', async () => {
    const page = (await ledger.http.get('/dashboard/').expect(200)).text;
    const assets = [...page.matchAll(/(?:src|href)="(\/dashboard\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets).toHaveLength(2);
    for (const asset of assets) {
      const plain = await ledger.http.get(asset).set('Accept-Encoding', 'identity').expect(200);
      expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(plain.headers['content-security-policy']).toBe(DASHBOARD_CSP);
      const zipped = await ledger.http.get(asset).set('Accept-Encoding', 'gzip').expect(200);
      expect(zipped.headers['content-encoding']).toBe('gzip');
    }
    await ledger.http.get('/dashboard/assets/nothing-here.js').expect(404);
    // Nothing outside the built folder, however the path is spelled.
    for (const path of [
      '/dashboard/../package.json',
      '/dashboard/..%2fpackage.json',
      '/dashboard/%2e%2e/package.json',
    ])
      expect((await ledger.http.get(path)).text).not.toContain('"name": "partnership-ledger"');
  });

  it('keeps the JavaScript within 300 KiB gzipped', () => {
    const dir = join(builtDashboardDir(), 'assets');
    const scripts = readdirSync(dir).filter((name) => name.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    const gzipped = scripts.reduce(
      (n, name) => n + gzipSync(readFileSync(join(dir, name)), { level: 9 }).length,
      0,
    );
    expect(gzipped).toBeLessThanOrEqual(300 * 1024);
  });

  it('tells each key who it is, and refuses no key at all', async () => {
    const org = unique('me');
    await fx.org(org);
    const partner = await fx.key('partner', org);
    const governance = await fx.key('governance');
    const mine = await ledger.http.get('/v1/me').set(bearer(partner)).expect(200);
    expect(mine.body).toEqual({ keyId: expect.any(String), role: 'partner', orgId: org });
    const gov = await ledger.http.get('/v1/me').set(bearer(governance)).expect(200);
    expect(gov.body).toEqual({ keyId: expect.any(String), role: 'governance' });
    expect((await ledger.http.get('/v1/me').set(bearer(ADMIN_KEY)).expect(200)).body.role).toBe('admin');
    await ledger.http.get('/v1/me').expect(401);
  });
});
