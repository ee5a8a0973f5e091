import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { FOUND_BROWSER_ENV, findBrowser, type FoundBrowser } from './find-browser';

/**
 * The browser the global setup found (RECUR_CHROMIUM, an installed Chromium/Chrome, or the one in
 * @sparticuz/chromium); the suite never downloads one.
 */
async function foundBrowser(): Promise<FoundBrowser> {
  const shared = process.env[FOUND_BROWSER_ENV];
  return shared ? (JSON.parse(shared) as FoundBrowser) : findBrowser();
}

export async function launchBrowser(): Promise<Browser> {
  const found = await foundBrowser();
  return chromium.launch({
    executablePath: found.executablePath,
    env: { ...process.env, ...found.env },
    args: [
      ...found.args,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

export async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
    locale: 'en-US',
    timezoneId: 'Europe/London',
  });
  const page = await context.newPage();
  return { context, page };
}

export const SCREENSHOT_DIR = join('test-results', 'screenshots');

/**
 * Numbered screenshots (`07-member-form-errors.png`) so the folder reads as the story of the run; a
 * prefix keeps each spec's story apart (`b07-…` for billing).
 */
export function screenshotter(page: Page, prefix = '') {
  let n = 0;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return async (name: string) => {
    n += 1;
    // Let toasts and transitions settle so the picture shows the screen, not an animation frame.
    await page.waitForTimeout(350);
    const file = join(SCREENSHOT_DIR, `${prefix}${String(n).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file });
    return file;
  };
}
