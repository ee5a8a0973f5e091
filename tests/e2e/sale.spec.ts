import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StripeStandin } from '../support/stripe-standin';
import { type RunningApp, setUpBusiness, type SmtpCapture, startApp } from './support/app';
import type { RunningServer } from './support/server';
import { chooseOption, dismissToasts, field, norm, printOpensPdf, toast } from './support/ui';

/**
 * The desk sale end to end ("Sell membership": member → plan → exact preview → payment → receipt),
 * against the Stripe stand-in and a captured SMTP server, on a movable clock fixed at 2 March 2026:
 * a sale charged to the card on file with its receipt emailed (PDF attached), a new member paying
 * cash with the receipt printed, and a declined card followed by a new card. Screenshots: s01…
 */
const START = '2026-03-02T15:00:00Z';

let app: RunningApp;
let server: RunningServer;
let page: Page;
let shot: RunningApp['shot'];
let standin: StripeStandin;
let smtp: SmtpCapture;

beforeAll(async () => {
  app = await startApp({ start: START, shots: 's', stripe: true, smtp: true });
  ({ server, page, shot } = app);
  standin = app.stripe!;
  smtp = app.smtp!;
});

afterAll(() => app?.close());

type Envelope = { ok: true; value: Record<string, unknown> } | { ok: false; error: { message: string } };

