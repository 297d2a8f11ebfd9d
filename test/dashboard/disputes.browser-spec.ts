import { screenshot, signIn } from '../support/browser';
import { DisputesWorld, disputesWorld } from '../support/dashboard-disputes-world';
import { describeInChromium } from '../support/dashboard-session';
import { cardFigure, contrastOf, disputeRows, threadOf } from '../support/dashboard-trust-reads';

/**
 * Disputes in the dashboard, in Debian's Chromium against the real API on PGlite, as a committee member
 * and a partner check them: the Disputes tab (each dispute's state, outcome and thread, the state
 * filter, overdue past the SLA) and the mark on every KPI card an open dispute touches. The disputes
 * were written through the dispute routes (test/support/dashboard-disputes-world.ts); the expected
 * figures are worked by hand from scenario A (test/golden/scenario-a.json) and the catalogue's sources.
 * Real: the API, its database, the browser. Faked: nothing.
 */
describeInChromium<DisputesWorld>(
  'the dashboard’s disputes in Chromium (pglite)',
  (session) => {
    it('lists the disputes with their state and outcome, opens a thread, and filters by state', async () => {
      const { page, world, base } = session();
      const { onEvent, onFigure, upheld, rejected, withdrawn } = world.disputes;
      await signIn(page, base, world.keys.governance, `#/p/${world.partnershipId}/disputes`);
      // In the order they were opened, each saying what it contests.
      expect(await disputeRows(page, 5)).toEqual([
        [onEvent, 'open', expect.stringContaining('the cost.incurred event b5500038-14c…')],
        [onFigure, 'open', expect.stringContaining('the figure of win_rate for the period from 2026-03-01')],
        [upheld, 'resolved', expect.stringContaining('the cost.incurred event faeb90cb-774…')],
        [rejected, 'resolved', expect.stringContaining('the lead.generated event 737dfbc4-89b…')],
        [withdrawn, 'withdrawn', expect.stringContaining('the market.entered event f1b0f804-596…')],
      ]);
      const item = (id: string) => page.locator(`li[data-dispute="${id}"]`);

      // The thread, opened from the keyboard: who said what, oldest first.
      await item(onEvent).locator('summary').focus();
      await page.keyboard.press('Enter');
      expect(await threadOf(item(onEvent))).toEqual([
        ['contoso opened the dispute', 'February salaries are booked twice'],
        ['northwind commented', 'Our payroll export shows one payment.'],
        ['contoso commented', 'Ours shows it in January as well.'],
      ]);
      await expect(item(onEvent).textContent()).resolves.toContain('No resolution proposed yet; due by');

      // The upheld one: proposed by Northwind with the retraction, accepted by Contoso, resolved.
      await item(upheld).locator('summary').click();
      expect(await threadOf(item(upheld))).toEqual([
        ['contoso opened the dispute', 'The MDF was paid by Contoso, not Northwind'],
        [
          'northwind proposed a resolution: upheld, retract the event',
          'Right: the invoice is Contoso’s. Retracted.',
        ],
        ['contoso accepted the resolution', ''],
        [
          'the ledger resolved the dispute on contoso’s acceptance: upheld',
          'Right: the invoice is Contoso’s. Retracted.',
        ],
      ]);
      await expect(item(upheld).locator('[data-outcome]').textContent()).resolves.toMatch(
        /^Resolved \d{4}-\d\d-\d\d, upheld, the event retracted: Right: the invoice is Contoso’s\. Retracted\.$/,
      );
      await item(rejected).locator('summary').click();
      await expect(item(rejected).locator('[data-outcome]').textContent()).resolves.toMatch(
        /^Resolved \d{4}-\d\d-\d\d, rejected: L2 was sent on 4 January; the mail is attached to our CRM record\.$/,
      );
      await item(withdrawn).locator('summary').click();
      await expect(item(withdrawn).locator('[data-outcome]').textContent()).resolves.toMatch(
        /^Withdrawn by northwind on \d{4}-\d\d-\d\d\.$/,
      );
      expect(await contrastOf(item(onEvent).locator('.badge'))).toBeGreaterThanOrEqual(4.5);
      await screenshot(page, '12-disputes');

      await page.getByRole('combobox', { name: 'State' }).selectOption('resolved');
      expect((await disputeRows(page, 2)).map(([id, state]) => [id, state])).toEqual([
        [upheld, 'resolved'],
        [rejected, 'resolved'],
      ]);
      await page.getByRole('combobox', { name: 'State' }).selectOption('overdue');
      await page.locator('[data-disputes-count="0"]').waitFor();

      // Thirty days on (business time, ahead of now): the two still open are past the 14-day SLA.
      const later = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
      await page.getByLabel('As of (business time)').fill(later);
      await page.getByRole('button', { name: 'Apply' }).click();
      expect((await disputeRows(page, 2)).map(([id, state]) => [id, state])).toEqual([
        [onEvent, 'overdue'],
        [onFigure, 'overdue'],
      ]);
      await screenshot(page, '13-disputes-overdue');
    });

    it('marks every KPI card an open dispute touches, and leads from the mark to its thread', async () => {
      const { page, world, base } = session();
      const { onEvent, onFigure } = world.disputes;
      await signIn(page, base, world.keys.northwind, `#/p/${world.partnershipId}`);
      await page.locator('li[data-kpi] a.disputed').first().waitFor();
      // cost.incurred is a source of these five KPIs (the catalogue), win_rate's March figure is disputed.
      const marked = page.locator('li[data-kpi]', { has: page.locator('a.disputed') });
      expect(await marked.locator('.card-name').allTextContents()).toEqual([
        'Program costs',
        'Return on investment',
        'Customer acquisition cost via partner',
        'CAC reduction',
        'Win rate',
        'Reporting balance',
      ]);
      const mark = (kpiId: string) => page.locator(`[data-kpi="${kpiId}"] a.disputed`);
      await expect(mark('program_costs').getAttribute('aria-label')).resolves.toBe(
        `Program costs is contested by open dispute ${onEvent}`,
      );
      // The upheld dispute retracted the 5,000.00 MDF: costs 8,000.00, ROI (43,000 − 8,000) / 8,000.
      expect(await cardFigure(page, 'program_costs')).toBe('8,000.00 EUR');
      expect(await cardFigure(page, 'roi')).toBe('437.5 %');
      expect(await contrastOf(mark('win_rate'))).toBeGreaterThanOrEqual(4.5);
      await screenshot(page, '14-disputed-cards');

      await mark('win_rate').click();
      expect(page.url()).toContain(`#/p/${world.partnershipId}/disputes/${onFigure}`);
      const item = page.locator(`li[data-dispute="${onFigure}"]`);
      expect(await threadOf(item)).toEqual([
        ['northwind opened the dispute', 'A2 was lost to a budget freeze, not to a rival'],
        [
          'contoso proposed a resolution: rejected',
          'A lost deal counts, whatever the reason, as the catalogue defines the win rate.',
        ],
      ]);
      await expect(item.locator('[data-proposal-by]').textContent()).resolves.toBe(
        'Proposed by contoso: rejected. A lost deal counts, whatever the reason, as the catalogue defines the win rate.',
      );

      // Before the first dispute was opened: no mark, and the MDF still counted (13,000.00).
      await page.getByRole('link', { name: 'KPIs' }).click();
      await page.getByLabel('Known at ledger position').fill(String(world.beforeDisputes));
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.locator('[data-kpi="program_costs"] .figure', { hasText: '13,000.00 EUR' }).waitFor();
      expect(await page.locator('a.disputed').count()).toBe(0);
      expect(await cardFigure(page, 'roi')).toBe('230.77 %');
    });
  },
  disputesWorld,
);
