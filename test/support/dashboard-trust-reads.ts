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

interface Quality {
  score: number | null;
  completeness: { items: { type: string; orgId?: string; periodStart: string; received: number }[] };
  timeliness: { late: { count: number; items: { eventId: string; daysLate: number }[] } };
  balance: { orgId: string; events: number; share: number | null; retracted: number }[];
  anomalies: { kpiId: string; periodStart: string; score: number }[];
}

/** The data-quality tab against the API's answer: score, every grid cell, late events, balance, anomalies. */
export async function expectQualityEqual(page: Page, answer: Quality): Promise<void> {
  await page.locator('[data-score]').waitFor();
  expect(await page.locator('[data-score]').getAttribute('data-score')).toBe(String(answer.score ?? ''));
  const cells = await page.locator('td[data-period]').evaluateAll((tds) =>
    tds.map((td) => ({
      row: td.closest('tr')!.getAttribute('data-expected'),
      period: td.getAttribute('data-period'),
      received: td.getAttribute('data-received'),
    })),
  );
  const items = answer.completeness.items.map((i) => ({
    row: i.orgId ? `${i.type} · ${i.orgId}` : i.type,
    period: i.periodStart,
    received: String(i.received),
  }));
  expect(sorted(cells)).toEqual(sorted(items));
  const late = await attributes(page.locator('tr[data-event]'), 'data-event');
  expect(late).toEqual(answer.timeliness.late.items.map((e) => e.eventId));
  const lateSection = page.locator('[data-late-count]');
  expect(await lateSection.getAttribute('data-late-count')).toBe(String(answer.timeliness.late.count));
  const balance = await page
    .locator('table[data-balance] tbody tr')
    .evaluateAll((rows) =>
      rows.map((tr) => [
        tr.getAttribute('data-org'),
        ...[...tr.querySelectorAll('td')].map((td) => td.getAttribute('data-value')),
      ]),
    );
  expect(balance).toEqual(
    answer.balance.map((b) => [b.orgId, String(b.events), String(b.share ?? ''), String(b.retracted)]),
  );
  const anomalies = await attributes(page.locator('tr[data-anomaly]'), 'data-anomaly');
  expect(anomalies).toEqual(answer.anomalies.map((a) => `${a.kpiId} ${a.periodStart}`));
}

interface Alert {
  alertId: string;
  partnershipId: string;
  kind: string;
  raisedAt: string;
}

/** The open-alerts panel: the same alerts as the API's, in its order, each with its kind and partnership. */
export async function expectAlertsEqual(page: Page, answer: { items: Alert[] }): Promise<void> {
  await page.locator('[data-alerts-count]').waitFor();
  const shown = await page.locator('tr[data-alert]').evaluateAll((rows) =>
    rows.map((tr) => ({
      alertId: tr.getAttribute('data-alert'),
      kind: tr.getAttribute('data-kind'),
      partnershipId: tr.getAttribute('data-partnership'),
      raisedAt: tr.querySelector('[data-value]')?.getAttribute('data-value'),
    })),
  );
  expect(shown).toEqual(
    answer.items.map(({ alertId, kind, partnershipId, raisedAt }) => ({
      alertId,
      kind,
      partnershipId,
      raisedAt,
    })),
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

const attributes = (locator: Locator, name: string) =>
  locator.evaluateAll((elements, attribute) => elements.map((e) => e.getAttribute(attribute)), name);

const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();