/** The headless HTTP API with the page's own session: for the set-up the sale itself does not test. */
async function api(channel: string, input: unknown = {}): Promise<Record<string, unknown>> {
  const r = await page.evaluate(
    async ([c, i]) => {
      const token = (
        globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }
      ).sessionStorage.getItem('recur.session');
      const res = await fetch(`/api/${c}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(i),
      });
      return (await res.json()) as unknown;
    },
    [channel, input] as const,
  );
  const envelope = r as Envelope;
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.message}`);
  return envelope.value;
}

/** A card on file through the real capture: a Checkout session completed on the stand-in. */
async function addCard(memberId: number, testCard: string) {
  const setup = await api('paymentMethods.startSetup', { memberId });
  const session = [...standin.state.checkoutSessions.values()].find((s) => s.url === setup.url)!;
  standin.completeCheckoutSession(session.id, testCard);
  await api('paymentMethods.setupStatus', { setupId: setup.id });
}

async function member(firstName: string, lastName: string, email?: string) {
  return (await api('members.create', { firstName, lastName, ...(email ? { email } : {}) })).id as number;
}

/** Sends queued mail now: the scheduler's run (or a minute on the test clock where it is missing). */
async function sendOutbox() {
  try {
    await api('scheduler.runNow');
  } catch {
    const now = (await api('clock.get')).now as string;
    await api('clock.advance', { to: new Date(Date.parse(now) + 60_000).toISOString() });
  }
}

const wizard = () => page.getByRole('dialog', { name: 'Sell membership' });

async function choosePlanAndContinue(due: string) {
  const dialog = wizard();
  await chooseOption(page, dialog, 'Plan', /^Monthly/);
  await expect.poll(async () => norm(await dialog.getByTestId('preview-due-now').textContent())).toBe(due);
}

describe('desk sale', () => {
  it('sets up the business, a plan, members and email', async () => {
    await setUpBusiness(page, server.url);

    await api('email.saveSettings', {
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      from: 'hello@riverside.example',
    });
    const vat = (await api('taxRates.create', { name: 'VAT', rateBps: 2000, inclusive: false })).id;
    await api('plans.create', {
      name: 'Monthly',
      price: 3000,
      currency: 'USD',
      interval: 'month',
      intervalCount: 1,
      taxRateId: vat,
    });
    await api('coupons.create', { code: 'SPRING10', kind: 'percent', percentBps: 1000, duration: 'once' });
    const jane = await member('Jane', 'Doe', 'jane.doe@example.com');
    await addCard(jane, 'pm_card_visa');
    const dan = await member('Dan', 'Decline', 'dan@example.com');
    await addCard(dan, 'pm_card_chargeDeclinedInsufficientFunds');
  });

  it('sells with the card on file from the member page and emails the receipt with its PDF', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Members' }).click();
    await page.getByText('Jane Doe').first().click();
    await page.getByRole('heading', { name: 'Jane Doe', exact: true }).waitFor();
    await page.getByRole('main').getByRole('button', { name: 'Sell membership' }).click();
    const dialog = wizard();
    // Opened for Jane: straight to the plan, renewals on her card.
    await dialog.getByText('Charge the card automatically').waitFor();
    await choosePlanAndContinue('$36.00');
    await dialog.getByText('Visa •••• 4242, or the card paid with today').waitFor();
    await shot('plan-and-preview');
    await dialog.getByRole('button', { name: 'Continue to payment' }).click();
    expect(norm(await dialog.getByTestId('sale-amount-due').textContent())).toBe('$36.00');
    await dialog.getByRole('radio', { name: 'Card on file' }).waitFor();
    expect(await dialog.getByRole('radio', { name: 'Card on file' }).getAttribute('aria-checked')).toBe(
      'true',
    );
    await shot('payment-card-on-file');
    await dialog.getByRole('button', { name: 'Charge $36.00' }).click();
    await dialog.getByTestId('sale-result').getByText('Membership sold').waitFor();
    await dialog.getByText('$36.00 was charged to the card.').waitFor();
    await dialog.getByText('$36.00 · Card •••• 4242').waitFor();
    expect([...standin.state.paymentIntents.values()].map((i) => [i.amount, i.status])).toEqual([
      [3600, 'succeeded'],
    ]);
    await dismissToasts(page);
    await shot('sold-by-card');

    expect(await dialog.getByRole('textbox', { name: 'Email address' }).inputValue()).toBe(
      'jane.doe@example.com',
    );
    await dialog.getByRole('button', { name: 'Email receipt' }).click();
    await dialog.getByTestId('sale-emailed').waitFor();
    // Jane gets her welcome and the receipt; the receipt carries its PDF.
    const receipt = () =>
      smtp.received.find((m) => m.to.includes('jane.doe@example.com') && /application\/pdf/i.test(m.raw));
    await expect
      .poll(
        async () => {
          if (!receipt()) await sendOutbox();
          return Boolean(receipt());
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBe(true);
    const mail = receipt()!;
    expect(mail.raw).toMatch(/filename="?[^"\r\n]+\.pdf"?/i);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('tab', { name: 'Subscriptions' }).click();
    await page.getByText('Active').first().waitFor();
  });

  it('sells to a new member paying cash, from the header, and prints the receipt', async () => {
    await page.getByRole('banner').getByRole('button', { name: 'Sell membership' }).click();
    const dialog = wizard();
    await dialog.getByText('New member').click();
    await dialog.getByRole('button', { name: 'Next' }).click();
    // Field errors before anything is sent.
    await dialog.getByText('Enter first name').waitFor();
    await shot('new-member-errors');
    await field(dialog, 'First name').fill('Zoë');
    await field(dialog, 'Last name').fill('Müller-Łukasiewicz');
    await field(dialog, 'Email').fill('zoe@example.com');
    await dialog.getByRole('button', { name: 'Next' }).click();
    await choosePlanAndContinue('$36.00');
    await field(dialog, 'Coupon code').fill('SPRING10');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect
      .poll(async () => norm(await dialog.getByTestId('preview-due-now').textContent()))
      .toBe('$32.40');
    await dialog.getByRole('button', { name: 'Continue to payment' }).click();
    await dialog.getByRole('radio', { name: 'Cash' }).click();
    await shot('payment-cash');
    await dialog.getByRole('button', { name: 'Record $32.40 in cash' }).click();
    await dialog.getByTestId('sale-result').getByText('Membership sold').waitFor();
    await dialog.getByText('$32.40 received in cash.').waitFor();
    await dialog.getByText('Zoë Müller-Łukasiewicz is now on Monthly.', { exact: false }).waitFor();
    await shot('sold-for-cash');
    // Headless: print opens the PDF in the browser, to print from there.
    await printOpensPdf(page, 'payments.receiptPdf', () =>
      dialog.getByRole('button', { name: 'Print receipt' }).click(),
    );
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('shows a declined card’s reason, then takes a new card and sells (opened with Ctrl+K)', async () => {
    await page.keyboard.press('Control+K');
    await page.getByRole('dialog').getByText('Sell membership').first().click();
    const dialog = wizard();
    await field(dialog, 'Member').fill('Dan');
    await page.getByRole('option', { name: /Dan Decline/ }).click();
    await dialog.getByRole('button', { name: 'Next' }).click();
    await choosePlanAndContinue('$36.00');
    await dialog.getByRole('button', { name: 'Continue to payment' }).click();
    await dialog.getByRole('button', { name: 'Charge $36.00' }).click();
    await dialog
      .getByTestId('sale-decline')
      .getByText(/The bank declined: not enough funds\./)
      .waitFor();
    await dialog.getByRole('table', { name: 'Payment attempts' }).getByText('Failed').waitFor();
    await shot('declined');

    await dialog.getByRole('radio', { name: 'New card' }).click();
    await dialog.getByRole('img', { name: 'QR code of the link to add a card' }).waitFor();
    await shot('new-card-qr');
    const session = [...standin.state.checkoutSessions.values()]
      .filter((s) => s.status === 'open' && s.mode === 'setup')
      .sort((a, b) => b.created - a.created)[0]!;
    standin.completeCheckoutSession(session.id, 'pm_card_visa');
    // The capture is polled; once the card lands it is charged at once.
    await dialog.getByTestId('sale-result').getByText('Membership sold').waitFor({ timeout: 20_000 });
    await dialog.getByText('$36.00 · Card •••• 4242').waitFor();
    await toast(page, /Card added|sold/i).catch(() => undefined);
    await dismissToasts(page);
    await shot('sold-after-decline');
    await dialog.getByRole('button', { name: 'Done' }).click();
  });

  it('adds a member with a tax id and message choices in the member form', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Members' }).click();
    await page.getByRole('button', { name: 'Add member' }).first().click();
    const form = page.getByRole('dialog', { name: 'Add member' });
    await field(form, 'First name').fill('Pat');
    await field(form, 'Last name').fill('Poor');
    const choices = form.getByRole('group', { name: 'Messages' });
    // Without an address or a phone there is nothing to choose yet.
    await choices.getByText('Add an email or a phone number to send this member messages.').waitFor();
    expect(await choices.getByRole('checkbox', { name: 'By email' }).isDisabled()).toBe(true);
    await field(form, 'Email').fill('pat@example.com');
    await field(form, 'Phone').fill('+1 415 555 0100');
    await field(form, 'Tax ID').fill(' US-98-7654321 ');
    // The default follows the contact typed (email); the desk adds SMS and refuses reminders.
    expect(await choices.getByRole('checkbox', { name: 'By email' }).isChecked()).toBe(true);
    await choices.getByRole('checkbox', { name: 'By SMS' }).check();
    await choices.getByRole('checkbox', { name: 'No reminders or come-back messages' }).check();
    await choices
      .getByText('Receipts and failed-payment notices are always sent: they cannot be refused.')
      .waitFor();
    await shot('member-form');
    await form.getByRole('button', { name: 'Add member' }).click();
    await page.getByRole('heading', { name: 'Pat Poor', exact: true }).waitFor();
    const details = page.getByText('Tax ID', { exact: true }).locator('..');
    expect(norm(await details.textContent())).toBe('Tax IDUS-98-7654321');
    const saved = page.getByLabel('Messages', { exact: true });
    expect(await saved.getByRole('checkbox', { name: /^SMS/ }).isChecked()).toBe(true);
    expect(
      await saved.getByRole('checkbox', { name: 'No reminders or come-back messages' }).isChecked(),
    ).toBe(true);
    await dismissToasts(page);
  });

  it('shows an unpaid sale on the member page after the checkout is closed, and takes its payment later', async () => {
    const patId = Number(/\/members\/(\d+)/.exec(page.url())![1]);
    await addCard(patId, 'pm_card_chargeDeclined');
    await page.reload();
    await page.getByRole('heading', { name: 'Pat Poor', exact: true }).waitFor();
    await page.getByRole('main').getByRole('button', { name: 'Sell membership' }).click();
    const dialog = wizard();
    await choosePlanAndContinue('$36.00');
    await dialog.getByRole('button', { name: 'Continue to payment' }).click();
    await dialog.getByRole('button', { name: 'Charge $36.00' }).click();
    await dialog.getByTestId('sale-decline').waitFor();

    // The desk closes the checkout and leaves the sale open.
    await page.keyboard.press('Escape');
    const leave = page.getByRole('dialog', { name: 'This sale is not paid' });
    await leave.getByRole('button', { name: 'Leave it open' }).click();
    await dialog.waitFor({ state: 'detached' });
    const notice = page.getByTestId('unpaid-sale');
    expect(norm(await notice.getByText(/^Unpaid sale of/).textContent())).toMatch(
      /^Unpaid sale of Monthly started Mar 2, 2026 — ends by itself at Mar 3, 2026/,
    );
    await notice.getByText('$36.00 due on invoice').waitFor();
    await dismissToasts(page);
    await shot('unpaid-sale-notice');

    // Later: Take payment reopens the checkout at its payment step, with the declined attempt on record.
    await notice.getByRole('button', { name: 'Take payment' }).click();
    await dialog.getByRole('table', { name: 'Payment attempts' }).getByText('Failed').waitFor();
    expect(norm(await dialog.getByTestId('sale-amount-due').textContent())).toBe('$36.00');
    await dialog.getByRole('radio', { name: 'Cash' }).click();
    await dialog.getByRole('button', { name: 'Record $36.00 in cash' }).click();
    await dialog.getByTestId('sale-result').getByText('Membership sold').waitFor();
    await dialog.getByText('$36.00 received in cash.').waitFor();
    await dialog.getByRole('button', { name: 'Print receipt' }).waitFor();
    await shot('unpaid-sale-paid');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    await notice.waitFor({ state: 'detached' });
    await page.getByRole('tab', { name: 'Subscriptions' }).click();
    await page
      .getByRole('article', { name: 'Subscription to Monthly' })
      .getByText('Active', { exact: true })
      .waitFor();
  });
});
