import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StripeStandin } from '../support/stripe-standin';
import { apiClient, OWNER, type RunningApp, setUpBusiness, type SmtpCapture, startApp } from './support/app';
import type { RunningServer } from './support/server';
import { dismissToasts, field, navTo, norm, toast } from './support/ui';

/**
 * Dunning end to end: a declined automatic renewal is charged by itself seconds after it is issued
 * (the commit nudges the scheduler), the member gets the failed-payment email with the amount and a
 * pay link (SMTP stand-in), the debtors list shows them with the reason and the retry plan, the
 * member shows as in grace and then blocked, the desk records the payment and the member leaves the
 * list. Also Settings → Billing (the policy, a bad schedule refused) and Settings → System (the
 * scheduler's runs). Screenshots: dn01… in test-results/screenshots.
 */
const START = '2026-03-02T15:00:00Z';

/** The stand-in's clock follows the app's test clock (same start, moved together). */
let clockOffset = Date.parse(START) - Date.now();
let app: RunningApp;
let server: RunningServer;
let page: Page;
let shot: RunningApp['shot'];
let stripe: StripeStandin;
let smtp: SmtpCapture;

beforeAll(async () => {
  app = await startApp({
    start: START,
    shots: 'dn',
    stripe: true,
    stripeNow: () => Date.now() + clockOffset,
    smtp: true,
  });
  ({ server, page, shot } = app);
  stripe = app.stripe!;
  smtp = app.smtp!;
});

afterAll(() => app?.close());

const { call, logIn } = apiClient(() => server.url);

/** Moves the test clock from the owner's control in the top bar (so the browser's session moves too). */
async function advanceDays(days: number) {
  await page.getByRole('button', { name: /^Test clock: / }).click();
  await field(page, 'Days to advance').fill(String(days));
  await page.getByRole('button', { name: 'Advance', exact: true }).click();
  await toast(page, /Everything that fell due has run\./);
  clockOffset += days * 86_400_000;
  await dismissToasts(page);
}

/** Quoted-printable mail text as the member reads it (soft line breaks joined). */
const readable = (raw: string) => raw.replace(/=\r?\n/g, '');

let memberId = 0;

