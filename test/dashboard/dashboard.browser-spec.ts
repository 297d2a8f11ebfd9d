import { screenshot, signIn, waitUntil } from '../support/browser';
import { expectCardsEqual } from '../support/dashboard-reads';
import { describeInChromium } from '../support/dashboard-session';

/**
 * The governance dashboard in Debian's Chromium, against the real API on PGlite, as committees, auditors
 * and partners use it: what is on screen is compared with what the API answers for the same key.
 * Real: the API, its database, the browser. Faked: nothing.
 */
describeInChromium('the governance dashboard’s views in Chromium (pglite)', (session) => {
  it('refuses a wrong key and keeps nothing of it', async () => {
    const { page, base } = session();
    await page.goto(`${base}/dashboard/`);
    await page.getByLabel('API key').fill('plk_not-a-key-at-all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/key/i);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(page.url()).not.toContain('plk_');
    await screenshot(page, '01-sign-in-refused');
  });

  it('shows governance the portfolio with the API’s figures, sorts it, and opens a partnership', async () => {
    const { page, world, base, api } = session();
    await signIn(page, base, world.keys.governance);
    const rows = page.locator('table.sortable tbody tr');
    await rows.first().waitFor();
    const portfolio = await api(world.keys.governance, '/v1/kpis');
    expect(await rows.count()).toBe(portfolio.items.length);
    for (const item of portfolio.items) {
      const health = item.categories.relationship.find((v: { kpiId: string }) => v.kpiId === 'health_score');
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
    const { page, world, base, api } = session();
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
    const { page, world, base, api } = session();
    await signIn(page, base, world.keys.governance, `#/p/${world.partnershipId}/kpi/joint_revenue`);
    const path = `/v1/partnerships/${world.partnershipId}/kpis/joint_revenue/series`;
    const monthly = await api(world.keys.governance, `${path}?period=month`);
    // The value cells: anomalous months of the revenue (scenario A's has them) add an anomaly column.
    const table = page.locator('table[data-series="joint_revenue"] tbody td[data-value]');
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
    const { page, world, base, api } = session();
    await signIn(page, base, world.keys.governance, `#/p/${world.partnershipId}/attribution`);
    const path = `/v1/partnerships/${world.partnershipId}/attribution`;
    for (const model of ['charter', 'first_touch'] as const) {
      if (model !== 'charter') await page.getByRole('combobox', { name: 'Model' }).selectOption(model);
      const answer = await api(world.keys.governance, model === 'charter' ? path : `${path}?model=${model}`);
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
    const { page, world, base, api } = session();
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
    const { page, world, base, api } = session();
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
    const answer = await api(world.keys.governance, `/v1/partnerships/${world.partnershipId}/kpis?${query}`);
    await expectCardsEqual(page, answer);
    // Before the charter was known: no scorecard target; by 1 March only deal A1 (18,000.00) was won.
    const revenue = page.locator('[data-kpi="joint_revenue"]');
    await expect(revenue.locator('.figure').textContent()).resolves.toBe('18,000.00 EUR');
    await expect(revenue.locator('.target').textContent()).resolves.toBe('no target');
    await screenshot(page, '07-partnership-at-position');
    // The other tabs keep the clocks: the charter as known then (none adopted), attribution then.
    await page.getByRole('link', { name: 'Charter' }).click();
    await page.locator('[data-charter-version="0"]').waitFor();
    await expect(page.locator('[data-version]').count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'Attribution' }).click();
    const credits = await api(
      world.keys.governance,
      `/v1/partnerships/${world.partnershipId}/attribution?${query}`,
    );
    await page.locator(`table[data-attribution="${credits.model}"]`).waitFor();
    for (const total of credits.totals)
      await expect(
        page.locator(`tr[data-org="${total.orgId}"] td[data-value]`).getAttribute('data-value'),
      ).resolves.toBe(total.credit);
  });

  it('shows a partner its own partnerships only, and another partnership not at all', async () => {
    const { page, world, base } = session();
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
});
