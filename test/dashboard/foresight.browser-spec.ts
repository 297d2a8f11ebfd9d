import type { Page } from 'playwright-core';
import { screenshot, signIn } from '../support/browser';
import { ForesightWorld, foresightWorld } from '../support/dashboard-foresight-world';
import { describeInChromium } from '../support/dashboard-session';
import { contrastOf, tableText, textOf } from '../support/dashboard-trust-reads';

/**
 * Forecasts, scenarios and the partner ranking in the dashboard, in Debian's Chromium against the real API
 * on PGlite, as a committee member checks them: the fan chart of joint revenue, a recorded forecast against
 * what happened, the predefined scenarios side by side, and the program's ranking with its tiers' movement
 * across a quarter's end. The world is test/support/dashboard-foresight-world.ts; every figure expected
 * here is worked by hand from it and API.md ("Forecasts and scenarios", "Partner scoring and tiering").
 * Real: the API, its database, the browser. Faked: nothing.
 */
describeInChromium<ForesightWorld>(
  'the dashboard’s forecasts, scenarios and partner ranking in Chromium (pglite)',
  (session) => {
    const day = (iso: string) => iso.slice(0, 10);
    /** The start of the month `n` months after the one starting at `start`, as a day. */
    const monthAfter = (start: string, n: number) => {
      const d = new Date(start);
      return day(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1)).toISOString());
    };
    const eur = (amount: string) => `${amount} EUR`;
    const range = (low: string, high: string) => `${eur(low)} to ${eur(high)}`;

    /** The clocks' "As of" set to `date` (the end of that day, UTC), as a user applies it. */
    async function asOf(page: Page, date: string) {
      await page.getByLabel('As of (business time)').fill(date);
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.locator(`[data-clocks]`, { hasText: `${date}T23:59:59.999Z` }).waitFor();
    }

    it('draws revenue’s fan: history, the naive forecast auto chose, 80 % and 95 % intervals', async () => {
      const { page, world, base } = session();
      const { months } = world;
      await signIn(page, base, world.keys.governance, `#/p/${world.cloudId}/kpi/joint_revenue`);
      await page.locator('[data-forecast]').waitFor();
      // History y = 10, 12, 11, 13, 12, 14 thousand (T = 6). One-step residuals and AICc = N ln(SSE/N) +
      // 2(K+1) + 2(K+1)(K+2)/(N−K−2), in EUR: naive e = 2, −1, 2, −1, 2 thousand, SSE = 14e6, N = 5, K = 0:
      // 77.56; drift (c = 800) e = 1.2, −1.8, 1.2, −1.8, 1.2 thousand, SSE = 10.8e6, N = 5, K = 1: 82.93;
      // mean (12,000) SSE = 10e6, N = 6, K = 1: 93.96; linear (slope 628.57) SSE = 3.09e6, N = 6,
      // K = 2: 96.90; Holt N − K − 2 = 0: +∞; seasonal naive needs 24 points. Naive wins: 14,000 for every
      // month ahead, σ̂ = √(14e6 / 5) = 1,673.32, half-widths 1.2816 σ̂ √h and 1.96 σ̂ √h.
      expect(await textOf(page, '[data-made-by]')).toBe('naive (chosen by auto: the least AICc)');
      expect(await textOf(page, '[data-residual-sd]')).toBe('1,673.32 EUR');
      const rows = await tableText(page.locator('table[data-fan]'));
      expect(rows[0]).toEqual(['Period start', 'Kind', 'Value', '80 % interval', '95 % interval']);
      const history = ['10,000.00', '12,000.00', '11,000.00', '13,000.00', '12,000.00', '14,000.00'];
      expect(rows.slice(1, 7)).toEqual(history.map((v, i) => [day(months[i]), 'history', eur(v), '—', '—']));
      expect(rows).toHaveLength(1 + 6 + 12);
      const ahead = (h: number, low80: string, high80: string, low95: string, high95: string) => [
        monthAfter(months[5], h),
        'forecast',
        eur('14,000.00'),
        range(low80, high80),
        range(low95, high95),
      ];
      // h = 1: ± 2,144.53 and ± 3,279.71; h = 2 (√2): ± 3,032.82 and ± 4,638.21; h = 12 (√12): ± 7,428.86
      // and ± 11,361.24.
      expect(rows[7]).toEqual(ahead(1, '11,855.47', '16,144.53', '10,720.29', '17,279.71'));
      expect(rows[8]).toEqual(ahead(2, '10,967.18', '17,032.82', '9,361.79', '18,638.21'));
      expect(rows[18]).toEqual(ahead(12, '6,571.14', '21,428.86', '2,638.76', '25,361.24'));
      const fan = page.getByRole('img', {
        name: 'joint_revenue forecast by month: 6 periods of history, 12 ahead, with 80 % and 95 % intervals',
      });
      expect(await fan.locator('canvas').evaluate((c: HTMLCanvasElement) => c.width)).toBeGreaterThan(300);
      await screenshot(page, '19-forecast-fan');

      // The mean method asked by name: 12,000 every month, σ̂ = √(10e6 / 5) = 1,414.21, and the same
      // interval at every h: σ̂ √(1 + 1/6) × 1.2816 = 1,957.68, × 1.96 = 2,993.95.
      await page.getByRole('combobox', { name: 'Method' }).selectOption('mean');
      await page.locator('[data-method="mean"]').waitFor();
      expect(await textOf(page, '[data-made-by]')).toBe('mean');
      expect(await textOf(page, '[data-residual-sd]')).toBe('1,414.21 EUR');
      const mean = (await tableText(page.locator('table[data-fan]'))).slice(7);
      expect(mean).toHaveLength(12);
      const flat = [eur('12,000.00'), range('10,042.32', '13,957.68'), range('9,006.05', '14,993.95')];
      expect(mean).toEqual(mean.map((_row, i) => [monthAfter(months[5], i + 1), 'forecast', ...flat]));
    });

    it('shows a recorded forecast against the actual of each ended month, and its accuracy', async () => {
      const { page, world, base } = session();
      expect(world.recorded).toHaveProperty('forecastId'); // else POST …/forecasts refused: see `recorded`
      const { forecastId } = world.recorded as { forecastId: string };
      const { months } = world;
      await signIn(page, base, world.keys.governance, `#/p/${world.cloudId}/kpi/joint_revenue`);
      const table = page.locator(`[data-recorded="${forecastId}"] table`);
      // Recorded now (auto: naive, 3 months ahead): this month and the next two, none ended yet.
      expect((await tableText(table)).slice(1).map((row) => row[3])).toEqual(Array(3).fill('not ended'));
      expect(await textOf(page, `[data-recorded="${forecastId}"] p`)).toBe(
        'Accuracy: none of its periods has ended yet.',
      );
      // As of the end of this month: it has ended with 15,000.00 won, against 14,000.00 forecast: error
      // 1,000.00, MAPE 1,000 / 15,000 = 6.67 %, bias 1,000.00, and 15,000 lies in 11,855.47–16,144.53: 100 %.
      const lastDay = day(new Date(Date.parse(monthAfter(months[6], 1)) - 1).toISOString());
      await asOf(page, lastDay);
      await page.locator(`[data-accuracy="${forecastId}"]`).waitFor();
      expect(await tableText(table)).toEqual([
        ['Period start', 'Forecast', '80 % interval', 'Actual', 'Error (actual − forecast)'],
        [
          day(months[6]),
          eur('14,000.00'),
          range('11,855.47', '16,144.53'),
          eur('15,000.00'),
          eur('1,000.00'),
        ],
        [monthAfter(months[6], 1), eur('14,000.00'), range('10,967.18', '17,032.82'), 'not ended'],
        [monthAfter(months[6], 2), eur('14,000.00'), range('10,285.57', '17,714.43'), 'not ended'],
      ]);
      expect(await textOf(page, `[data-accuracy="${forecastId}"]`)).toBe(
        'Accuracy: MAPE 6.67 % · bias (mean error) 1,000.00 EUR · inside the 80 % interval 100 %',
      );
      await screenshot(page, '20-forecast-against-actuals');
    });

    it('puts baseline, stress and upside side by side, their assumptions and the drivers', async () => {
      const { page, world, base } = session();
      await signIn(page, base, world.keys.governance, `#/p/${world.fieldId}/scenarios`);
      await asOf(page, '2025-12-31');
      // 2025's four quarters: new deals 5, win rate 0.5, deal size 12,000 (FIELD_QUARTERS). Baseline
      // 5 × 0.5 × 12,000 = 30,000; stress 4 × 0.4 × 10,800 = 17,280; upside 5.75 × 0.55 × 13,200 = 41,745.
      const quarters = ['2026-01-01', '2026-04-01', '2026-07-01', '2026-10-01'];
      const revenue = ['30,000.00', '17,280.00', '41,745.00'].map(eur);
      expect(await tableText(page.locator('table[data-scenarios]'))).toEqual([
        ['Quarter starting', 'baseline', 'stress', 'upside'],
        ...quarters.map((q) => [q, ...revenue]),
      ]);
      expect(await tableText(page.locator('table[data-assumptions]'))).toEqual([
        ['Scenario', 'New deals', 'Win rate', 'Deal size'],
        ['baseline', '±0 %', '±0 pp', '±0 %'],
        ['stress', '−20 %', '−10 pp', '−10 %'],
        ['upside', '+15 %', '+5 pp', '+10 %'],
      ]);
      const drivers = await page.locator('dl[data-drivers] dd').allTextContents();
      expect(drivers).toEqual(['5', '50 %', '12,000.00 EUR']);
      await screenshot(page, '21-scenarios');

      // As of 30 September: three quarters since the start. New deals 15 / 3 = 5, win rate 7/12 = 0.5833,
      // deal size 34,000 / 3 = 11,333.33. Baseline 5 × 7/12 × 34,000/3 = 33,055.56; stress
      // 4 × 29/60 × 10,200 = 19,720.00; upside 5.75 × 19/30 × 37,400/3 = 45,399.44 (rounded once, at
      // the end).
      await asOf(page, '2025-09-30');
      await page.locator('table[data-scenarios] th', { hasText: '2025-10-01' }).waitFor();
      const then = ['33,055.56', '19,720.00', '45,399.44'].map(eur);
      expect((await tableText(page.locator('table[data-scenarios]'))).slice(1)).toEqual(
        ['2025-10-01', ...quarters.slice(0, 3)].map((q) => [q, ...then]),
      );
      expect(await page.locator('dl[data-drivers] dd').allTextContents()).toEqual([
        '5',
        '58.33 %',
        '11,333.33 EUR',
      ]);
    });

    it('ranks the partners with their tiers and how each moved since the quarter’s end', async () => {
      const { page, world, base } = session();
      expect(world.program).toBe('set'); // else the program routes refused: see `program`
      await signIn(page, base, world.keys.governance);
      await page.getByRole('link', { name: 'Partner ranking' }).click();
      // The model was set today, after the previous quarter ended: nobody had a tier under it then.
      await page.locator('table[data-model-version="1"]').waitFor();
      const now = await page
        .locator('tr[data-org]')
        .evaluateAll((rows) => rows.map((r) => r.dataset.movement));
      expect(new Set(now)).toEqual(new Set(['new']));

      // 60 days into the next quarter, against the end of this one. Score = (3 × fit/10 + on time/100) / 4
      // × 100; a criterion without a value counts 0. Cobalt (8): its milestone falls due between the two,
      // hit early: (2.4 + 0) / 4 = 60 silver then, (2.4 + 1) / 4 = 85 gold now: up. Ember (7): its pilot on
      // time then, (2.1 + 1) / 4 = 77.5 gold; its rollout due and missed now, 1 of 2: (2.1 + 0.5) / 4 = 65
      // silver: down. Alpine (10) 75 gold and Boreal (5) 37.5 bronze, no milestones: the same. Delta 25,
      // Flint 12.5 (25 then), Scenario A's Contoso and Northwind 12.5 (M1 on time, M2 late: 50 %),
      // Fabrikam and Tailspin 0: bronze throughout.
      await asOf(page, world.rankingDay);
      await page.locator('tr[data-org="cobalt"][data-movement="up"]').waitFor();
      const rows = await tableText(page.locator('table[data-model-version]'));
      const header = ['Rank', 'Organization', 'Score', 'Tier', 'Previous tier', 'Movement'];
      expect(rows[0]).toEqual([...header, 'fit (weight 3)', 'on_time (weight 1)', 'Missing']);
      const same = '= same';
      const bronze = (rank: number, org: string, score: string, onTime: string, missing: string) => [
        `${rank}`,
        org,
        score,
        'bronze',
        'bronze',
        same,
        'missing',
        onTime,
        missing,
      ];
      expect(rows.slice(1)).toEqual([
        ['1', 'cobalt', '85', 'gold', 'silver', '▲ up', '8 → 0.8', '100 → 1', '—'],
        ['2', 'alpine', '75', 'gold', 'gold', same, '10 → 1', 'missing', 'on_time'],
        ['3', 'ember', '65', 'silver', 'gold', '▼ down', '7 → 0.7', '50 → 0.5', '—'],
        ['4', 'boreal', '37.5', 'bronze', 'bronze', same, '5 → 0.5', 'missing', 'on_time'],
        bronze(5, 'delta', '25', '100 → 1', 'fit'),
        bronze(6, 'contoso', '12.5', '50 → 0.5', 'fit'),
        bronze(7, 'flint', '12.5', '50 → 0.5', 'fit'),
        bronze(8, 'northwind', '12.5', '50 → 0.5', 'fit'),
        bronze(9, 'fabrikam', '0', 'missing', 'fit, on_time'),
        bronze(10, 'tailspin', '0', 'missing', 'fit, on_time'),
      ]);
      expect(await contrastOf(page.locator('tr[data-org="cobalt"] td.good'))).toBeGreaterThanOrEqual(4.5);
      expect(await contrastOf(page.locator('tr[data-org="ember"] td.bad'))).toBeGreaterThanOrEqual(4.5);
      await screenshot(page, '22-partner-ranking');
    });
  },
  foresightWorld,
);
