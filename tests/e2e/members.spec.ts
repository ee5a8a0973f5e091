import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage, screenshotter } from './support/browser';
import { membersCsv } from './support/csv';
import { startServer, type RunningServer } from './support/server';
import { dismissToasts, field, toast } from './support/ui';

/**
 * The members flow end to end, as a front-desk person would click it: the built app served headless,
 * driven in Chromium. Every screen is photographed to test-results/screenshots for review.
 */
/** The bits of the page's globals the test reads inside page.evaluate (no DOM lib in the test tsconfig). */
interface PageGlobals {
  document: { documentElement: { dataset: Record<string, string | undefined> } };
}

const LOGO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#e8590c"/>' +
  '<path d="M18 44V20h14a8 8 0 0 1 0 16h-6l10 8" fill="none" stroke="#fff" stroke-width="6" stroke-linecap="round"/></svg>';

const OWNER = { name: 'Alex Morgan', email: 'alex@riverside.example', password: 'correct horse battery' };

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let shot: (name: string) => Promise<string>;

beforeAll(async () => {
  server = await startServer({ RECUR_TEST_CLOCK: '1' });
  browser = await launchBrowser();
  ({ context, page } = await newPage(browser));
  page.on('pageerror', (error) => console.error('page error:', error.message));
  page.setDefaultTimeout(15_000);
  shot = screenshotter(page);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

async function signIn(email: string, password: string, on: Page = page) {
  await field(on, 'Email').fill(email);
  await field(on, 'Password').fill(password);
  await on.getByRole('button', { name: 'Sign in' }).click();
}

async function openMembers() {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Members' }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Members', level: 1 }).isVisible()).toBe(true);
}

/** The count shown next to the filters, e.g. "201 members". */
async function memberCount(on: Page = page): Promise<string> {
  const counter = on.getByText(/^[\d,]+ members?$/);
  await counter.waitFor();
  return (await counter.textContent()) ?? '';
}

