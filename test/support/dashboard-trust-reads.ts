import type { Locator, Page } from 'playwright-core';

/** What the trust panels show, read off the page by their data attributes, to compare with the API. */

/**
 * The disputes listed, once `count` are: each one's id, the state its badge says (an open one past its
 * SLA says "overdue") and the summary line a user reads.
 */
export async function disputeRows(page: Page, count: number): Promise<[string, string, string][]> {
  await page.locator(`[data-disputes-count="${count}"]`).waitFor();
  return page
    .locator('li[data-dispute]')
    .evaluateAll((items) =>
      items.map((li): [string, string, string] => [
        li.getAttribute('data-dispute') ?? '',
        li.querySelector('summary .badge')?.textContent ?? '',
        (li.querySelector('summary')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      ]),
    );
}

/**
 * A dispute's thread as a user reads it, once loaded: for each entry, who did what (its time and
 * position left out) and what they said.
 */
export async function threadOf(dispute: Locator): Promise<[string, string][]> {
  await dispute.locator('ol.thread li').first().waitFor();
  return dispute.locator('ol.thread li').evaluateAll((items) =>
    items.map((li): [string, string] => [
      (li.querySelector('p')?.textContent ?? '')
        .replace(/^\S+ \S+ UTC · /, '')
        .replace(/ · position \d+$/, '')
        .replace(/\s+/g, ' ')
        .trim(),
      li.querySelector('.said')?.textContent ?? '',
    ]),
  );
}

/** The figure a KPI card shows, as written on it. */
export const cardFigure = (page: Page, kpiId: string): Promise<string | null> =>
  page.locator(`li[data-kpi="${kpiId}"] .figure`).textContent();

/**
 * A table as a user reads it, once it is drawn: each row (the header row first) as its cells' texts,
 * whitespace collapsed.
 */
export async function tableText(table: Locator): Promise<string[][]> {
  await table.waitFor();
  return table
    .locator('tr')
    .evaluateAll((rows) =>
      rows.map((tr) =>
        [...tr.querySelectorAll('th, td')].map((cell) =>
          (cell.textContent ?? '').replace(/\s+/g, ' ').trim(),
        ),
      ),
    );
}

/** The text of the first element `selector` finds, once it is there, whitespace collapsed. */
export async function textOf(page: Page, selector: string): Promise<string> {
  const element = page.locator(selector).first();
  await element.waitFor();
  return ((await element.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** A row of the open-alerts panel: one kind in one partnership. */
export interface AlertGroupRow {
  /** Alert, partnership, how many are open, about (a lone alert, or the group's summary), since. */
  readonly row: string[];
  /** Each alert of the group, as its line reads. */
  readonly alerts: string[];
}

/** The open-alerts panel as a user reads it, once it is drawn. */
export async function alertGroups(page: Page): Promise<AlertGroupRow[]> {
  await page.locator('[data-alerts-count]').waitFor();
  return page.locator('table[data-alerts-count] tbody tr').evaluateAll((rows) =>
    rows.map((tr) => {
      const text = (e: { textContent: string | null } | null) =>
        (e?.textContent ?? '').replace(/\s+/g, ' ').trim();
      const cells = [...tr.querySelectorAll('th, td')];
      const about = cells[3].querySelector('summary') ?? cells[3];
      const row = [text(cells[0]), text(cells[1]), text(cells[2]), text(about), text(cells[4])];
      return { row, alerts: [...cells[3].querySelectorAll('[data-alert]')].map(text) };
    }),
  );
}

/**
 * The WCAG contrast ratio of an element's text against the first opaque background behind it (the
 * page's own colours, as the browser computed them).
 */
export function contrastOf(locator: Locator): Promise<number> {
  return locator.evaluate((element) => {
    // Through the element's own window: test/support compiles for Node too, without the DOM's names.
    const styleOf = (e: typeof element) => e.ownerDocument.defaultView!.getComputedStyle(e);
    const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]: number[]) => {
      const lin = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    let behind: typeof element | null = element;
    let background = [255, 255, 255];
    for (; behind; behind = behind.parentElement) {
      const colour = rgb(styleOf(behind).backgroundColor);
      if (colour.length === 3 || (colour.length === 4 && colour[3] === 1)) {
        background = colour.slice(0, 3);
        break;
      }
    }
    const [a, b] = [luminance(rgb(styleOf(element).color)), luminance(background)];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
}
