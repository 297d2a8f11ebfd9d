import { generateKeyPairSync } from 'node:crypto';
import { keyIdOf } from '@ledger/verification';
import { freshPage, screenshot, signIn } from '../support/browser';
import { describeInChromium } from '../support/dashboard-session';

/**
 * The dashboard's Integrity tab in Debian's Chromium: the checks run with the browser's own Web Crypto,
 * against the real API on PGlite. A tampered answer is made by intercepting the browser's request, as a
 * compromised server or network would; the page must then say NOT verified.
 */
describeInChromium('the dashboard’s in-browser verification in Chromium (pglite)', (session) => {
  it.each([
    ['auditor', 'verified'],
    ['admin', 'verified'],
    ['northwind', 'verified'],
    ['governance', 'not_checked'],
  ] as const)('verifies integrity in the browser as %s (event content: %s)', async (who, content) => {
    const { page, world, base } = session();
    await signIn(page, base, world.keys[who], `#/p/${world.partnershipId}/integrity`);
    const verdict = page.locator('[data-verified]');
    await verdict.waitFor({ timeout: 20_000 });
    expect(await verdict.getAttribute('data-verified')).toBe('true');
    const said = await verdict.textContent();
    expect(said).toContain(`position ${world.figuresPosition}`);
    // A key that reads no events is not told its figures' event was checked, only the ledger's leaf.
    expect(said?.includes('the event itself was not hashed here')).toBe(content === 'not_checked');
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
    ['an event whose content was altered', '**/v1/events?*', 'Event content', alterEvent],
  ] as const)('says NOT verified, in red, for %s', async (_what, pattern, check, alter) => {
    const { page, world, base } = session();
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

  it('refuses a ledger key other than the one pinned on first use, naming both', async () => {
    const { page, world, base } = session();
    await signIn(page, base, world.keys.auditor, `#/p/${world.partnershipId}/integrity`);
    await page.locator('[data-verified="true"]').waitFor({ timeout: 20_000 });
    // A real Ed25519 key served with its own, correct id: only the pin can tell it is not the ledger's.
    const impostor = generateKeyPairSync('ed25519').publicKey;
    const served = { keyId: keyIdOf(impostor), jwk: impostor.export({ format: 'jwk' }) };
    await page.route('**/v1/ledger/public-key', (route) => route.fulfill({ json: served }));
    await page.getByRole('button', { name: 'Check again' }).click();
    await page.locator('[data-verified="false"]').waitFor();
    const key = page.locator('tr[data-check="Ledger key"]');
    expect(await key.getAttribute('data-state')).toBe('failed');
    await expect(key.textContent()).resolves.toContain(`now serves key ${served.keyId}, not ed25519-`);
    // Forgetting the pin asks first; declined, nothing changes.
    page.once('dialog', (dialog) => void dialog.dismiss());
    await page.getByRole('button', { name: 'Forget the pinned ledger key' }).click();
    expect(await page.evaluate(() => localStorage.getItem('ledger.pinnedKey'))).toContain('pinnedAt');
    await expect(page.locator('[data-verified]').getAttribute('data-verified')).resolves.toBe('false');
  });

  it('can be used from the keyboard and in the dark colour scheme', async () => {
    const { world, base, browser } = session();
    await session().page.context().close();
    const page = (session().page = await freshPage(browser, 'dark'));
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

function flipSignature(head: { signature: string }) {
  const first = head.signature[0] === 'A' ? 'B' : 'A';
  return { ...head, signature: `${first}${head.signature.slice(1)}` };
}

/** The deal amount of the event as read, changed: its leaf no longer hashes to the proven one. */
function alterEvent(page: { items: { data: Record<string, unknown> }[] }) {
  const [event, ...rest] = page.items;
  return { ...page, items: [{ ...event, data: { ...event.data, altered: true } }, ...rest] };
}

function flipPath(proof: { auditPath: string[] }) {
  const [first, ...rest] = proof.auditPath;
  const flipped = `${first[0] === '0' ? '1' : '0'}${first.slice(1)}`;
  return { ...proof, auditPath: [flipped, ...rest] };
}