describe('members', () => {
  it('sets up the business on first run', async () => {
    await page.goto(server.url);
    await field(page, 'Business name').waitFor();
    await shot('setup');

    // A mismatched confirmation is caught before anything is created.
    await field(page, 'Business name').fill('Riverside Fitness');
    await field(page, 'Your name').fill(OWNER.name);
    await field(page, 'Email').fill(OWNER.email);
    await field(page, 'Password').fill(OWNER.password);
    await field(page, 'Confirm password').fill('something else entirely');
    await page.getByRole('button', { name: 'Create my business' }).click();
    await page.getByText('The two passwords are not the same').waitFor();
    await shot('setup-errors');

    await field(page, 'Confirm password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Create my business' }).click();
    await page.getByRole('heading', { name: /Good (morning|afternoon|evening), Alex/ }).waitFor();
    await expect.poll(() => page.getByText('Riverside Fitness').first().isVisible()).toBe(true);
    await page.getByText('Test clock on').waitFor();
    await shot('dashboard-empty');
  });

  it('signs out and back in', async () => {
    await page.getByRole('button', { name: 'Account menu' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await shot('login');

    await signIn(OWNER.email, 'not my password');
    await page.getByRole('alert').waitFor();
    await shot('login-wrong-password');

    await signIn(OWNER.email, OWNER.password);
    await page.getByRole('heading', { name: /Good (morning|afternoon|evening), Alex/ }).waitFor();
    // A reload keeps the session (the token lives in session storage).
    await page.reload();
    await page.getByRole('heading', { name: /Good (morning|afternoon|evening), Alex/ }).waitFor();
  });

  it('shows the empty members list', async () => {
    await openMembers();
    await page.getByText('No members yet — add one or import a CSV').waitFor();
    await shot('members-empty');
  });

  it('adds a member, showing field errors first', async () => {
    await page.getByRole('button', { name: 'Add member' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add member' });
    await dialog.waitFor();
    await field(dialog, 'Email').fill('jane@');
    await dialog.getByRole('button', { name: 'Add member' }).click();
    await dialog.getByText('Enter first name').waitFor();
    await dialog.getByText('Enter last name').waitFor();
    await dialog.getByText('That is not a valid email address').waitFor();
    await shot('member-form-errors');

    await field(dialog, 'First name').fill('Jane');
    await field(dialog, 'Last name').fill('Doe');
    await field(dialog, 'Email').fill('jane.doe@example.com');
    await field(dialog, 'Phone').fill('+44 20 7946 0001');
    await field(dialog, 'Date of birth').fill('1990-04-12');
    await field(dialog, 'City').fill('London');
    await field(dialog, 'Tags').fill('morning');
    await field(dialog, 'Tags').press('Enter');
    await dialog.getByRole('button', { name: 'Add member' }).click();
    await toast(page, /Jane Doe was added as M-\d+/);

    // The new member's page, with the date of birth in the business's locale (en-US from the browser).
    await page.getByRole('heading', { name: 'Jane Doe', exact: true }).waitFor();
    await page.getByText('Apr 12, 1990').waitFor();
    await dismissToasts(page);
  });

  it('shows every tab of the member page', async () => {
    await field(page, 'New note').fill('Prefers morning classes. Knee injury in 2023 — no deep squats.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await toast(page, 'Note added.');
    await page.getByText('Prefers morning classes.', { exact: false }).nth(0).waitFor();
    await dismissToasts(page);
    await shot('member-overview');

    // The billing tabs start empty (billing itself is covered by billing.spec.ts).
    const empty: Record<string, string> = {
      Subscriptions: 'Jane has no subscriptions yet',
      Invoices: 'No invoices for Jane yet',
      Payments: 'No payments from Jane yet',
    };
    for (const [tab, text] of Object.entries(empty)) {
      await page.getByRole('tab', { name: tab }).click();
      await page.getByText(text).waitFor();
      await shot(`member-${tab.toLowerCase()}`);
    }
    await page.getByRole('tab', { name: 'Activity' }).click();
    const activity = page.getByRole('table', { name: 'Activity' });
    await activity.waitFor();
    // Times are shown in the business's zone and locale, never as raw ISO strings.
    expect(await activity.textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(await activity.getByRole('row').count()).toBeGreaterThanOrEqual(2);
    await shot('member-activity');
  });

  it('warns about a duplicate email without blocking', async () => {
    await openMembers();
    await page.getByRole('button', { name: 'Add member' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add member' });
    await field(dialog, 'First name').fill('Janet');
    await field(dialog, 'Email').fill('jane.doe@example.com');
    await field(dialog, 'Phone').focus(); // leaving the email field runs the check
    await dialog.getByText(/Jane Doe \(M-\d+\) already uses this email/).waitFor();
    await shot('member-form-duplicate');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('finds the member by search and from Ctrl+K', async () => {
    const search = page.getByRole('textbox', { name: 'Search members' });
    await search.fill('doe');
    await page.getByRole('row', { name: /Jane Doe/ }).waitFor();
    expect(await memberCount()).toBe('1 member');
    await shot('members-list-search');

    await search.fill('zzzz');
    await page.getByText('No members match “zzzz”').waitFor();
    await shot('members-no-results');
    await search.fill('');

    await page.keyboard.press('Control+K');
    await page.getByPlaceholder('Search members by name, number, email or phone…').fill('jane');
    await page.getByRole('button', { name: /Jane Doe/ }).waitFor();
    await shot('spotlight');
    await page.getByRole('button', { name: /Jane Doe/ }).click();
    await page.getByRole('heading', { name: 'Jane Doe', exact: true }).waitFor();
  });

  it('edits the member', async () => {
    await page.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Jane Doe' });
    await field(dialog, 'Last name').fill('Doe-Smith');
    await field(dialog, 'Phone').fill('+44 20 7946 0999');
    await shot('member-form-edit');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await toast(page, 'Jane Doe-Smith was updated.');
    await page.getByRole('heading', { name: 'Jane Doe-Smith', exact: true }).waitFor();
    await page.getByText('+44 20 7946 0999').first().waitFor();
    await dismissToasts(page);
  });

  it('refuses a CSV with bad rows and imports nothing', async () => {
    await openMembers();
    expect(await memberCount()).toBe('1 member');
    const { csv, badRows } = membersCsv(200, true);
    await page.getByRole('button', { name: 'Import CSV' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import members from a CSV file' });
    await dialog.locator('input[type=file]').setInputFiles({
      name: 'members-with-errors.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    const problems = dialog.getByRole('table', { name: 'Rows with problems' });
    await problems.waitFor();
    await dialog
      .getByText(
        `Fix these ${badRows.length} rows in your file and choose it again — nothing has been imported`,
      )
      .waitFor();
    // Exactly the broken rows are listed, each with a message.
    const rows = await problems.locator('tbody tr').all();
    const listed = new Set<number>();
    for (const row of rows) listed.add(Number(await row.locator('td').first().textContent()));
    expect([...listed].sort((a, b) => a - b)).toEqual(badRows);
    expect(
      await dialog
        .getByRole('button', { name: /^Import/ })
        .last()
        .isDisabled(),
    ).toBe(true);
    await dialog.getByText('200 rows').waitFor();
    await dialog.getByText('197 ready').waitFor();
    await shot('import-preview-errors');

    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await memberCount()).toBe('1 member');
  });

  it('imports a fixed CSV of 200 members', async () => {
    const { csv } = membersCsv(200, false);
    await page.getByRole('button', { name: 'Import CSV' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import members from a CSV file' });
    await dialog.locator('input[type=file]').setInputFiles({
      name: 'members.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await dialog.getByText('All 200 rows are ready to import.').waitFor();
    await shot('import-preview-ready');
    await dialog.getByRole('button', { name: 'Import 200 members' }).click();
    await toast(page, 'Imported 200 members');
    await expect.poll(memberCount).toBe('201 members');
    await shot('import-success');
    await dismissToasts(page);

    // Scrolling far down loads the next page of 100 by offset.
    await page.getByRole('table', { name: 'Members' }).locator('[role=rowgroup]').first().hover();
    await page.mouse.wheel(0, 200 * 46);
    await page.getByRole('row', { name: /M-\d+/ }).last().waitFor();
    await expect
      .poll(async () =>
        page.locator('[role=row][aria-rowindex="202"]').getByRole('cell').first().textContent(),
      )
      .toMatch(/M-\d+/);
    await shot('members-list-scrolled');
    await page.mouse.wheel(0, -200 * 46);
    await shot('members-list');
  });

  it('exports the list as CSV', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const path = await download.path();
    const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
    const lines = text.trim().split(/\r?\n/);
    expect(lines.length).toBeGreaterThanOrEqual(202);
    expect(lines[0]).toMatch(/^Number,First name,Last name,Email,Phone/);
    await toast(page, /Exported 201 members/);
    await dismissToasts(page);
  });

  it('updates another window live when members change', async () => {
    // A second window signs in on its own (each tab keeps its own session).
    const other = await context.newPage();
    try {
      await other.goto(server.url);
      await signIn(OWNER.email, OWNER.password, other);
      await other.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Members' }).click();
      await expect.poll(() => memberCount(other)).toBe('201 members');

      await page.getByRole('button', { name: 'Add member' }).first().click();
      const dialog = page.getByRole('dialog', { name: 'Add member' });
      await field(dialog, 'First name').fill('Live');
      await field(dialog, 'Last name').fill('Update');
      await dialog.getByRole('button', { name: 'Add member' }).click();
      await page.getByRole('heading', { name: 'Live Update', exact: true }).waitFor();

      // The core's changed event reaches the other window, which refreshes without a reload.
      await expect.poll(() => memberCount(other), { timeout: 10_000 }).toBe('202 members');
    } finally {
      await other.close();
    }
    await dismissToasts(page);
  });

  it('archives after a confirmation and restores', async () => {
    await page.getByRole('heading', { name: 'Live Update', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Archive' }).click();
    const confirm = page.getByRole('dialog', { name: 'Archive Live Update?' });
    await confirm.waitFor();
    await shot('member-archive-confirm');
    await confirm.getByRole('button', { name: 'Archive member' }).click();
    await toast(page, /Live Update was archived/);
    await page.getByText('Archived', { exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'Restore' }).click();
    await toast(page, 'Live Update is active again.');
    await page.getByRole('button', { name: 'Archive' }).waitFor();
    await dismissToasts(page);
  });

  it('shows every settings tab', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await field(page, 'Business name').waitFor();
    // The owner uploads a logo and fills in the tax id; the top bar shows the logo once saved.
    await page.locator('input[type=file][accept^="image/"]').setInputFiles({
      name: 'logo.svg',
      mimeType: 'image/svg+xml',
      buffer: Buffer.from(LOGO_SVG),
    });
    await page.getByRole('img', { name: 'Business logo' }).waitFor();
    await field(page, 'Tax id').fill('GB123456789');
    await field(page, 'City').fill('London');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await toast(page, 'Business settings saved.');
    await dismissToasts(page);
    await shot('settings-business');

    await page.getByRole('tab', { name: 'Operators' }).click();
    await page.getByRole('table', { name: 'Operators' }).waitFor();
    await page.getByRole('button', { name: 'Add operator' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add operator' });
    await field(dialog, 'Name').fill('Sam Lee');
    await field(dialog, 'Email').fill('sam@riverside.example');
    await field(dialog, 'Temporary password').fill('temporary-pass-1');
    await dialog.getByRole('button', { name: 'Add operator' }).click();
    await toast(page, /Sam Lee can now sign in/);
    await page.getByRole('cell', { name: 'sam@riverside.example' }).waitFor();
    await dismissToasts(page);
    await shot('settings-operators');

    await page.getByRole('tab', { name: 'My account' }).click();
    await field(page, 'Current password').waitFor();
    await shot('settings-account');

    await page.getByRole('tab', { name: 'System' }).click();
    await page.getByText('Data folder', { exact: true }).waitFor();
    await shot('settings-system');

    await page.getByRole('tab', { name: 'Appearance' }).click();
    await page
      .getByRole('radiogroup', { name: 'Theme' })
      .or(page.getByText('Theme', { exact: true }))
      .first()
      .waitFor();
    await shot('settings-appearance');
  });

  it('locks the screen and unlocks with the password', async () => {
    await page.getByRole('button', { name: 'Account menu' }).click();
    await page.getByRole('menuitem', { name: 'Lock screen' }).click();
    await page.getByRole('heading', { name: 'Recur is locked' }).waitFor();
    // No member data stays on screen while locked.
    expect(await page.getByText('Jane Doe-Smith').count()).toBe(0);
    await shot('lock-screen');
    await field(page, 'Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('tab', { name: 'Appearance' }).waitFor();
  });

  it('shows the lock screen when the session ends under it', async () => {
    // End the session behind the page's back, as an idle expiry or a restart of the core would.
    await page.evaluate(async () => {
      // Runs in the page; the test's tsconfig has no DOM types, so name just what is used.
      const { sessionStorage } = globalThis as unknown as {
        sessionStorage: { getItem(key: string): string | null };
      };
      const token = sessionStorage.getItem('recur.session');
      await fetch('/api/auth.logout', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: '{}',
      });
    });
    // The next request fails with UNAUTHENTICATED: opening Members refetches the list, and a search
    // surely asks the core — whichever comes first locks the window.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Members' }).click();
    await page
      .getByRole('textbox', { name: 'Search members' })
      .fill('olivia', { timeout: 3_000 })
      .catch(() => undefined);
    await page.getByRole('heading', { name: 'Recur is locked' }).waitFor();
    await shot('lock-screen-session-ended');
    await field(page, 'Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page
      .getByRole('row', { name: /Olivia/ })
      .first()
      .waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('tab', { name: 'Appearance' }).click();
  });

  it('switches to the dark theme', async () => {
    await page.getByText('Dark', { exact: true }).click();
    await expect
      .poll(() =>
        page.evaluate(
          () => (globalThis as unknown as PageGlobals).document.documentElement.dataset.mantineColorScheme,
        ),
      )
      .toBe('dark');
    await shot('dark-settings');
    await openMembers();
    await page.getByRole('row', { name: /Jane Doe-Smith/ }).waitFor();
    await shot('dark-members');
    await page.getByRole('row', { name: /Jane Doe-Smith/ }).click();
    await page.getByRole('heading', { name: 'Jane Doe-Smith', exact: true }).waitFor();
    await shot('dark-member');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.getByText('Newest members').waitFor();
    await shot('dark-dashboard');
  });

  it('makes a new operator choose a password and hides what front-desk staff cannot use', async () => {
    await page.getByRole('button', { name: 'Account menu' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await signIn('sam@riverside.example', 'temporary-pass-1');
    await page.getByRole('heading', { name: 'Choose your own password' }).waitFor();
    await shot('forced-password-change');
    await field(page, 'Temporary password').fill('temporary-pass-1');
    await field(page, 'New password').fill('sams own password');
    await field(page, 'Confirm new password').fill('sams own password');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.getByRole('heading', { name: /Good (morning|afternoon|evening), Sam/ }).waitFor();

    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Reports' }).count()).toBe(0);
    await nav.getByRole('link', { name: 'Members' }).click();
    await page.getByRole('row', { name: /Jane Doe-Smith/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Import CSV' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Export CSV' }).count()).toBe(0);
    await shot('staff-members');
  });
});
