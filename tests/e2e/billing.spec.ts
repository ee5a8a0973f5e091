import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, setUpBusiness, startApp } from './support/app';
import type { RunningServer } from './support/server';
import { chooseOption, dismissToasts, field, navTo, norm, toast, waitForHeading } from './support/ui';

/**
 * Billing end to end, as the desk would click it: tax rate, plan, coupon, a member's subscription with
 * its exact preview, the invoice, a cash payment, a month on the test clock and the renewal, then pause,
 * resume and cancel at period end, a one-off invoice and the payments list. The server runs on a movable
 * clock fixed at 2 March 2026, so every date and amount below is exact. Screenshots: b01… in
 * test-results/screenshots.
 */
const START = '2026-03-02T15:00:00Z';

/** The bits of the page's globals the test reads inside page.evaluate (no DOM lib in the test tsconfig). */
interface PageGlobals {
  document: { documentElement: { dataset: Record<string, string | undefined> } };
}

let app: RunningApp;
let server: RunningServer;
let page: Page;
let shot: RunningApp['shot'];

beforeAll(async () => {
  app = await startApp({ start: START, shots: 'b' });
  ({ server, page, shot } = app);
});

afterAll(() => app?.close());

const nav = (name: string) => navTo(page, name);

const heading = (name: string | RegExp) => waitForHeading(page, name);

const choose = (scope: Page | Locator, label: string, option: string | RegExp) =>
  chooseOption(page, scope, label, option);

/** The text of the element with this test id (amounts in previews and totals). */
const byTestId = async (id: string, scope: Page | Locator = page) =>
  norm(await scope.getByTestId(id).first().textContent());

