import { readFileSync } from 'node:fs';
import { unzipSync, strFromU8 } from 'fflate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage, screenshotter } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { field, navTo, toast } from './support/ui';

/**
 * Backups end to end (DESIGN §13), as the owner clicks them in Settings → Backups: back up now, the
 * list, restore with its confirmation, and export everything.
 */
const OWNER = {
  businessName: 'Riverside Fitness',
  currency: 'EUR',
  timeZone: 'Europe/Berlin',
  locale: 'de-DE',
  name: 'Alex Morgan',
  email: 'alex@riverside.example',
  password: 'correct horse battery',
};

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let shot: (name: string) => Promise<string>;
let token: string;

async function call<T>(channel: string, input: unknown, auth: string | null = token): Promise<T> {
  const r = await fetch(`${server.url}/api/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(auth ? { Authorization: `Bearer ${auth}` } : {}) },
    body: JSON.stringify(input),
  });
  const envelope = (await r.json()) as { ok: boolean; value: T; error?: unknown };
  if (!envelope.ok) throw new Error(`${channel}: ${JSON.stringify(envelope.error)}`);
  return envelope.value;
}

async function addMembers(names: string[]) {
  for (const [i, name] of names.entries()) {
    await call('members.create', {
      firstName: name,
      lastName: 'Backup',
      email: `m${name.toLowerCase()}${i}@example.test`,
    });
  }
}

beforeAll(async () => {
  server = await startServer();
  token = (await call<{ token: string }>('auth.setup', OWNER, null)).token;
  await addMembers(['Anna', 'Ben', 'Chloe']);
  browser = await launchBrowser();
  ({ context, page } = await newPage(browser));
  page.on('pageerror', (error) => console.error('page error:', error.message));
  page.on('console', (m) => m.type() === 'error' && console.error('console:', m.text()));
  page.setDefaultTimeout(20_000);
  shot = screenshotter(page, 'backups-');
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

async function signIn() {
  await field(page, 'Email').fill(OWNER.email);
  await field(page, 'Password').fill(OWNER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function openBackups() {
  await navTo(page, 'Settings');
  await page.getByRole('tab', { name: 'Backups' }).click();
  await page.getByRole('heading', { name: 'Backups', exact: true }).waitFor();
}

describe('backups', () => {
  it('shows the backups page with the data folder', async () => {
    await page.goto(server.url);
    await signIn();
    await page.getByRole('heading', { name: /Good (morning|afternoon|evening), Alex/ }).waitFor();
    await openBackups();
    await page.getByText(server.dataDir).first().waitFor();
    await shot('page');
  });

  it('backs up now and lists the backup, checked', async () => {
    await page.getByRole('button', { name: 'Back up now' }).click();
    await toast(page, /Backed up: .*checked/);
    const row = page.getByRole('row').filter({ hasText: 'Backed up now' });
    await row.waitFor();
    await expect.poll(() => row.getByText('Checked').isVisible()).toBe(true);
    await shot('list');
  });

  it('restores it after a confirmation naming the date and what it holds', async () => {
    // Two members arrive after the backup: the restore takes the business back to three.
    await addMembers(['Dora', 'Emil']);
    await page
      .getByRole('row')
      .filter({ hasText: 'Backed up now' })
      .getByRole('button', { name: 'Restore…' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Restore this backup?' });
    await dialog.getByText('3 members').waitFor();
    await dialog.getByText('0 invoices').waitFor();
    await dialog.getByText(/Today’s data is kept as a backup first/).waitFor();
    const confirm = dialog.getByRole('button', { name: /^Restore the backup of / });
    expect(await confirm.textContent()).toMatch(/\d{2}\.\d{2}\.\d{4}/); // the date, in the business's locale
    await shot('confirm');
    await confirm.click();

    const done = page.getByRole('dialog', { name: 'Backup restored' });
    await done.getByText('Everyone has been signed out').waitFor();
    await shot('restored');
    await done.getByRole('button', { name: 'Sign in again' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await signIn();
    token = (
      await call<{ token: string }>('auth.login', { email: OWNER.email, password: OWNER.password }, null)
    ).token;
    const members = await call<{ total: number }>('members.list', {});
    expect(members.total).toBe(3);

    await openBackups();
    await page.getByRole('row').filter({ hasText: 'Before a restore' }).waitFor();
    await shot('list-after-restore');
  });

  it('exports everything as one ZIP', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.getByRole('button', { name: 'Export everything' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^recur-export-.*\.zip$/);
    const zip = unzipSync(readFileSync((await download.path())!));
    expect(Object.keys(zip)).toContain('recur.sqlite');
    const members = strFromU8(zip['members.csv']!).trim().split('\r\n');
    expect(members).toHaveLength(4);
    await toast(page, /Exported recur-export-/);
    await shot('exported');
  });
});
