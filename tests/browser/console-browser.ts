import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's Chromium (CI installs it with apt-get in .ci/run). */
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = join(process.cwd(), 'test-output', 'screenshots');
const axeSource = axe.source;

/** One headless browser for a test file. */
export const launchBrowser = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox'] });

/** A page that records every dialog (none may open) and every CSP violation reported on its console. */
export async function watchedPage(browser: Browser): Promise<{ page: Page; dialogs: string[]; cspViolations: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const dialogs: string[] = [];
  const cspViolations: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  return { page, dialogs, cspViolations };
}

/** Runs axe-core on the page (evaluated through the driver, so the page's CSP still forbids inline script) and expects no serious or critical violation. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await page.evaluate(axeSource);
  const result = await page.evaluate<{ violations: { id: string; impact: string; nodes: unknown[] }[] }>('axe.run(document)');
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes)`);
  expect(bad, `axe on ${name}`).toEqual([]);
}

/** Saves a full-page screenshot under test-output/screenshots. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Signs in through the form with the keyboard only: Tab to the token field, type, Enter. */
export async function signIn(page: Page, base: string, token: string): Promise<void> {
  await page.goto(`${base}/console/sign-in`);
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate("document.activeElement?.id === 'token'")) break;
  }
  await page.keyboard.type(token);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  if (page.url() !== `${base}/console`) throw new Error(`sign-in failed at ${page.url()}: ${(await page.content()).slice(0, 600)}`);
}

/** Moves focus with Tab until the focused element is a button with this text, then presses Enter. */
export async function pressButtonByKeyboard(page: Page, text: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate("document.activeElement?.tagName === 'BUTTON' ? document.activeElement.textContent.trim() : ''");
    if (focused === text) {
      await page.keyboard.press('Enter');
      return;
    }
  }
  throw new Error(`no button "${text}" reachable with Tab`);
}
