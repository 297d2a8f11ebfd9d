import type { Browser, Page } from 'playwright-core';
import { DATABASE_TIMEOUT_MS, TestLedger, bearer, startLedger } from '../support/ledger';
import {
  BROWSER_REQUIRED,
  CHROMIUM,
  NO_CHROMIUM,
  SCREENSHOTS,
  freshPage,
  hasChromium,
  launchChromium,
  screenshot,
  scriptErrors,
  signIn,
  waitUntil,
} from '../support/browser';
import { DashboardWorld, dashboardWorld } from '../support/dashboard-world';
import { expectCardsEqual } from '../support/dashboard-reads';

/**
 * The governance dashboard in Debian's Chromium, against the real API on PGlite, as committees, auditors
 * and partners use it: what is on screen is compared with what the API answers for the same key.
 * Real: the API, its database, the browser, its Web Crypto. Faked: nothing; a tampered answer is made by
 * intercepting the browser's request, as a compromised server or network would.
 */
const TITLE = 'the governance dashboard in Chromium (pglite)';
jest.setTimeout(90_000);

if (!hasChromium() && !BROWSER_REQUIRED) {
  describe.skip(`${TITLE} — ${NO_CHROMIUM}`, () => {
    it('signs in, shows the API’s figures, verifies integrity', () => undefined);
  });
} else {
  describe(TITLE, () => {
    let ledger: TestLedger;
    let world: DashboardWorld;
    let browser: Browser;
    let base: string;
    const api = async (key: string, path: string) => {
      const res = await ledger.http.get(path).set(bearer(key));
      expect(res.status).toBe(200);
      return res.body;
    };

    beforeAll(async () => {
      if (!hasChromium()) throw new Error(`CI requires Chromium at ${CHROMIUM}: apt-get install -y chromium`);
      ledger = await startLedger('pglite', { LEDGER_RATE_LIMIT: '0' });
      world = await dashboardWorld(ledger);
      await ledger.app.listen(0, '127.0.0.1');
      base = (await ledger.app.getUrl()).replace('[::1]', '127.0.0.1');
      browser = await launchChromium();
      process.stdout.write(`Dashboard screenshots: ${SCREENSHOTS}\n`);
    }, DATABASE_TIMEOUT_MS);
    afterAll(async () => {
      await browser?.close();
      await ledger?.close();
    }, DATABASE_TIMEOUT_MS);

    let page: Page;
    beforeEach(async () => (page = await freshPage(browser)));
    afterEach(async () => {
      expect(scriptErrors(page)).toEqual([]);
      await page.context().close();
    });

    it('refuses a wrong key and keeps nothing of it', async () => {
      await page.goto(`${base}/dashboard/`);
      await page.getByLabel('API key').fill('plk_not-a-key-at-all');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('alert').textContent()).resolves.toMatch(/key/i);
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
      expect(page.url()).not.toContain('plk_');
      await screenshot(page, '01-sign-in-refused');
    });

    it('shows governance the portfolio with the API’s figures, sorts it, and opens a partnership', async () => {
      await signIn(page, base, world.keys.governance);
      const rows = page.locator('table.sortable tbody tr');
      await rows.first().waitFor();
      const portfolio = await api(world.keys.governance, '/v1/kpis');
      expect(await rows.count()).toBe(portfolio.items.length);
      for (const item of portfolio.items) {
        const health = item.categories.relationship.find(
          (v: { kpiId: string }) => v.kpiId === 'health_score',
        );
        const cell = page.locator(
          `tr[data-row="${item.partnershipId}"] td[data-column="health_score"] [data-value]`,
        );
        expect(await cell.getAttribute('data-value')).toBe(String(health.value ?? ''));
      }
      await page.getByRole('button', { name: 'Joint revenue' }).click();
      expect(await rows.first().getAttribute('data-row')).toBe(world.partnershipId); // 43000.00 > 0.00
      await expect(page.locator('th[aria-sort="descending"]').textContent()).resolves.toBe('Joint revenue');
      await screenshot(page, '02-portfolio');
      await page.getByRole('link', { name: 'Northwind x Contoso resale' }).click();
      await page.locator('[data-kpi="joint_revenue"]').waitFor();
      expect(page.url()).toContain(`#/p/${world.partnershipId}`);
    });

    it('shows every KPI card with the API’s value and target, and draws the 12-month trends', async () => {
      await signIn(page, base, world.keys.governance, `#/p/${world.partnershipId}`);
      const answer = await api(world.keys.governance, `/v1/partnerships/${world.partnershipId}/kpis`);
      await expectCardsEqual(page, answer);
      const revenue = page.locator('[data-kpi="joint_revenue"]');
      await expect(revenue.locator('.figure').textContent()).resolves.toBe('43,000.00 EUR');
      await expect(revenue.locator('.target').textContent()).resolves.toBe('target 60000 · off track');
      await expect(revenue.getAttribute('class')).resolves.toContain('off_track');
      await revenue.locator('svg.spark path').first().waitFor();
      await screenshot(page, '03-partnership');
      await screenshot(page, '03-partnership-window', false); // docs/dashboard-partnership.png
    });

    it('draws a KPI’s series with its target line and a table equal to the API’s series', async () => {
      await signIn(page, base, world.keys.governance, `#/p/${world.partnershipId}/kpi/joint_revenue`);
      const path = `/v1/partnerships/${world.partnershipId}/kpis/joint_revenue/series`;
      const monthly = await api(world.keys.governance, `${path}?period=month`);
      const table = page.locator('table[data-series="joint_revenue"] tbody td');
      await table.first().waitFor();
      expect(await table.evaluateAll((cells) => cells.map((c) => c.getAttribute('data-value')))).toEqual(
        monthly.items.map((p: { value: string }) => p.value),
      );
      const canvas = page.locator('[data-chart="series"] canvas');
      expect(await canvas.evaluate((c: HTMLCanvasElement) => c.width)).toBeGreaterThan(300);
      await expect(page.locator('.u-legend').textContent()).resolves.toContain('target');
      await page.getByRole('combobox', { name: 'Period' }).selectOption('quarter');
      await page.getByRole('radio', { name: 'Each period on its own' }).check();
      const quarterly = await api(world.keys.governance, `${path}?period=quarter&window=period`);
      await waitUntil(
        page,
        (n) => document.querySelectorAll('table[data-series] tbody tr').length === n,
        quarterly.items.length,
      );
      expect(await table.evaluateAll((cells) => cells.map((c) => c.getAttribute('data-value')))).toEqual(
        quarterly.items.map((p: { value: string }) => p.value),
      );
      await expect(page.getByRole('img', { name: /joint_revenue by quarter/ }).count()).resolves.toBe(1);
      await screenshot(page, '04-kpi-series');
    });

    it('shows attribution bars per org and switches the model, with the API’s credits', async () => {
      await signIn(page, base, world.keys.governance, `#/p/${world.partnershipId}/attribution`);
      const path = `/v1/partnerships/${world.partnershipId}/attribution`;
      for (const model of ['charter', 'first_touch'] as const) {
        if (model !== 'charter') await page.getByRole('combobox', { name: 'Model' }).selectOption(model);
        const answer = await api(
          world.keys.governance,
          model === 'charter' ? path : `${path}?model=${model}`,
        );
        await page.locator(`table[data-attribution="${answer.model}"]`).waitFor();
        for (const total of answer.totals)
          await expect(
            page.locator(`tr[data-org="${total.orgId}"] td[data-value]`).getAttribute('data-value'),
          ).resolves.toBe(total.credit);
        expect(await page.locator('[data-chart="bars"] [data-bar]').count()).toBe(answer.totals.length + 1);
      }
      await screenshot(page, '05-attribution');
    });

    it('shows the charter in force, its chair, its approvals and the open proposal’s changes', async () => {
      await signIn(page, base, world.keys.auditor, `#/p/${world.partnershipId}/charter`);
      const charter = await api(world.keys.auditor, `/v1/partnerships/${world.partnershipId}/charter`);
      const section = page.locator('[data-charter-version]');
      await section.waitFor();
      expect(await section.getAttribute('data-charter-version')).toBe(String(charter.version));
      expect(await page.locator('[data-chair]').getAttribute('data-chair')).toBe(charter.chair.orgId);
      await expect(page.locator('[data-version="1"]').textContent()).resolves.toContain(
        'approved by northwind, contoso',
      );
      const proposal = page.locator(`[data-proposal="${world.openProposalId}"]`);
      await expect(proposal.textContent()).resolves.toContain('scorecard');
      await screenshot(page, '06-charter');
    });

    it('answers under the asOf and atPosition pickers exactly as the API does', async () => {
      await signIn(page, base, world.keys.governance, `#/p/${world.partnershipId}`);
      await page.locator('[data-kpi="joint_revenue"]').waitFor();
      await page.getByLabel('As of (business time)').fill('2026-03-01');
      await page.getByLabel('Known at ledger position').fill(String(world.scenarioPosition));
      await page.getByRole('button', { name: 'Apply' }).click();
      await waitUntil(
        page,

        (p) => document.querySelector(`[data-figures-position="${p}"]`) !== null,
        world.scenarioPosition,
      );
      expect(page.url()).toContain(`atPosition=${world.scenarioPosition}`);
      const query = `asOf=2026-03-01T23:59:59.999Z&atPosition=${world.scenarioPosition}`;
      const answer = await api(
        world.keys.governance,
        `/v1/partnerships/${world.partnershipId}/kpis?${query}`,
      );
      await expectCardsEqual(page, answer);
      // Before the charter was known: no scorecard target; by 1 March only deal A1 (18,000.00) was won.
      const revenue = page.locator('[data-kpi="joint_revenue"]');
      await expect(revenue.locator('.figure').textContent()).resolves.toBe('18,000.00 EUR');
      await expect(revenue.locator('.target').textContent()).resolves.toBe('no target');
      await screenshot(page, '07-partnership-at-position');
    });

    it('shows a partner its own partnerships only, and another partnership not at all', async () => {
      await signIn(page, base, world.keys.northwind);
      const items = page.locator('[data-row]');
      await items.first().waitFor();
      expect(await items.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row')))).toEqual([
        world.partnershipId,
      ]);
      await expect(page.getByRole('link', { name: 'Portfolio' }).count()).resolves.toBe(0);
      await page.goto(`${base}/dashboard/#/p/${world.otherPartnershipId}`);
      await expect(page.getByRole('alert').textContent()).resolves.toContain('(404)');
      await expect(page.locator('body').textContent()).resolves.not.toContain('Fabrikam x Tailspin');
      await screenshot(page, '08-partner-cannot-see');
    });

    it.each([
      ['auditor', 'verified'],
      ['northwind', 'verified'],
      ['governance', 'not_checked'],
    ] as const)('verifies integrity in the browser as %s (event content: %s)', async (who, content) => {
      await signIn(page, base, world.keys[who], `#/p/${world.partnershipId}/integrity`);
      const verdict = page.locator('[data-verified]');
      await verdict.waitFor({ timeout: 20_000 });
      expect(await verdict.getAttribute('data-verified')).toBe('true');
      await expect(verdict.textContent()).resolves.toContain(`ledger position ${world.figuresPosition}`);
      // The head of the figures' own size was never issued (the ledger grew first): the current one.
      expect(await page.locator('[data-head]').getAttribute('data-head')).toBe(String(world.treeSize));
      const state = (name: string) => page.locator(`tr[data-check="${name}"]`).getAttribute('data-state');
      expect(await state('Head signature')).toBe('verified');
      expect(await state('Inclusion proof')).toBe('verified');
      expect(await state('Event content')).toBe(content);
      expect(await state('Countersignature of northwind')).toBe('verified');
      await screenshot(page, `09-integrity-${who}`);
    });

    it.each([
      ['a head whose signature was altered', '**/v1/ledger/heads/*', 'Head signature', flipSignature],
      ['an inclusion proof that was altered', '**/v1/ledger/proofs/inclusion*', 'Inclusion proof', flipPath],
    ] as const)('says NOT verified, in red, for %s', async (_what, pattern, check, alter) => {
      await page.route(pattern, async (route) => {
        const response = await route.fetch();
        // Only what the ledger answered: a 404 for a head never issued passes unaltered.
        if (!response.ok()) return route.fulfill({ response });
        await route.fulfill({ response, json: alter(await response.json()) });
      });
      await signIn(page, base, world.keys.auditor, `#/p/${world.partnershipId}/integrity`);
      const verdict = page.locator('[data-verified]');
      await verdict.waitFor({ timeout: 20_000 });
      expect(await verdict.getAttribute('data-verified')).toBe('false');
      await expect(verdict.textContent()).resolves.toContain('NOT verified');
      expect(await verdict.evaluate((e) => getComputedStyle(e).color)).toBe('rgb(179, 38, 30)');
      expect(await page.locator(`tr[data-check="${check}"]`).getAttribute('data-state')).toBe('failed');
      await screenshot(page, `10-not-verified-${check.toLowerCase().replace(/ /g, '-')}`);
    });

    it('refuses a ledger key other than the one pinned on first use', async () => {
      await signIn(page, base, world.keys.auditor, `#/p/${world.partnershipId}/integrity`);
      await page.locator('[data-verified="true"]').waitFor({ timeout: 20_000 });
      await page.route('**/v1/ledger/public-key', (route) =>
        route.fulfill({
          json: { keyId: 'ed25519-0000000000000000', jwk: { kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43) } },
        }),
      );
      await page.getByRole('button', { name: 'Check again' }).click();
      await page.locator('[data-verified="false"]').waitFor();
      expect(await page.locator('tr[data-check="Ledger key"]').getAttribute('data-state')).toBe('failed');
    });

    it('can be used from the keyboard and in the dark colour scheme', async () => {
      await page.context().close();
      page = await freshPage(browser, 'dark');
      await signIn(page, base, world.keys.governance);
      await page.locator('table.sortable tbody tr').first().waitFor();
      await page.keyboard.press('Tab');
      await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to content');
      await page.keyboard.press('Enter');
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main');
      await page.getByRole('button', { name: 'Health score' }).focus();
      await page.keyboard.press('Enter');
      await expect(page.locator('th[aria-sort="descending"]').textContent()).resolves.toBe('Health score');
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).toBe('rgb(21, 23, 27)');
      await screenshot(page, '11-portfolio-dark');
    });
  });
}

function flipSignature(head: { signature: string }) {
  const first = head.signature[0] === 'A' ? 'B' : 'A';
  return { ...head, signature: `${first}${head.signature.slice(1)}` };
}

function flipPath(proof: { auditPath: string[] }) {
  const [first, ...rest] = proof.auditPath;
  const flipped = `${first[0] === '0' ? '1' : '0'}${first.slice(1)}`;
  return { ...proof, auditPath: [flipped, ...rest] };
}