describe('dunning', () => {
  it('sets up the business with mail and Stripe (test mode)', async () => {
    await setUpBusiness(page, server.url);
    await logIn(OWNER);
    await call('email.saveSettings', { host: '127.0.0.1', port: smtp.port, from: 'desk@riverside.example' });
  });

  it('shows the dunning policy in Settings → Billing and refuses a schedule that does not increase', async () => {
    await navTo(page, 'Settings');
    await page.getByRole('tab', { name: 'Billing' }).click();
    const days = page.getByTestId('retry-days');
    await expect.poll(() => days.inputValue()).toBe('1, 4, 10');
    await days.fill('1, 10, 4');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByText('Each retry must come later than the one before (for example 1, 4, 10)').waitFor();
    await days.fill('1, 4, 90');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByText('A retry is at most 60 days after the first decline').waitFor();
    await shot('01-settings-billing-bad-schedule');
    // Nothing was saved.
    expect((await call<{ retryDays: number[] }>('dunning.policy')).retryDays).toEqual([1, 4, 10]);
    await days.fill('1, 4, 10');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await toast(page, 'Saved. New failed payments follow this schedule.');
    await dismissToasts(page);
  });

  it('charges a new automatic subscription at once; the decline is told to the member by email', async () => {
    const member = await call<{ id: number }>('members.create', {
      firstName: 'Dana',
      lastName: 'Reyes',
      email: 'dana@example.com',
    });
    memberId = member.id;
    const setup = await call<{ id: number }>('paymentMethods.startSetup', { memberId });
    const session = [...stripe.state.checkoutSessions.values()].find((s) => s.status === 'open')!;
    stripe.completeCheckoutSession(session.id, 'pm_card_chargeCustomerFail');
    await call('paymentMethods.setupStatus', { setupId: setup.id });
    const plan = await call<{ id: number }>('plans.create', {
      name: 'Monthly',
      price: 3000,
      currency: 'USD',
      interval: 'month',
      intervalCount: 1,
      graceDays: 5,
    });
    await call('subscriptions.create', { memberId, planId: plan.id, collection: 'automatic' });
    // Nobody asks for a run: the commit nudged the scheduler, which charged it (and it was declined).
    await expect.poll(() => stripe.state.paymentIntents.size, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    // The failed-payment notice (H4's sender and template) with the amount and the Stripe pay page.
    await expect
      .poll(() => smtp.received.filter((m) => m.raw.includes('did not go through')).length, {
        timeout: 20_000,
      })
      .toBe(1);
    const mail = smtp.received.find((m) => m.raw.includes('did not go through'))!;
    expect(mail.to).toEqual(['dana@example.com']);
    expect(readable(mail.raw)).toContain('We could not collect $30.00 for invoice INV-00001');
    expect(readable(mail.raw)).toContain(`You can pay here: ${stripe.url}/pay/cs_test_`);
  });

  it('lists the member among the debtors with the reason and the retry plan, in grace', async () => {
    await navTo(page, 'Debtors');
    await page.getByRole('heading', { name: 'Debtors' }).waitFor();
    const row = page.getByTestId('debtor-row').filter({ hasText: 'Dana Reyes' });
    await row.waitFor();
    const text = norm(await row.textContent());
    expect(text).toContain('$30.00');
    expect(text).toContain('Mar 2, 2026');
    expect(text).toContain('The bank declined the card without giving a reason');
    expect(text).toContain('Retrying card');
    expect(text).toContain('Retry 0 of 3 done · next Mar 3, 2026');
    expect(norm(await row.getByTestId('access-badge').textContent())).toBe('Grace');
    await shot('02-debtors-retrying');
    // Search narrows, a stage tab with nobody in it shows the no-match state.
    await page.getByRole('textbox', { name: 'Search debtors' }).fill('nobody here');
    await page.getByText('No debtor matches').waitFor();
    await page.getByRole('textbox', { name: 'Search debtors' }).fill('');
    await row.waitFor();
  });

  it('retries on its days and blocks the member after the grace days', async () => {
    await advanceDays(6); // Mar 8: the Mar 3 and Mar 6 retry days passed; grace (5 days) over on Mar 7
    const row = page.getByTestId('debtor-row').filter({ hasText: 'Dana Reyes' });
    await expect
      .poll(async () => norm(await row.textContent()))
      .toContain('Retry 2 of 3 done · next Mar 12, 2026');
    expect(norm(await row.getByTestId('access-badge').textContent())).toBe('Blocked');
    // Blocked everywhere: the member page and the search.
    await page.goto(`${server.url}/#/members/${memberId}`);
    await page.getByRole('heading', { name: 'Dana Reyes', exact: true }).waitFor();
    await page.getByTestId('access-badge').getByText('Blocked').waitFor();
    await shot('03-member-blocked');
    // One catch-up try for the two retry days that passed (never a burst), told once more.
    await expect
      .poll(() => smtp.received.filter((m) => m.raw.includes('did not go through')).length, {
        timeout: 20_000,
      })
      .toBe(2);
  });

  it('records the payment at the desk: the member leaves the list and dunning ends', async () => {
    await navTo(page, 'Debtors');
    const row = page.getByTestId('debtor-row').filter({ hasText: 'Dana Reyes' });
    await row.getByRole('checkbox', { name: 'Select Dana Reyes' }).check();
    await page.getByTestId('bulk-bar').getByRole('button', { name: 'Record payment' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record payment' });
    await dialog.getByText('Dana Reyes pays everything they owe').waitFor();
    await shot('04-record-payment');
    await dialog.getByRole('button', { name: 'Record $30.00' }).click();
    await toast(page, 'Payment recorded: 1 member.');
    await page.getByText('Nobody owes anything').waitFor();
    await shot('05-debtors-empty');
    // Days went by on the clock: the API client signs in again, as the desk would.
    await logIn(OWNER);
    const list = await call<{ total: number }>('debtors.list', {});
    expect(list.total).toBe(0);
    // No more retries on the old schedule.
    const before = stripe.state.paymentIntents.size;
    await advanceDays(5);
    expect(stripe.state.paymentIntents.size).toBe(before);
  });

  it('shows the scheduler runs in Settings → System', async () => {
    await navTo(page, 'Settings');
    await page.getByRole('tab', { name: 'System' }).click();
    const panel = page.getByTestId('scheduler-status');
    await panel.getByText('Last run that did something').waitFor();
    await panel.getByText('payments: charge automatic collection').waitFor();
    await panel.getByText('dunning: retries and failed-payment messages').waitFor();
    await shot('06-settings-system-scheduler');
  });
});
