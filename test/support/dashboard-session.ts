import type { Browser, Page } from 'playwright-core';
import {
  BROWSER_REQUIRED,
  CHROMIUM,
  NO_CHROMIUM,
  SCREENSHOTS,
  freshPage,
  hasChromium,
  launchChromium,
  pageProblems,
} from './browser';
import { DashboardWorld, dashboardWorld } from './dashboard-world';
import { DATABASE_TIMEOUT_MS, TestLedger, bearer, startLedger } from './ledger';

/** What a browser test of the dashboard works with; `page` is new for every test (a new user). */
export interface DashboardSession<W extends DashboardWorld = DashboardWorld> {
  readonly ledger: TestLedger;
  readonly world: W;
  readonly browser: Browser;
  /** The API's own URL, as the browser reaches it. */
  readonly base: string;
  page: Page;
  /** The API's answer for `key`, asserted 200, as the page should show it. */
  api(key: string, path: string): Promise<any>;
}

/**
 * A describe block of browser tests against the real API on PGlite with the dashboard's world, or, with
 * no Chromium on this machine, the same block skipped under a title that says why (never silently; CI sets
 * LEDGER_REQUIRE_BROWSER=1, which makes a missing Chromium a failure instead). Every test ends checking
 * that the page threw no script error and broke no rule of its content security policy. `seed` adds to
 * the dashboard's world what a block needs besides (in its own ledger, so other blocks' figures stay).
 */
export function describeInChromium<W extends DashboardWorld = DashboardWorld>(
  title: string,
  body: (session: () => DashboardSession<W>) => void,
  seed: (ledger: TestLedger, world: DashboardWorld) => Promise<W> = (_ledger, world) =>
    Promise.resolve(world as W),
): void {
  jest.setTimeout(90_000);
  if (!hasChromium() && !BROWSER_REQUIRED) {
    describe.skip(`${title} — ${NO_CHROMIUM}`, () => body(() => undefined as never));
    return;
  }
  describe(title, () => {
    let session: DashboardSession<W> | undefined;
    beforeAll(async () => {
      if (!hasChromium()) throw new Error(`CI requires Chromium at ${CHROMIUM}: apt-get install -y chromium`);
      const ledger = await startLedger('pglite', { LEDGER_RATE_LIMIT: '0' });
      const world = await seed(ledger, await dashboardWorld(ledger));
      await ledger.app.listen(0, '127.0.0.1');
      const base = (await ledger.app.getUrl()).replace('[::1]', '127.0.0.1');
      const api = async (key: string, path: string) => {
        const res = await ledger.http.get(path).set(bearer(key));
        expect(res.status).toBe(200);
        return res.body;
      };
      session = { ledger, world, base, api, browser: await launchChromium(), page: undefined as never };
      process.stdout.write(`Dashboard screenshots: ${SCREENSHOTS}\n`);
    }, DATABASE_TIMEOUT_MS);
    afterAll(async () => {
      await session?.browser.close();
      await session?.ledger.close();
    }, DATABASE_TIMEOUT_MS);
    beforeEach(async () => {
      session!.page = await freshPage(session!.browser);
    });
    afterEach(async () => {
      expect(await pageProblems(session!.page)).toEqual([]);
      await session!.page.context().close();
    });
    body(() => session!);
  });
}
