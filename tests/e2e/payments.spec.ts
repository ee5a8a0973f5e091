import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StripeStandin } from '../support/stripe-standin';
import { type RunningApp, setUpBusiness, startApp } from './support/app';
import type { RunningServer } from './support/server';
import { chooseOption, dismissToasts, field, navTo, norm, toast, waitForHeading } from './support/ui';

/**
 * Card payments end to end, against the Stripe stand-in (tests/support/stripe-standin) instead of
 * Stripe: the owner's payments settings in test mode, a card added through the QR/link dialog and the
 * stand-in's Checkout page, a membership sold at the desk and charged to that card, a partial refund to the card with its credit note, a declined card, the payments page and the
 * email settings with the outbox. The server runs on a movable clock fixed at 2 March 2026.
 * Screenshots: p01… in test-results/screenshots.
 */
const START = '2026-03-02T15:00:00Z';

let app: RunningApp;
let server: RunningServer;
let context: BrowserContext;
let page: Page;
let shot: RunningApp['shot'];
let standin: StripeStandin;

beforeAll(async () => {
  app = await startApp({ start: START, shots: 'p', stripe: true });
  ({ server, context, page, shot } = app);
  standin = app.stripe!;
});

afterAll(() => app?.close());

const nav = (name: string) => navTo(page, name);

const heading = (name: string | RegExp) => waitForHeading(page, name);

const choose = (scope: Page | Locator, label: string, option: string | RegExp) =>
  chooseOption(page, scope, label, option);

/** The newest Checkout session the app opened on the stand-in that is still open. */
function openSession() {
  const open = [...standin.state.checkoutSessions.values()].filter((s) => s.status === 'open');
  const session = open.sort((a, b) => b.created - a.created)[0];
  if (!session) throw new Error('No open Checkout session on the stand-in');
  return session;
}