describe('billing', () => {
  it('sets up the business on the test clock', async () => {
    await setUpBusiness(page, server.url);
    // The owner's test-clock control shows the business's today: the fixed start.
    await page.getByRole('button', { name: /Test clock: Mar 2, 2026/ }).waitFor();
    // Every page in the navigation is built: no "Soon" left.
    const main = page.getByRole('navigation', { name: 'Main' });
    expect(await main.getByText('Soon').count()).toBe(0);
  });

  it('shows the empty plans page', async () => {
    await nav('Plans');
    await heading('Plans');
    await page.getByText('No plans yet').waitFor();
    await shot('plans-empty');
  });

  it('adds a 20% VAT included in prices, as the default', async () => {
    await page.getByRole('tab', { name: 'Tax rates' }).click();
    await page.getByText('No tax rates yet').waitFor();
    await page.getByRole('button', { name: 'Add tax rate' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add tax rate' });
    await field(dialog, 'Name').fill('VAT');
    await field(dialog, 'Rate').fill('twenty');
    await dialog.getByRole('button', { name: 'Add tax rate' }).click();
    await dialog.getByText('Enter a percentage such as 20 or 8.25').waitFor();
    await field(dialog, 'Rate').fill('20');
    await dialog.getByText('Tax included (the price already holds the tax)').click();
    await dialog.getByRole('button', { name: 'Add tax rate' }).click();
    await toast(page, 'VAT was added.');
    const row = page.getByRole('table', { name: 'Tax rates' }).getByRole('row', { name: /VAT/ });
    await row.getByText('20%').waitFor();
    await row.getByText('Included in prices').waitFor();
    await row.getByText('Default').waitFor();
    await dismissToasts(page);
  });

  it('adds the coupon SPRING20: 20% off for 3 billing periods', async () => {
    await page.getByRole('tab', { name: 'Coupons' }).click();
    await page.getByText('No coupons yet').waitFor();
    await page.getByRole('button', { name: 'Add coupon' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add coupon' });
    await field(dialog, 'Code').fill('spring20');
    await field(dialog, 'Percent off').fill('20');
    await choose(dialog, 'Applies to', 'A number of billing periods');
    await field(dialog, 'Billing periods').fill('3');
    await field(dialog, 'Maximum redemptions').fill('100');
    await shot('coupon-form');
    await dialog.getByRole('button', { name: 'Add coupon' }).click();
    await toast(page, 'Coupon SPRING20 is ready to use.');
    const row = page.getByRole('table', { name: 'Coupons' }).getByRole('row', { name: /SPRING20/ });
    await row.getByText('3 billing periods').waitFor();
    await row.getByText('0 / 100').waitFor();
    await dismissToasts(page);
    await shot('coupons');
    await page.getByRole('tab', { name: 'Tax rates' }).click();
    await page.getByRole('table', { name: 'Tax rates' }).waitFor();
    await shot('tax-rates');
  });

  it('creates a monthly plan with VAT, with a live price example and field errors first', async () => {
    await page.getByRole('tab', { name: 'Plans' }).click();
    await page.getByRole('button', { name: 'New plan' }).click();
    const drawer = page.getByRole('dialog', { name: 'New plan' });
    await field(drawer, 'Price').fill('30');
    await field(drawer, 'Setup fee').fill('25');
    // Tax: the business default (VAT 20% included). The example is computed as the invoice will be.
    const example = drawer.getByTestId('price-example');
    await expect
      .poll(() => example.textContent())
      .toBe(
        'A member joining today pays $55.00 now ($30.00 + $25.00 setup fee, incl. $9.17 VAT), then $30.00 every month.',
      );
    // No name, and a price that is not an amount: both are refused before anything is sent.
    await field(drawer, 'Price').fill('30,5x');
    await drawer.getByRole('button', { name: 'Create plan' }).click();
    await drawer.getByText('Enter plan name').waitFor();
    await drawer.getByText(/Enter an amount like 30\.00/).waitFor();
    await field(drawer, 'Price').fill('30');
    await drawer.getByText(/Enter an amount like 30\.00/).waitFor({ state: 'detached' });
    await shot('plan-editor-example-and-error');

    await field(drawer, 'Plan name').fill('Monthly');
    await field(drawer, 'Description').fill('Unlimited gym and classes');
    await field(drawer, 'Setup fee').fill('');
    await choose(drawer, 'Tax rate', /^VAT 20%/);
    await drawer.getByRole('button', { name: 'Add feature' }).click();
    await drawer.getByLabel('Feature 1', { exact: true }).fill('Unlimited classes');
    await drawer.getByRole('button', { name: 'Add allowance' }).click();
    await drawer.getByLabel('Metric 1', { exact: true }).fill('guest passes');
    await drawer.getByLabel('Included 1', { exact: true }).fill('2');
    await drawer.getByLabel('Price per extra unit 1', { exact: true }).fill('5');
    await expect
      .poll(() => example.textContent())
      .toBe('A member joining today pays $30.00 now (incl. $5.00 VAT), then $30.00 every month.');
    await shot('plan-editor-filled');
    await drawer.getByRole('button', { name: 'Create plan' }).click();
    await toast(page, 'Monthly is ready for subscribers.');
    await drawer.waitFor({ state: 'detached' });

    // A second plan, billed every two weeks with a trial, to show the other price wording.
    await page.getByRole('button', { name: 'New plan' }).click();
    const second = page.getByRole('dialog', { name: 'New plan' });
    await field(second, 'Plan name').fill('Swim club');
    await field(second, 'Price').fill('12');
    await field(second, 'Bill every').fill('2');
    await choose(second, 'Interval', 'Weeks');
    await field(second, 'Free trial').fill('7');
    await expect
      .poll(() => second.getByTestId('price-example').textContent())
      .toBe(
        'A member joining today pays nothing during the 7-day free trial, $12.00 when it ends (incl. $2.00 VAT), then $12.00 every 2 weeks.',
      );
    await second.getByRole('button', { name: 'Create plan' }).click();
    await toast(page, 'Swim club is ready for subscribers.');

    const table = page.getByRole('table', { name: 'Plans' });
    await table
      .getByRole('row', { name: /Monthly/ })
      .getByText('$30.00 / month')
      .waitFor();
    await table
      .getByRole('row', { name: /Swim club/ })
      .getByText('$12.00 every 2 weeks')
      .waitFor();
    await table
      .getByRole('row', { name: /Swim club/ })
      .getByText('7 days')
      .waitFor();
    await dismissToasts(page);
    await shot('plans-list');
  });

  it('adds a member, whose billing tabs start empty', async () => {
    await nav('Members');
    await page.getByRole('button', { name: 'Add member' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add member' });
    await field(dialog, 'First name').fill('Jane');
    await field(dialog, 'Last name').fill('Doe');
    await field(dialog, 'Email').fill('jane.doe@example.com');
    await field(dialog, 'City').fill('London');
    await dialog.getByRole('button', { name: 'Add member' }).click();
    await page.getByRole('heading', { name: 'Jane Doe', exact: true }).waitFor();
    expect(await byTestId('member-amount-due')).toBe('$0.00');
    await dismissToasts(page);
    await page.getByRole('tab', { name: 'Subscriptions' }).click();
    await page.getByText('Jane has no subscriptions yet').waitFor();
    await shot('member-subscriptions-empty');
  });

  it('sells a membership with the coupon, after an exact preview, with the invoice to pay later', async () => {
    // The tab's button opens the desk checkout for Jane: a membership starts only through a sale.
    await page.getByRole('tabpanel').getByRole('button', { name: 'Sell membership' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sell membership' });
    await dialog.getByText('Choose a plan to see exactly what is billed.').waitFor();
    await choose(dialog, 'Plan', /^Monthly/);
    // Without the coupon first: $30.00, VAT included.
    await expect.poll(() => byTestId('preview-due-now', dialog)).toBe('$30.00');
    // A wrong code is refused by the core, on the field.
    await field(dialog, 'Coupon code').fill('NOPE');
    await field(dialog, 'Coupon code').press('Enter');
    await dialog.getByText('There is no coupon NOPE.').first().waitFor();
    await field(dialog, 'Coupon code').fill('spring20');
    await field(dialog, 'Coupon code').press('Enter');
    await expect.poll(() => byTestId('preview-due-now', dialog)).toBe('$24.00');

    const lines = dialog.getByRole('table', { name: 'Preview lines' });
    const line = lines.getByRole('row', { name: /Monthly/ });
    // Description and period, quantity, amount, discount (20%), VAT included (24.00 / 1.2 → 4.00), total.
    expect((await line.getByRole('cell').allTextContents()).map(norm)).toEqual([
      'MonthlyMar 2 – Apr 2, 2026',
      '1',
      '$30.00',
      '−$6.00',
      '$4.00',
      '$24.00',
    ]);
    const totals = dialog.getByLabel('Preview totals');
    expect(await totals.textContent()).toBe(
      'Subtotal$30.00Discount−$6.00Tax (included)$4.00Total$24.00Due now$24.00',
    );
    await dialog.getByText('Apr 2, 2026', { exact: true }).waitFor(); // next billing date
    expect(await byTestId('preview-summary', dialog)).toBe(
      'Monthly starts on Mar 2, 2026; the next renewal is on Apr 2, 2026.',
    );
    await shot('start-subscription-preview');

    await dialog.getByRole('button', { name: 'Continue to payment' }).click();
    await dialog.getByRole('radio', { name: 'Invoice, pay later' }).click();
    await dialog.getByRole('button', { name: 'Sell with the invoice to pay later' }).click();
    await dialog.getByTestId('sale-result').getByText('Membership sold — invoice to pay later').waitFor();
    await dialog.getByText(/Active now\. Invoice INV-00001 \(\$24\.00\) is due by/).waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    const card = page.getByRole('article', { name: 'Subscription to Monthly' });
    await card.getByText('Active', { exact: true }).waitFor();
    await card.getByText('SPRING20').waitFor();
    await card.getByText('Apr 2, 2026', { exact: true }).waitFor();
    await expect.poll(() => byTestId('member-amount-due')).toBe('$24.00');
    await dismissToasts(page);
    await shot('member-subscriptions');
  });

  it('lists the first invoice, INV-00001, open for $24.00', async () => {
    await page.getByRole('tab', { name: 'Invoices' }).click();
    const row = page.getByRole('table', { name: 'Invoices' }).getByRole('row', { name: /INV-00001/ });
    await row.waitFor();
    await row.getByText('Open', { exact: true }).waitFor();
    expect(await row.getByText('$24.00').count()).toBe(2); // total and amount due
    await shot('member-invoices');
    await row.click();
    await heading('Invoice INV-00001');
    const doc = page.getByLabel('Invoice document');
    await doc.getByText('Riverside Fitness').waitFor();
    await doc.getByText('Jane Doe').waitFor();
    const totals = page.getByLabel('Invoice totals');
    expect(await totals.textContent()).toBe(
      'Subtotal$30.00Discount−$6.00Tax (included)$4.00Total$24.00Amount due$24.00',
    );
    await page.getByRole('table', { name: 'Tax breakdown' }).getByText('VAT 20% (included)').waitFor();
    await shot('invoice-detail-open');
  });

  it('records a cash payment, confirming an overpayment first', async () => {
    await page.getByRole('button', { name: 'Record payment' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record a payment for INV-00001' });
    expect(await field(dialog, 'Amount').inputValue()).toBe('24.00');
    await field(dialog, 'Amount').fill('30');
    await field(dialog, 'Reference').fill('Till 2');
    await dialog.getByRole('button', { name: 'Record payment' }).click();
    await dialog
      .getByText("That is $6.00 more than is due. Confirm to put $6.00 on the member's balance.")
      .waitFor();
    await shot('record-payment-overpayment');
    // Back to the amount due: the exact amount is taken, nothing goes to the balance.
    await dialog.getByRole('button', { name: 'Change the amount' }).click();
    await field(dialog, 'Amount').fill('24.00');
    await dialog.getByText('Cash', { exact: true }).click();
    await shot('record-payment');
    await dialog.getByRole('button', { name: 'Record payment' }).click();
    await toast(page, '$24.00 recorded; the invoice is paid.');
    await page.getByText('Paid', { exact: true }).first().waitFor();
    await expect.poll(() => byTestId('invoice-amount-due')).toBe('$0.00');
    const payments = page.getByRole('table', { name: 'Invoice payments' });
    await payments.getByRole('row', { name: /Cash/ }).getByText('Till 2').waitFor();
    await dismissToasts(page);
    await shot('invoice-detail-paid');
  });

  it('advances the test clock a month: the renewal INV-00002 is issued, discounted again', async () => {
    await page.getByRole('button', { name: /Test clock: Mar 2, 2026/ }).click();
    await page.getByRole('button', { name: 'To Apr 2, 2026' }).waitFor();
    await shot('test-clock');
    await page.getByRole('button', { name: 'To Apr 2, 2026' }).click();
    await toast(page, 'Today is now Apr 2, 2026. Everything that fell due has run.');
    await page.getByRole('button', { name: /Test clock: Apr 2, 2026/ }).waitFor();
    await dismissToasts(page);

    await nav('Invoices');
    await heading('Invoices');
    const table = page.getByRole('table', { name: 'Invoices' });
    const renewal = table.getByRole('row', { name: /INV-00002/ });
    await renewal.waitFor();
    await renewal.getByText('Open', { exact: true }).waitFor();
    await renewal.getByText('Apr 2 – May 2, 2026').waitFor();
    expect(await renewal.getByText('$24.00').count()).toBe(2);
    await table
      .getByRole('row', { name: /INV-00001/ })
      .getByText('Paid', { exact: true })
      .waitFor();
    await page.getByRole('tab', { name: /^Open/ }).getByText('1').waitFor();
    await shot('invoices-list');

    // Search by the digits of the number.
    await page.getByRole('textbox', { name: 'Search invoices' }).fill('2');
    await expect.poll(() => table.getByRole('row').count()).toBe(2); // header + INV-00002
    await page.getByRole('textbox', { name: 'Search invoices' }).fill('zzz');
    await page.getByText('No invoices match “zzz”').waitFor();
    await page.getByRole('textbox', { name: 'Search invoices' }).fill('');

    await renewal.click();
    await heading('Invoice INV-00002');
    const line = page.getByRole('table', { name: 'Invoice lines' }).getByRole('row', { name: /Monthly/ });
    await line.getByText('−$6.00').waitFor();
    await line.getByText('Apr 2 – May 2, 2026').waitFor();
  });

  it('shows the subscription with its timeline', async () => {
    await page.getByRole('link', { name: 'View subscription' }).click();
    await heading('Monthly');
    await page.getByText('Renewed for Apr 2, 2026 – May 2, 2026').waitFor();
    await page.getByText('Coupon SPRING20 applied').waitFor();
    await page.getByText('Invoice INV-00001 paid').waitFor();
    await page.getByText('May 2, 2026', { exact: true }).first().waitFor(); // next billing date
    await shot('subscription-detail');
  });

  it('pauses with a preview, then resumes', async () => {
    await page.getByRole('button', { name: 'Actions for Monthly' }).click();
    await page.getByRole('menuitem', { name: 'Pause' }).click();
    const dialog = page.getByRole('dialog', { name: 'Pause — Monthly' });
    await field(dialog, 'Days').fill('14');
    await expect
      .poll(() => byTestId('preview-summary', dialog))
      .toBe('No billing until Apr 16, 2026; the renewal moves from May 2, 2026 to May 16, 2026.');
    await dialog.getByText('Nothing is invoiced now.').waitFor();
    // The reason is asked for on confirming.
    await dialog.getByRole('button', { name: 'Confirm pause' }).click();
    await dialog.getByText('Give a reason (it goes on the record)').waitFor();
    await field(dialog, 'Reason').fill('Holiday');
    await shot('pause-preview');
    await dialog.getByRole('button', { name: 'Confirm pause' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Paused since Apr 2, 2026, resumes on Apr 16, 2026. Reason: Holiday').waitFor();
    await dismissToasts(page);

    await page.getByRole('button', { name: 'Actions for Monthly' }).click();
    await page.getByRole('menuitem', { name: 'Resume' }).click();
    const resume = page.getByRole('dialog', { name: 'Resume — Monthly' });
    await expect
      .poll(() => byTestId('preview-summary', resume))
      .toBe('Billing resumes; the next renewal is on May 2, 2026.');
    await resume.getByRole('button', { name: 'Confirm and resume' }).click();
    await resume.waitFor({ state: 'detached' });
    await page.getByText(/^Resumed after 0 days/).waitFor();
    await dismissToasts(page);
  });

  it('cancels at the period end after a red confirmation', async () => {
    await page.getByRole('button', { name: 'Actions for Monthly' }).click();
    await page.getByRole('menuitem', { name: 'Cancel subscription' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel subscription — Monthly' });
    await expect
      .poll(() => byTestId('preview-summary', dialog))
      .toBe('Access continues until May 2, 2026; nothing more is billed.');
    await field(dialog, 'Reason').fill('Moving away');
    await shot('cancel-preview');
    await dialog.getByRole('button', { name: 'Cancel subscription' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Ends on May 2, 2026; nothing more is billed. Reason: Moving away').waitFor();
    await page.getByText('Cancellation scheduled for the period end (Moving away)').waitFor();
    await dismissToasts(page);
    await shot('subscription-cancel-scheduled');
  });

  it('lists subscriptions with filters', async () => {
    await nav('Subscriptions');
    await heading('Subscriptions');
    const table = page.getByRole('table', { name: 'Subscriptions' });
    await table
      .getByRole('row', { name: /Jane Doe/ })
      .getByText('Monthly')
      .waitFor();
    await page.getByText('Past due', { exact: true }).click();
    await page.getByText('No past due subscriptions').waitFor();
    await page.getByText('Live', { exact: true }).click();
    // The tab lives in the address; type only once the Live list is there, or the switch can wipe
    // the search (as in payments.spec.ts).
    await table.getByRole('row', { name: /Jane Doe/ }).waitFor();
    await page.getByRole('textbox', { name: 'Search subscriptions' }).fill('jane');
    await expect
      .poll(() => page.getByRole('textbox', { name: 'Search subscriptions' }).inputValue())
      .toBe('jane');
    await table.getByRole('row', { name: /Jane Doe/ }).waitFor();
    await shot('subscriptions-list');
    await page.getByRole('textbox', { name: 'Search subscriptions' }).fill('');
  });

  it("shows each member's membership on the members list, with tabs that filter by it", async () => {
    await nav('Members');
    await heading('Members');
    const table = page.getByRole('table', { name: 'Members' });
    const jane = table.getByRole('row', { name: /Jane Doe/ });
    // Cancelled at the period end, the subscription is still active until then.
    await jane.getByText('Monthly').waitFor();
    await jane.getByText('Active', { exact: true }).waitFor();
    await page
      .getByRole('tab', { name: /^Active/ })
      .getByText('1')
      .waitFor();
    await page.getByRole('tab', { name: /^Paused/ }).click();
    await page.getByText('No paused members').waitFor();
    await page.getByRole('tab', { name: /^Active/ }).click();
    await jane.waitFor();
    await shot('members-membership');
    await page.getByRole('tab', { name: /^All members/ }).click();
  });

  it('makes a one-off invoice: a draft with live totals, then finalized', async () => {
    await nav('Invoices');
    await page.getByRole('button', { name: 'New one-off invoice' }).click();
    const dialog = page.getByRole('dialog', { name: 'New one-off invoice' });
    await dialog.getByRole('button', { name: 'Save as draft' }).click();
    await dialog.getByText('Choose the member to invoice').waitFor();
    await dialog.getByText('Enter description').waitFor();
    await field(dialog, 'Member').fill('jane');
    await page.getByRole('option', { name: /Jane Doe/ }).click();
    await dialog.getByLabel('Line 1 description', { exact: true }).fill('Protein shake');
    await dialog.getByLabel('Line 1 quantity', { exact: true }).fill('2');
    await dialog.getByLabel('Line 1 unit price', { exact: true }).fill('3.50');
    await dialog.getByRole('button', { name: 'Add line' }).click();
    await dialog.getByLabel('Line 2 description', { exact: true }).fill('Towel');
    await dialog.getByLabel('Line 2 unit price', { exact: true }).fill('5');
    await expect.poll(() => byTestId('editor-total', dialog)).toBe('$12.00');
    expect(await dialog.getByLabel('Invoice totals').textContent()).toBe(
      'Subtotal$12.00Tax (included)$2.00Total$12.00',
    );
    await field(dialog, 'Memo').fill('Bought at the front desk.');
    await shot('one-off-invoice-editor');
    await dialog.getByRole('button', { name: 'Save as draft' }).click();
    await toast(page, /A draft for \$12\.00 was saved/);
    await heading('Draft invoice');
    await dismissToasts(page);
    await shot('invoice-draft');

    await page.getByRole('button', { name: 'Finalize' }).click();
    await page
      .getByRole('dialog', { name: 'Finalize this invoice?' })
      .getByRole('button', { name: 'Finalize' })
      .click();
    await toast(page, 'INV-00003 was issued for $12.00.');
    await heading('Invoice INV-00003');
    await dismissToasts(page);

    // Issued by mistake: voided with a reason (the number stays, nothing is owed).
    await page.getByRole('button', { name: 'More' }).click();
    await page.getByRole('menuitem', { name: 'Void invoice' }).click();
    const confirm = page.getByRole('dialog', { name: 'Void INV-00003?' });
    await confirm.getByRole('button', { name: 'Void invoice' }).click();
    await confirm.getByText('Enter reason').waitFor();
    await field(confirm, 'Reason').fill('Rung up twice');
    await shot('void-confirm');
    await confirm.getByRole('button', { name: 'Void invoice' }).click();
    await toast(page, 'INV-00003 was voided.');
    await page.getByText('Void', { exact: true }).first().waitFor();
    await dismissToasts(page);
  });

  it('shows the payments page', async () => {
    await nav('Payments');
    await heading('Payments');
    // Succeeded is the first tab: the cash payment taken at the desk is there.
    await page.getByRole('tab', { name: /Succeeded/, selected: true }).waitFor();
    const table = page.getByRole('table', { name: 'Payments' });
    const row = table.getByRole('row', { name: /Jane Doe/ });
    await row.getByText('$24.00').waitFor();
    await row.getByText('INV-00001').waitFor();
    await page.getByRole('combobox', { name: 'Method' }).click();
    await page.getByRole('option', { name: 'Bank transfer' }).click();
    await page.getByText('No payments match these filters').waitFor();
    await page.getByRole('button', { name: 'Clear search and filters' }).click();
    await row.waitFor();
    await shot('payments');
  });

  it("shows the member's payments and balance", async () => {
    await page.getByRole('link', { name: 'Jane Doe' }).first().click();
    await page.getByRole('heading', { name: 'Jane Doe', exact: true }).waitFor();
    // INV-00002 is open; INV-00003 was voided.
    await expect.poll(() => byTestId('member-amount-due')).toBe('$24.00');
    await page.getByRole('table', { name: 'Member payments' }).getByText('$24.00').waitFor();
    await shot('member-payments');
  });

  it('asks whether a new price also applies to existing subscriptions', async () => {
    await nav('Plans');
    await page
      .getByRole('table', { name: 'Plans' })
      .getByRole('row', { name: /Monthly/ })
      .click();
    const drawer = page.getByRole('dialog', { name: 'Edit Monthly' });
    // One live subscription follows the monthly schedule: the interval is locked.
    await expect.poll(() => field(drawer, 'Interval').isDisabled()).toBe(true);
    await field(drawer, 'Price').fill('32');
    await expect
      .poll(() => drawer.getByTestId('price-example').textContent())
      .toBe('A member joining today pays $32.00 now (incl. $5.33 VAT), then $32.00 every month.');
    await drawer.getByRole('button', { name: 'Save plan' }).click();
    const question = page.getByRole('dialog', { name: 'Apply the new price to…' });
    await question
      .getByText('The price changes from $30.00 to $32.00. 1 member is subscribed to this plan.')
      .waitFor();
    await shot('plan-price-question');
    await question.getByText('New subscriptions only').click();
    await question.getByRole('button', { name: 'Save with this choice' }).click();
    await toast(page, 'Monthly was saved.');
    const row = page.getByRole('table', { name: 'Plans' }).getByRole('row', { name: /Monthly/ });
    await row.getByText('$32.00 / month').waitFor();
    await dismissToasts(page);
  });

  it('shows the invoice in the dark theme', async () => {
    await nav('Invoices');
    await page
      .getByRole('table', { name: 'Invoices' })
      .getByRole('row', { name: /INV-00002/ })
      .click();
    await heading('Invoice INV-00002');
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await expect
      .poll(() =>
        page.evaluate(
          () => (globalThis as unknown as PageGlobals).document.documentElement.dataset.mantineColorScheme,
        ),
      )
      .toBe('dark');
    await page.mouse.move(640, 420); // away from the toggle, so its tooltip is not in the picture
    await shot('dark-invoice-detail');
    await nav('Dashboard');
    await page.getByText('Live subscriptions').waitFor();
    await shot('dark-dashboard');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
  });
});
