import { screenshot, signIn } from '../support/browser';
import { QualityWorld, qualityWorld } from '../support/dashboard-quality-world';
import { describeInChromium } from '../support/dashboard-session';
import { AlertGroupRow, alertGroups, contrastOf, tableText, textOf } from '../support/dashboard-trust-reads';

/**
 * Data quality, anomalies and alerts in the dashboard, in Debian's Chromium against the real API on
 * PGlite, as a committee member and a partner check them: the Data quality tab, the anomalous months on
 * the revenue chart, the open alerts on the portfolio and a partner's home page. The partnership's events
 * were posted back-dated, as a partner catching up would (test/support/dashboard-quality-world.ts); every
 * figure expected here is worked by hand from that world and API.md ("Data quality", "Alerts").
 * Real: the API, its database, the browser. Faked: nothing.
 */
describeInChromium<QualityWorld>(
  'the dashboard’s data quality, anomalies and alerts in Chromium (pglite)',
  (session) => {
    const month = (start: string) => start.slice(0, 7);

    it('shows the data-quality score, completeness grid, late events and balance, under the clocks', async () => {
      const { page, world, base } = session();
      const { months } = world;
      await signIn(page, base, world.keys.governance, `#/p/${world.qualityId}/quality`);
      // Seven complete months × two orgs expected; Adatum missed last month, Litware three months: 10 of 14.
      // 27 events occurred in the last 12 months (the duplicate cost is retracted); all but the two charter
      // events of today were recorded weeks after their month closed: 25 late, 92.59 %. Revenue by month
      // [10, 11, 12, 11, 10, 30, 0] thousand: median 11, MAD 1, so 30 (M = 12.82) and 0 (M = −7.42) are out
      // of line. Score: (71.43 + (100 − 92.59) + (100 − 2 × 10)) / 3 = 52.95.
      expect(await textOf(page, '[data-score]')).toBe('Score 52.95 of 100');
      expect(await textOf(page, '#completeness-title')).toBe('Completeness: 71.43 %');
      const none = '✗ none';
      expect(await tableText(page.locator('table.grid'))).toEqual([
        ['Expected', ...months.map(month)],
        ['cost.incurred · adatum', '✓ 1', '✓ 1', '✓ 1', '✓ 1', '✓ 1', '✓ 1', none],
        ['cost.incurred · litware', '✓ 1', '✓ 1', '✓ 1', none, '✓ 1', none, none],
      ]);
      expect(await contrastOf(page.locator('td.missing').first())).toBeGreaterThanOrEqual(4.5);
      expect(await textOf(page, '[data-late-count] dd:nth-of-type(2)')).toMatch(
        /^25, 92\.59 % of the events/,
      );
      // Newest first: every event posted but the retracted duplicate, in reverse, then the formation.
      const standing = world.events.filter((e) => e.eventId !== world.retracted);
      const late = await page
        .locator('tr[data-event]')
        .evaluateAll((rows) => rows.map((r) => r.dataset.event));
      expect(late.slice(0, -1)).toEqual(standing.map((e) => e.eventId).reverse());
      expect(await textOf(page, 'tr[data-event]:last-child th')).toMatch(/^partnership\.formed /);
      expect(await tableText(page.locator('table[data-balance]'))).toEqual([
        ['Organization', 'Events', 'Share', 'Retracted'],
        ['adatum', '15', '55.56 %', '1'],
        ['litware', '12', '44.44 %', '0'],
      ]);
      expect((await tableText(page.locator('table[data-anomalies]'))).slice(1)).toEqual([
        ['joint_revenue', month(months[6]), '0.00', '11,000.00', '-7.42', 'median absolute deviation'],
        ['joint_revenue', month(months[5]), '30,000.00', '11,000.00', '12.82', 'median absolute deviation'],
      ]);
      await screenshot(page, '15-data-quality');

      // As of the last day anything occurred: six months (10 of 12), the charter's events not yet, all
      // 25 late; Adatum 14 of 25, Litware 11; only the 30 out of line. (83.33 + 0 + 90) / 3 = 57.78.
      await page.getByLabel('As of (business time)').fill(world.lastReported.slice(0, 10));
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.locator(`[data-quality-asof="${world.lastReported}"]`).waitFor();
      expect(await textOf(page, '[data-score]')).toBe('Score 57.78 of 100');
      expect((await tableText(page.locator('table.grid')))[0]).toEqual([
        'Expected',
        ...months.slice(0, 6).map(month),
      ]);
      expect(await textOf(page, '[data-late-count] dd:nth-of-type(2)')).toMatch(/^25, 100 % of the events/);
      expect((await tableText(page.locator('table[data-balance]'))).slice(1)).toEqual([
        ['adatum', '14', '56 %', '1'],
        ['litware', '11', '44 %', '0'],
      ]);
      expect(await page.locator('table[data-anomalies] tbody tr').count()).toBe(1);
    });

    it('marks the anomalous months on the revenue chart and in its table, in either window', async () => {
      const { page, world, base } = session();
      const [m5, m6] = [world.months[5], world.months[6]].map((m) => m.slice(0, 10));
      await signIn(page, base, world.keys.governance, `#/p/${world.qualityId}/kpi/joint_revenue`);
      const marked = async () =>
        (await tableText(page.locator('table[data-series]'))).filter((row) => row[2]?.startsWith('⚠'));
      const said = (own: string, m: string) =>
        `⚠ out of line: the month’s own figure ${own} EUR against a median of 11,000.00 EUR, M = ${m}`;
      await page.locator('td[data-anomaly]').first().waitFor();
      // Cumulative: the revenue up to each month's end; the anomaly is the month's own figure.
      expect(await marked()).toEqual([
        [m5, '84,000.00 EUR', said('30,000.00', '12.82')],
        [m6, '84,000.00 EUR', said('0.00', '-7.42')],
      ]);
      await expect(page.locator('.u-legend').textContent()).resolves.toContain('anomaly');
      await expect(
        page.getByRole('img', { name: /joint_revenue by month, .*, 2 anomalous months marked/ }).count(),
      ).resolves.toBe(1);
      await page.getByRole('radio', { name: 'Each period on its own' }).check();
      await page.locator('td[data-value="30000.00"]').waitFor();
      expect(await marked()).toEqual([
        [m5, '30,000.00 EUR', said('30,000.00', '12.82')],
        [m6, '0.00 EUR', said('0.00', '-7.42')],
      ]);
      await screenshot(page, '16-anomaly-on-series');
      await page.getByRole('combobox', { name: 'Period' }).selectOption('quarter');
      await expect(textOf(page, '[data-anomalies-elsewhere]')).resolves.toBe(
        '2 anomalous months of this KPI: choose the month period to see them marked.',
      );
      expect(await page.locator('td[data-anomaly]').count()).toBe(0);
    });

    it('lists the open alerts by kind on the portfolio, and a partner’s own on its home page', async () => {
      const { page, world, base } = session();
      const { milestone, recordedOn, qualityId, months, events } = world;
      // Adatum x Litware: every report was recorded weeks after its month closed, so each org restated
      // each of the six months it reported (late data, raised at its first report of that month, at that
      // report's position): Litware's first is each month's registration, Adatum's the milestone's plan
      // in the first month and each win after. The milestone is overdue since its due date, at its
      // plan's position. No month has closed since the ledger learnt of the partnership, so nothing is
      // yet judged missing or out of line, and no restatement was yet reviewed (cleared) at a close.
      const [registered, won] = ['deal.registered', 'deal.won'].map((t) =>
        events.filter((e) => e.type === t),
      );
      const restated = (org: string, i: number, position: number) =>
        `orgId: ${org}, periodStart: ${months[i].slice(0, 10)} · position ${position} · since ${recordedOn}`;
      const late = months
        .slice(0, 6)
        .flatMap((_m, i) => [
          restated('adatum', i, i === 0 ? milestone.position : won[i].position),
          restated('litware', i, registered[i].position),
        ]);
      const lone = `milestoneId: M-go-live · position ${milestone.position}`;
      const ours = [
        {
          row: ['Late data', qualityId, '12', `12 late data alerts, newest ${recordedOn}`, recordedOn],
          alerts: late.sort(),
        },
        { row: ['Milestone overdue', qualityId, '1', lone, milestone.dueDate.slice(0, 10)], alerts: [lone] },
      ];
      const sorted = (groups: AlertGroupRow[]) => groups.map((g) => ({ ...g, alerts: [...g.alerts].sort() }));

      await signIn(page, base, world.partners.adatum);
      expect(sorted(await alertGroups(page))).toEqual(ours);
      await page.locator(`tr[data-partnership="${qualityId}"] summary`).click();
      await screenshot(page, '17-partner-alerts');
      await page.getByRole('button', { name: 'Sign out' }).click();

      // Governance sees every partnership's, ours among them, and the caption counts them all.
      await signIn(page, base, world.keys.governance);
      const all = await alertGroups(page);
      expect(sorted(all.filter((g) => g.row[1] === qualityId))).toEqual(ours);
      const total = all.reduce((n, g) => n + Number(g.row[2]), 0);
      await expect(textOf(page, 'table[data-alerts-count] caption')).resolves.toBe(
        `${total} open alerts, as of now, by kind and partnership`,
      );
      await page.locator('table.sortable tbody tr').first().waitFor();
      await screenshot(page, '18-portfolio-alerts');
    });
  },
  qualityWorld,
);