async function addMember(first: string, last: string, email: string) {
  await nav('Members');
  await page.getByRole('button', { name: 'Add member' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add member' });
  await field(dialog, 'First name').fill(first);
  await field(dialog, 'Last name').fill(last);
  await field(dialog, 'Email').fill(email);
  await dialog.getByRole('button', { name: 'Add member' }).click();
  await page.getByRole('heading', { name: `${first} ${last}`, exact: true }).waitFor();
  await dismissToasts(page);
}

/**
 * Sells the monthly plan from the member's Subscriptions tab (the desk checkout): charged to the card on
 * file there and then, or with the invoice to pay later, left open for the invoice page's card actions.
 */
async function sellMembership(how: 'card' | 'pay_later') {
  await page.getByRole('tab', { name: 'Subscriptions' }).click();
  await page.getByRole('tabpanel').getByRole('button', { name: 'Sell membership' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sell membership' });
  await choose(dialog, 'Plan', /^Monthly/);
  await expect
    .poll(async () => norm(await dialog.getByTestId('preview-due-now').textContent()))
    .toBe('$30.00');
  await dialog.getByRole('button', { name: 'Continue to payment' }).click();
  if (how === 'card') {
    await dialog.getByRole('button', { name: 'Charge $30.00' }).click();
  } else {
    await dialog.getByRole('radio', { name: 'Invoice, pay later' }).click();
    await dialog.getByRole('button', { name: 'Sell with the invoice to pay later' }).click();
  }
  await dialog
    .getByTestId('sale-result')
    .getByText(/^Membership sold/)
    .waitFor();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await dialog.waitFor({ state: 'detached' });
  await dismissToasts(page);
}

describe('payments', () => {
  it('sets up the business on the test clock', async () => {
    await setUpBusiness(page, server.url);
  });

  it('shows the Stripe settings in test mode, never the key, and tests the connection', async () => {
    await nav('Settings');
    await page.getByRole('tab', { name: 'Payments' }).click();
    // The key comes from STRIPE_SECRET_KEY: stored, in test mode, and never shown.
    expect(norm(await page.getByTestId('gateway-mode').textContent())).toBe('Test mode');
    await page
      .getByTestId('secret-key-state')
      .getByText(/Saved \(test mode\)/)
      .waitFor();
    expect(await field(page, 'Secret key').inputValue()).toBe('');
    expect(await page.content()).not.toContain('sk_test_e2e');
    // A publishable key of the other mode is refused on its field.
    await field(page, 'Secret key').fill('sk_test_e2e');
    await field(page, 'Publishable key').fill('pk_live_abc123');
    await field(page, 'Statement descriptor').fill('RIVERSIDE FIT');
    await page.getByRole('button', { name: 'Save keys' }).click();
    await page.getByText('Use the pk_test_ key').waitFor();
    await dismissToasts(page);
    await field(page, 'Publishable key').fill('pk_test_abc123');
    await page.getByRole('button', { name: 'Save keys' }).click();
    await toast(page, 'Stripe keys saved (test mode).');
    expect(await field(page, 'Secret key').inputValue()).toBe('');
    await page.getByText('Not checked yet').waitFor();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page
      .getByTestId('gateway-test-result')
      .getByText(/Connected .*in test mode\./)
      .waitFor();
    await page
      .getByTestId('gateway-last-checked')
      .getByText(/Last checked Mar 2, 2026/)
      .waitFor();
    await dismissToasts(page);
    // With a key stored, the field may stay empty: the descriptor changes and the key is kept.
    expect(await field(page, 'Secret key').getAttribute('placeholder')).toBe(
      'Saved — leave empty to keep it',
    );
    await field(page, 'Statement descriptor').fill('RIVERSIDE FITNESS');
    await page.getByRole('button', { name: 'Save keys' }).click();
    await toast(page, 'Stripe keys saved (test mode).');
    await page
      .getByTestId('secret-key-state')
      .getByText(/Saved \(test mode\)/)
      .waitFor();
    await dismissToasts(page);
    await shot('settings-payments-test-mode');
  });

  it('adds a monthly plan', async () => {
    await nav('Plans');
    await page.getByRole('button', { name: 'New plan' }).first().click();
    const drawer = page.getByRole('dialog', { name: 'New plan' });
    await field(drawer, 'Plan name').fill('Monthly');
    await field(drawer, 'Price').fill('30');
    await drawer.getByRole('button', { name: 'Create plan' }).click();
    await toast(page, 'Monthly is ready for subscribers.');
    await drawer.waitFor({ state: 'detached' });
    await dismissToasts(page);
  });

  it('adds a card by QR code and the Checkout page: "Card added: Visa •••• 4242"', async () => {
    await addMember('Jane', 'Doe', 'jane.doe@example.com');
    const cards = page.getByRole('region', { name: 'Cards on file' });
    await cards.getByText('No card on file.').waitFor();
    await shot('cards-empty');

    await cards.getByRole('button', { name: 'Add card' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a card for Jane Doe' });
    await dialog.getByRole('img', { name: 'QR code of the link to add a card' }).waitFor();
    await dialog.getByTestId('card-setup-waiting').waitFor();
    // The link by email: queued in the outbox (no mail server yet), and said so.
    await dialog.getByRole('button', { name: 'Email it to jane.doe@example.com' }).click();
    await dialog
      .getByTestId('setup-email-status')
      .getByText(/Queued for jane\.doe@example\.com/)
      .waitFor();
    await shot('add-card-qr');

    // "Open in browser" opens the stand-in's Checkout page in a new tab; the member saves the Visa.
    const [checkout] = await Promise.all([
      context.waitForEvent('page'),
      dialog.getByRole('button', { name: 'Open in browser' }).click(),
    ]);
    await checkout.waitForLoadState();
    expect(checkout.url()).toContain(`${standin.url}/pay/cs_test_`);
    await checkout.getByTestId('card-select').selectOption('pm_card_visa');
    await checkout.getByTestId('save-card').click();
    await checkout.locator('[data-testid="checkout-status"][data-status="complete"]').waitFor();
    await checkout.close();

    // The dialog polls every 2 s and sees the card land.
    await expect
      .poll(async () => norm(await dialog.getByTestId('card-setup-result').textContent()), {
        timeout: 10_000,
      })
      .toBe('Card added: Visa •••• 4242');
    await shot('card-added');
    await dialog.getByRole('button', { name: 'Done' }).click();
    const visa = cards.getByRole('listitem', { name: 'Visa •••• 4242' });
    await visa.getByText('Default').waitFor();
    await visa.getByText('Test', { exact: true }).waitFor();
    await visa.getByText(/Expires \d{2}\/\d{4}/).waitFor();
    await shot('cards-section');
  });

  it('sells with the card on file: the first invoice is paid by card at the desk', async () => {
    await sellMembership('card');
    await page.getByRole('tab', { name: 'Invoices' }).click();
    await page
      .getByRole('table', { name: 'Invoices' })
      .getByRole('row', { name: /INV-00001/ })
      .click();
    await heading('Invoice INV-00001');
    await page.getByText('Paid', { exact: true }).first().waitFor({ timeout: 15_000 });
    expect(norm(await page.getByTestId('invoice-amount-due').textContent())).toBe('$0.00');
    const payments = page.getByRole('table', { name: 'Invoice payments' });
    const row = payments.getByRole('row', { name: /Card/ });
    await row.getByText('Received').waitFor();
    await row.getByText('$30.00').waitFor();
    expect(standin.state.paymentIntents.size).toBe(1);
    await page.mouse.move(10, 700);
    await payments.scrollIntoViewIfNeeded();
    await shot('invoice-paid-by-card');
  });

  it('refunds part of the card payment, with a credit note on the invoice', async () => {
    const payments = page.getByRole('table', { name: 'Invoice payments' });
    await payments.getByRole('button', { name: 'Refund' }).click();
    const dialog = page.getByRole('dialog', { name: 'Refund a payment on INV-00001' });
    // Prefilled with all that can be refunded, and says where the money goes.
    expect(await field(dialog, 'Amount').inputValue()).toBe('30.00');
    await dialog
      .getByTestId('refund-sentence')
      .getByText('$30.00 goes back to Visa •••• 4242; it shows on their statement in 5–10 days.')
      .waitFor();
    // A reason is needed, and more than was paid is refused on the field by the core.
    await dialog.getByRole('button', { name: 'Refund $30.00' }).click();
    await dialog.getByText('Enter reason').waitFor();
    await field(dialog, 'Reason').fill('Two classes were cancelled');
    await field(dialog, 'Amount').fill('40');
    await dialog.getByRole('button', { name: 'Refund $40.00' }).click();
    await page
      .getByRole('dialog', { name: 'Refund $40.00?' })
      .getByRole('button', { name: 'Refund' })
      .click();
    await dialog.getByText('At most $30.00 of this payment can still be refunded.').waitFor();

    await field(dialog, 'Amount').fill('12.50');
    await dialog
      .getByTestId('refund-sentence')
      .getByText('$12.50 goes back to Visa •••• 4242; it shows on their statement in 5–10 days.')
      .waitFor();
    await shot('refund-dialog');
    await dialog.getByRole('button', { name: 'Refund $12.50' }).click();
    const confirm = page.getByRole('dialog', { name: 'Refund $12.50?' });
    await confirm.getByText(/A refund cannot be taken back/).waitFor();
    await confirm.getByRole('button', { name: 'Refund' }).click();
    await toast(page, '$12.50 was refunded; credit note CN-00001 was issued.');
    await dialog.waitFor({ state: 'detached' });

    const notes = page.getByRole('table', { name: 'Credit notes' });
    const note = notes.getByRole('row', { name: /CN-00001/ });
    await note.getByText('$12.50').waitFor();
    await note.getByText('Refund', { exact: true }).waitFor();
    expect(norm(await page.getByTestId('invoice-refunded').textContent())).toBe('$12.50');
    const row = page.getByRole('table', { name: 'Invoice payments' }).getByRole('row', { name: /Card/ });
    await row.getByText('Part refunded').waitFor();
    await row.getByText('$12.50 refunded').waitFor();
    expect([...standin.state.refunds.values()].map((r) => r.amount)).toEqual([1250]);
    await dismissToasts(page);
    await page.mouse.move(10, 700);
    await notes.scrollIntoViewIfNeeded();
    await shot('credit-note-on-invoice');
  });

  it("shows the card payment, refund and credit note on the member's page", async () => {
    await page.getByRole('link', { name: 'Jane Doe' }).first().click();
    await page.getByRole('heading', { name: 'Jane Doe', exact: true }).waitFor();
    await page.getByRole('tab', { name: 'Payments' }).click();
    const row = page.getByRole('table', { name: 'Member payments' }).getByRole('row', { name: /Card/ });
    await row.getByText('Part refunded').waitFor();
    await row.getByText('$12.50 refunded').waitFor();
    await page
      .getByRole('table', { name: 'Credit notes' })
      .getByRole('row', { name: /CN-00001/ })
      .waitFor();
    await shot('member-payments-refund');
  });

  it('tells the desk in plain words when a card is declined', async () => {
    await addMember('Sam', 'Poor', 'sam.poor@example.com');
    await page
      .getByRole('region', { name: 'Cards on file' })
      .getByRole('button', { name: 'Add card' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Add a card for Sam Poor' });
    await dialog.getByTestId('card-setup-waiting').waitFor();
    // This time the member completes Checkout on their phone (the stand-in's helper).
    standin.completeCheckoutSession(openSession().id, 'pm_card_chargeDeclinedInsufficientFunds');
    await expect
      .poll(async () => norm(await dialog.getByTestId('card-setup-result').textContent()), {
        timeout: 10_000,
      })
      .toBe('Card added: Visa •••• 9995');
    await dialog.getByRole('button', { name: 'Done' }).click();

    await sellMembership('pay_later');
    await page.getByRole('tab', { name: 'Invoices' }).click();
    await page
      .getByRole('table', { name: 'Invoices' })
      .getByRole('row', { name: /INV-00002/ })
      .click();
    await heading('Invoice INV-00002');
    await page.getByRole('button', { name: 'Charge card' }).click();
    await toast(page, 'The bank declined: not enough funds.');
    await page.getByTestId('card-attempt-alert').getByText('The bank declined: not enough funds.').waitFor();
    const row = page.getByRole('table', { name: 'Invoice payments' }).getByRole('row', { name: /Card/ });
    await row.getByText('Failed').waitFor();
    await page.getByRole('button', { name: 'Retry card' }).waitFor();
    await dismissToasts(page);
    await page.mouse.move(10, 700);
    await page.getByRole('table', { name: 'Invoice payments' }).scrollIntoViewIfNeeded();
    await shot('declined-charge');
  });

  it('lists payments by status, searches them and checks with Stripe', async () => {
    await nav('Payments');
    await heading('Payments');
    const table = page.getByRole('table', { name: 'Payments' });
    await table
      .getByRole('row', { name: /Jane Doe/ })
      .getByText('Part refunded')
      .waitFor();
    await page.getByRole('button', { name: 'Check with Stripe now' }).click();
    await page.getByTestId('reconcile-result').waitFor();
    await dismissToasts(page);
    await shot('payments-succeeded');

    await page.getByRole('tab', { name: /Failed/ }).click();
    const failed = table.getByRole('row', { name: /Sam Poor/ });
    await failed.getByText('The bank declined: not enough funds.').waitFor();
    await shot('payments-failed');

    await page.getByRole('tab', { name: /Refunded/ }).click();
    await table.getByRole('row', { name: /Jane Doe/ }).waitFor();
    expect(await table.getByRole('row', { name: /Sam Poor/ }).count()).toBe(0);

    // Search reaches member names and invoice numbers; a date range outside the payments empties it.
    await page.getByRole('tab', { name: /^All/ }).click();
    // The tab lives in the address; type only once it is there, or the switch can wipe the search.
    await page.getByRole('tab', { name: /^All/, selected: true }).waitFor();
    await table.getByRole('row', { name: /Sam Poor/ }).waitFor();
    await page.getByLabel('Search payments').fill('INV-00002');
    await expect.poll(() => page.getByLabel('Search payments').inputValue()).toBe('INV-00002');
    await table.getByRole('row', { name: /Sam Poor/ }).waitFor();
    await expect.poll(() => table.getByRole('row', { name: /Jane Doe/ }).count()).toBe(0);
    await page.getByLabel('Search payments').fill('');
    await page.getByLabel('From').fill('2026-03-04');
    await page.getByText('No payments match these filters').waitFor();
    await page.getByLabel('From').fill('2026-03-02');
    await table.getByRole('row', { name: /Jane Doe/ }).waitFor();
    await page.getByRole('button', { name: 'Clear search and filters' }).waitFor({ state: 'detached' });

    // A row opens its invoice.
    await table.getByRole('row', { name: /Sam Poor/ }).click();
    await heading('Invoice INV-00002');
  });

  it('shows the email settings and the outbox, with the waiting card link', async () => {
    await nav('Settings');
    await page.getByRole('tab', { name: 'Email' }).click();
    await page.getByTestId('email-configured').getByText('Not set up').waitFor();
    await page
      .getByTestId('outbox-waiting')
      .getByText(/\d+ messages? (is|are) waiting to be sent/)
      .waitFor();
    const outbox = page.getByRole('table', { name: 'Outbox' });
    // The card link among Jane's messages (welcome, receipts… wait for the mail server too).
    const row = outbox.getByRole('row', { name: /add your card/ });
    await row.getByText('Waiting').waitFor();
    // Field errors first, then a server nobody listens on: saved, but the test says why it failed.
    await field(page, 'Server').fill('127.0.0.1');
    await field(page, 'Port').fill('1');
    await field(page, 'From address').fill('not-an-email');
    await page.getByRole('button', { name: 'Save email settings' }).click();
    await page
      .getByText(/valid email/i)
      .first()
      .waitFor();
    await field(page, 'From address').fill('hello@riverside.example');
    await field(page, 'User name').fill('hello@riverside.example');
    await field(page, 'Password').fill('app-password');
    await page.getByRole('button', { name: 'Save email settings' }).click();
    await toast(page, 'Email settings saved. Waiting messages go out on the next run.');
    await page.getByTestId('email-configured').getByText('Set up').waitFor();
    expect(await field(page, 'Password').inputValue()).toBe('');
    await page.getByText('A password is saved (never shown).').waitFor();
    await dismissToasts(page);
    await shot('settings-email');
    await page.getByRole('button', { name: 'Send test email' }).click();
    await page.getByTestId('email-test-error').waitFor();
    await outbox.scrollIntoViewIfNeeded();
    await shot('settings-email-test-and-outbox');
  });
  it('lets the member confirm a payment their bank held, by QR code, and the invoice pays itself', async () => {
    await addMember('Tom', 'Secure', 'tom.secure@example.com');
    await page
      .getByRole('region', { name: 'Cards on file' })
      .getByRole('button', { name: 'Add card' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Add a card for Tom Secure' });
    await dialog.getByTestId('card-setup-waiting').waitFor();
    standin.completeCheckoutSession(openSession().id, 'pm_card_authenticationRequired');
    await expect
      .poll(async () => norm(await dialog.getByTestId('card-setup-result').textContent()), {
        timeout: 10_000,
      })
      .toBe('Card added: Visa •••• 3184');
    await dialog.getByRole('button', { name: 'Done' }).click();

    await sellMembership('pay_later');
    await page.getByRole('tab', { name: 'Invoices' }).click();
    await page
      .getByRole('table', { name: 'Invoices' })
      .getByRole('row', { name: /INV-00003/ })
      .click();
    await heading('Invoice INV-00003');
    await page.getByRole('button', { name: 'Charge card' }).click();
    await toast(page, 'The member needs to confirm');

    // The bank wants Tom present: the section shows Stripe's page as a QR code, the link and the email.
    const section = page.getByRole('region', { name: 'Confirm payment' });
    await section.getByText("The member's bank wants them to confirm this payment").waitFor();
    await section.getByRole('img', { name: 'QR code of the link to pay the invoice' }).waitFor();
    await section.getByRole('button', { name: 'Open in browser' }).waitFor();
    await section.getByRole('button', { name: 'Copy link' }).waitFor();
    await section.getByText('Emailed to tom.secure@example.com').waitFor();
    await section.getByText(/Visa •••• 3184 could not be charged without Tom/).waitFor();
    expect(await section.getByTestId('payment-link-status').getAttribute('data-status')).toBe('open');
    expect(norm(await section.getByTestId('payment-link-status').textContent())).toBe(
      'Waiting for Tom to pay…',
    );
    await page.getByRole('button', { name: 'Charge card' }).waitFor({ state: 'detached' });
    await dismissToasts(page);
    await page.mouse.move(10, 700);
    await shot('invoice-confirm-payment');

    // Tom pays on Stripe's page (3-D Secure is done there); the section sees it within 2 s.
    const session = [...standin.state.checkoutSessions.values()].find((s) => s.mode === 'payment');
    if (!session) throw new Error('No payment-mode Checkout session on the stand-in');
    standin.completeCheckoutSession(session.id, 'pm_card_authenticationRequired');
    await expect
      .poll(async () => norm(await section.getByTestId('payment-link-status').textContent()), {
        timeout: 10_000,
      })
      .toBe('Paid by the member');
    await page.getByText('Paid in full', { exact: false }).waitFor();
    expect(norm(await page.getByTestId('invoice-amount-due').textContent())).toBe('$0.00');
    const payments = page.getByRole('table', { name: 'Invoice payments' });
    const paid = payments.getByRole('row', { name: /Received/ });
    await paid.getByText('$30.00').waitFor();
    await paid.getByTestId('payment-gateway-id').getByText(/^pi_/).waitFor();
    await payments
      .getByRole('row', { name: /Failed/ })
      .getByText('The member confirmed and paid through the link instead.')
      .waitFor();
    await page.mouse.move(10, 700);
    await shot('invoice-confirmed-and-paid');
    await payments.scrollIntoViewIfNeeded();
    await shot('invoice-payments-stripe-ids');
  });

  it('pays out a credit balance from an overpayment at the desk', async () => {
    await nav('Invoices');
    await heading('Invoices');
    await page
      .getByRole('table', { name: 'Invoices' })
      .getByRole('row', { name: /INV-00002/ })
      .click();
    await heading('Invoice INV-00002');
    await page.getByRole('button', { name: 'Record payment' }).click();
    const record = page.getByRole('dialog', { name: 'Record a payment for INV-00002' });
    await field(record, 'Amount').fill('50');
    await record.getByRole('button', { name: /^Record/ }).click();
    await record.getByRole('button', { name: 'Confirm and put the rest on the balance' }).click();
    await toast(page, "$50.00 recorded; $20.00 went to Sam Poor's balance.");
    await record.waitFor({ state: 'detached' });
    await dismissToasts(page);

    await page.getByRole('link', { name: 'Sam Poor' }).first().click();
    await page.getByRole('heading', { name: 'Sam Poor', exact: true }).waitFor();
    await expect
      .poll(async () => norm(await page.getByTestId('member-balance').textContent()))
      .toBe('$20.00');
    await page.mouse.move(10, 700);
    await shot('member-credit-balance');
    await page.getByRole('button', { name: 'Pay out credit' }).click();
    const dialog = page.getByRole('dialog', { name: "Pay out Sam's credit" });
    expect(await field(dialog, 'Amount').inputValue()).toBe('20.00');
    // A reason is needed; more than the balance is refused on the field by the core.
    await dialog.getByRole('button', { name: 'Pay out $20.00' }).click();
    await dialog.getByText('Enter reason').waitFor();
    await field(dialog, 'Reason').fill('Moving to another city');
    await field(dialog, 'Amount').fill('25');
    await dialog.getByRole('button', { name: 'Pay out $25.00' }).click();
    await page
      .getByRole('dialog', { name: 'Pay out $25.00?' })
      .getByRole('button', { name: 'Pay out' })
      .click();
    await dialog.getByText("The member's balance is $20.00; no more can be paid out.").waitFor();
    await shot('payout-error');

    await field(dialog, 'Amount').fill('20');
    await dialog.getByText('Bank transfer', { exact: true }).click();
    await field(dialog, 'Reference').fill('TRF-2041');
    await dialog.getByTestId('payout-sentence').getByText('Send $20.00 to Sam by bank transfer.').waitFor();
    await shot('payout-dialog');
    await dialog.getByRole('button', { name: 'Pay out $20.00' }).click();
    const confirm = page.getByRole('dialog', { name: 'Pay out $20.00?' });
    await confirm.getByText(/credit balance goes down to \$0\.00/).waitFor();
    await confirm.getByRole('button', { name: 'Pay out' }).click();
    await toast(page, /\$20\.00 paid out to Sam Poor/);
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(async () => norm(await page.getByTestId('member-balance').textContent())).toBe('$0.00');
    await page.getByRole('button', { name: 'Pay out credit' }).waitFor({ state: 'detached' });
    await shot('payout-done');
  });
});
