import type { Locator, Page } from 'playwright-core';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * An input by its visible label. Mantine appends " *" to required labels (hidden from screen readers
 * but part of the label text), so match the label with or without it — and nothing longer, so
 * "Password" never finds "Confirm password" or the "Toggle password visibility" button.
 */
export function field(scope: Page | Locator, label: string): Locator {
  return scope.getByLabel(new RegExp(`^${escape(label)}( \\*)?$`));
}

/** Waits for a notification (Mantine renders them as role=alert) containing `text`. */
export async function toast(page: Page, text: string | RegExp): Promise<Locator> {
  const note = page.locator('.mantine-Notification-root').filter({ hasText: text });
  await note.first().waitFor();
  return note.first();
}

/** Closes every visible notification so the next screenshot shows only the screen. */
export async function dismissToasts(page: Page): Promise<void> {
  const close = page.locator('.mantine-Notification-root button');
  for (const button of await close.all()) await button.click().catch(() => undefined);
  await page
    .locator('.mantine-Notification-root')
    .first()
    .waitFor({ state: 'detached' })
    .catch(() => undefined);
}

/** Follows a link of the main navigation (the sidebar). */
export const navTo = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();

/** Waits for the page's title (its h1). */
export async function waitForHeading(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { name, level: 1 }).waitFor();
}

/** Opens a Mantine Select by its label and picks the option whose text matches. */
export async function chooseOption(
  page: Page,
  scope: Page | Locator,
  label: string,
  option: string | RegExp,
): Promise<void> {
  await field(scope, label).click();
  await page.getByRole('option', { name: option }).first().click();
}

/** Text as a person reads it: Intl's thin and narrow no-break spaces (in date ranges, times) as spaces. */
export const norm = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

/**
 * Headless print opens a new tab, then fetches the PDF through `channel` and shows it there. A
 * Chromium with a PDF viewer shows it at a blob: address; the headless shell inside
 * @sparticuz/chromium (the fresh-machine browser) has no viewer and may download it or do nothing
 * visible, so what is checked is what the app controls: a tab opened and a real PDF reached it.
 */
export async function printOpensPdf(page: Page, channel: string, click: () => Promise<void>): Promise<void> {
  const [tab, response] = await Promise.all([
    page.context().waitForEvent('page'),
    page.waitForResponse((r) => r.url().endsWith(`/api/${channel}`)),
    click(),
  ]);
  const body = (await response.json()) as { ok: boolean; value?: { base64: string } };
  const head = Buffer.from(body.value?.base64 ?? '', 'base64')
    .subarray(0, 5)
    .toString('latin1');
  if (!body.ok || head !== '%PDF-') throw new Error(`Print fetched ${JSON.stringify(head)}, not a PDF`);
  await tab.close();
}
