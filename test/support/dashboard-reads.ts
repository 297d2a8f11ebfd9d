import type { Page } from 'playwright-core';

interface KpiValue {
  kpiId: string;
  value: number | string | null;
  target?: number;
}

/** Each KPI card on the page: its id, the raw value it shows and its target line. */
export function cardsOf(page: Page) {
  return page.locator('li[data-kpi]').evaluateAll((cards) =>
    cards.map((c) => ({
      kpiId: c.getAttribute('data-kpi'),
      value: c.getAttribute('data-value'),
      target: c.querySelector('.target')?.textContent,
    })),
  );
}

/** Every KPI of the API's answer is on a card, with the very same value, and no card is extra. */
export async function expectCardsEqual(page: Page, answer: { categories: Record<string, KpiValue[]> }) {
  const expected = Object.values(answer.categories)
    .flat()
    .map((v) => ({
      kpiId: v.kpiId,
      value: v.value === null ? '' : String(v.value),
      targeted: v.target !== undefined,
    }));
  await page.locator('li[data-kpi]').first().waitFor();
  const cards = await cardsOf(page);
  expect(cards.map(({ kpiId, value }) => ({ kpiId, value }))).toEqual(
    expected.map(({ kpiId, value }) => ({ kpiId, value })),
  );
  expected.forEach((e, i) => expect(cards[i].target?.startsWith('target ')).toBe(e.targeted));
}
