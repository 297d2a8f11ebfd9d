import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, Page, chromium } from 'playwright-core';
import { ROOT } from './process';

/**
 * Debian's Chromium (`apt-get install -y chromium`), driven by playwright-core: never a browser a tool
 * downloads. CHROMIUM_PATH names another binary.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = (): boolean => existsSync(CHROMIUM);

/** CI sets it: there, a missing Chromium fails the run instead of skipping the browser tests. */
export const BROWSER_REQUIRED = process.env.LEDGER_REQUIRE_BROWSER === '1';

/** The folder the browser tests write their screenshots to, for a person to look at. */
export const SCREENSHOTS = process.env.LEDGER_SCREENSHOTS_DIR ?? join(ROOT, 'test-results', 'dashboard');

export const NO_CHROMIUM =
  `SKIPPED: no Chromium at ${CHROMIUM}, so the dashboard's browser tests did not run ` +
  '(apt-get install -y chromium; CI installs it and always runs them)';

/**
 * Headless, without the background networking a closed network refuses, in a fresh profile; as root
 * (CI) without the sandbox.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A new context per test: its own sessionStorage and localStorage (the pinned key), like a new user.
 * Script errors and content-security-policy violations are collected for pageProblems.
 */
export async function freshPage(browser: Browser, scheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const context: BrowserContext = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    colorScheme: scheme,
  });
  // Injected by the browser itself, so the dashboard's CSP does not apply to it.
  // (Typed without the DOM: the benchmarks compile this file for Node.)
  await context.addInitScript(() => {
    type Violation = { violatedDirective: string; blockedURI: string };
    const page = globalThis as unknown as {
      cspViolations: string[];
      document: { addEventListener(type: string, listener: (e: Violation) => void): void };
    };
    page.cspViolations = [];
    page.document.addEventListener('securitypolicyviolation', (e) =>
      page.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  problems.set(page, errors);
  return page;
}

const problems = new WeakMap<Page, string[]>();

/** Script errors the page threw and CSP violations it caused, since freshPage. */
export async function pageProblems(page: Page): Promise<string[]> {
  const csp = await page
    .evaluate(() => (globalThis as unknown as { cspViolations?: string[] }).cspViolations ?? [])
    .catch(() => [] as string[]);
  return [...(problems.get(page) ?? []), ...csp.map((v) => `CSP: ${v}`)];
}

/**
 * Waits until `predicate` holds in the page, asking every 25 ms. Not page.waitForFunction: its polling
 * compiles the predicate inside the page, which the dashboard's CSP (no eval) forbids, as it should.
 */
export async function waitUntil<A>(
  page: Page,
  predicate: (arg: A) => boolean,
  arg: A,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(predicate as (arg: unknown) => boolean, arg))) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${predicate.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The whole page, or (`fullPage: false`) what a 1280 × 900 window shows, as in the README. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

/** Signs in on the sign-in form, as a person pastes a key, and waits for the signed-in shell. */
export async function signIn(page: Page, baseUrl: string, key: string, hash = ''): Promise<void> {
  await page.goto(`${baseUrl}/dashboard/${hash}`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}
