import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type RunningApp, setUpBusiness, startApp } from './support/app';
import type { RunningServer } from './support/server';
import { field, navTo, norm } from './support/ui';

/**
 * Reports and the dashboard end to end. A small business is billed through the headless API on the
 * test clock (fixed at 5 January 2026): three monthly members at 50.00 + 20% VAT and one yearly at
 * 480.00, paid in cash; a month later the renewals are paid, one member leaves and 10.00 is refunded.
 * Then, in the browser: the dashboard cards against what was billed, each report, a range change, a
 * drill-down, a CSV export, and the screens in light and dark. Screenshots: r01… in
 * test-results/screenshots.
 */
const START = '2026-01-05T15:00:00Z';
const OWNER = { name: 'Riley Owner', email: 'riley@harbour.example', password: 'correct horse battery' };

let app: RunningApp;
let server: RunningServer;
let page: Page;
let shot: RunningApp['shot'];

beforeAll(async () => {
  app = await startApp({ start: START, shots: 'r' });
  ({ server, page, shot } = app);
});

afterAll(() => app?.close());

const { call, logIn } = apiClient(() => server.url);

async function payAllOpen() {
  const open = await call<{ items: Array<{ id: number; amountDue: number }> }>('invoices.list', {
    status: 'open',
    limit: 100,
  });
  const paid: number[] = [];
  for (const inv of open.items) {
    const p = await call<{ id: number }>('payments.record', {
      invoiceId: inv.id,
      amount: inv.amountDue,
      method: 'cash',
    });
    paid.push(p.id);
  }
  return paid;
}

const kpi = async (label: string) => norm(await page.getByTestId(`kpi-${label}`).textContent());
const figure = (label: string) => page.getByRole('button', { name: `${label}: show the records` });

/** Mantine keeps a Select's options mounted (labelled like the input), so open it by its combobox role. */
async function pick(label: string, option: string) {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

async function openReport(tab: string) {
  await page.getByRole('tab', { name: tab, exact: true }).click();
  await page.getByRole('button', { name: 'Export CSV' }).waitFor();
}

describe('reports', () => {
  it('sets up the business and bills a month and a bit through the API', async () => {
    await setUpBusiness(page, server.url, { business: 'Harbour Yoga', owner: OWNER });

    await logIn(OWNER);
    const vat = await call<{ id: number }>('taxRates.create', {
      name: 'VAT',
      rateBps: 2000,
      inclusive: false,
    });
    const monthly = await call<{ id: number }>('plans.create', {
      name: 'Monthly',
      price: 5000,
      currency: 'USD',
      interval: 'month',
      intervalCount: 1,
      taxRateId: vat.id,
    });
    const yearly = await call<{ id: number }>('plans.create', {
      name: 'Yearly',
      price: 48_000,
      currency: 'USD',
      interval: 'year',
      intervalCount: 1,
    });
    const subs: number[] = [];
    for (const [first, planId] of [
      ['Ana', monthly.id],
      ['Ben', monthly.id],
      ['Cleo', monthly.id],
      ['Dev', yearly.id],
    ] as const) {
      const m = await call<{ id: number }>('members.create', { firstName: first, lastName: 'Lopez' });
      subs.push((await call<{ id: number }>('subscriptions.create', { memberId: m.id, planId })).id);
    }
    await payAllOpen();
    await call('clock.advance', { days: 31 }); // 5 February: the monthly renewals
    const february = await payAllOpen();
    expect(february).toHaveLength(3);
    await call('subscriptions.cancel', { id: subs[2], when: 'now', reason: 'Moved away' });
    await call('refunds.create', {
      paymentId: february[0],
      amount: 1000,
      reason: 'Missed a class',
      method: 'cash',
    });
    // A month went by on the clock: the browser's session timed out, so sign in again as the owner would.
    await page.reload();
    const greeting = page.getByRole('heading', { name: /Good (morning|afternoon|evening), Riley/ });
    const signIn = page.getByRole('button', { name: 'Sign in' });
    await greeting.or(signIn).first().waitFor();
    if (await signIn.isVisible()) {
      await field(page, 'Email').fill(OWNER.email);
      await field(page, 'Password').fill(OWNER.password);
      await signIn.click();
    }
  });

  it('shows the dashboard cards as billed, against last month', async () => {
    await page.getByRole('heading', { name: /Good (morning|afternoon|evening), Riley/ }).waitFor();
    await page.getByText('on Feb 5, 2026').waitFor();
    await expect.poll(() => kpi('MRR')).toBe('$140.00');
    // 2 × 50.00 monthly (tax excluded) + 480.00 / 12; before the cancellation: 3 × 50.00 + 40.00.
    expect(norm(await page.getByRole('link', { name: 'MRR: open the report' }).textContent())).toContain(
      '$190.00 last month',
    );
    expect(await kpi('Paying members')).toBe('3');
    expect(await kpi('Left this month')).toBe('1');
    // Feb 1–5: three renewals of 60.00 in cash, less the 10.00 refund; Jan 1–5: 3 × 60.00 + 480.00.
    expect(await kpi('Money in this month')).toBe('$170.00');
    expect(
      norm(await page.getByRole('link', { name: 'Money in this month: open the report' }).textContent()),
    ).toContain('$660.00 last month');
    expect(await kpi('Overdue')).toBe('$0.00');
    await page.getByText('Today’s tasks').waitFor();
    await shot('dashboard');
  });

  it('opens the revenue report, changes the range, drills into a figure and exports CSV', async () => {
    await navTo(page, 'Reports');
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    await expect.poll(async () => norm(await figure('Collected').textContent())).toContain('$840.00');
    expect(norm(await figure('Refunds').textContent())).toContain('$10.00');
    expect(norm(await figure('Invoiced').textContent())).toContain('$840.00');
    expect(norm(await figure('Credit notes').textContent())).toContain('$10.00');
    await page
      .getByRole('table', { name: 'Revenue by period' })
      .getByRole('row', { name: /Feb 2026/ })
      .waitFor();
    await shot('revenue-last-12-months');

    await pick('Range', 'This month');
    await expect.poll(async () => norm(await figure('Collected').textContent())).toContain('$180.00');
    expect(page.url()).toContain('range=thisMonth');

    await figure('Collected').click();
    const drawer = page.getByRole('dialog', { name: 'Payments received' });
    await drawer.getByText('3 records').waitFor();
    expect(await drawer.getByRole('row').count()).toBe(4); // header + 3 payments
    await drawer.getByRole('link', { name: 'Ana Lopez' }).waitFor();
    await shot('revenue-drill-down');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('revenue-2026-02-01-2026-02-05.csv');
    const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const [header, row] = csv.trim().split(/\r?\n/);
    expect(header).toBe('Period start,Invoiced,Credit notes,Collected,Refunds,Net,Currency');
    expect(row).toBe('2026-02-01,180.00,10.00,180.00,10.00,170.00,USD');

    // A custom range whose end comes first is refused on the field.
    await pick('Range', 'Custom range');
    await field(page, 'To').fill('2026-01-01');
    await page.getByText('The end date is before the start date').first().waitFor();
    await pick('Range', 'This year');
  });

  it('shows recurring revenue and its movements', async () => {
    await openReport('Recurring revenue');
    await expect
      .poll(async () => norm(await page.getByRole('table', { name: 'MRR movements by month' }).textContent()))
      .toContain('Feb 2026');
    const feb = page
      .getByRole('table', { name: 'MRR movements by month' })
      .getByRole('row', { name: /Feb 2026/ });
    expect(norm(await feb.textContent())).toContain('−$50.00');
    await shot('mrr');
    await feb.getByRole('button', { name: /Churn in Feb 2026/ }).click();
    await page
      .getByRole('dialog', { name: 'Churn, Feb 2026' })
      .getByRole('link', { name: 'Cleo Lopez' })
      .waitFor();
    await page.keyboard.press('Escape');
  });

  it('filters recurring revenue by plan, with moves between plans in the table and the CSV', async () => {
    const table = page.getByRole('table', { name: 'MRR movements by month' });
    const row = (month: RegExp) => table.getByRole('row', { name: month });
    await pick('Plan', 'Monthly');
    expect(page.url()).toMatch(/plan=\d+/);
    await table.getByRole('columnheader', { name: 'Moved out' }).waitFor();
    // Monthly alone: Ana, Ben and Cleo at 50.00 in January; Cleo left in February.
    await expect.poll(async () => norm(await row(/Jan 2026/).textContent())).toContain('$150.00');
    expect(norm(await row(/Feb 2026/).textContent())).toContain('−$50.00');
    expect(norm(await figure('Paying members').textContent())).toContain('2');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      'Month,MRR at start,New,Expansion,Reactivation,Moved in,Contraction,Churn,Moved out,MRR at end,Paying members,Currency',
    );
    expect(lines).toContain('2026-02,150.00,0.00,0.00,0.00,0.00,0.00,50.00,0.00,100.00,2,USD');
    await shot('mrr-one-plan');

    // Yearly alone: Dev's 480.00 a year is 40.00 a month.
    await pick('Plan', 'Yearly');
    await expect.poll(async () => norm(await row(/Feb 2026/).textContent())).toContain('$40.00');
    expect(norm(await figure('Paying members').textContent())).toContain('1');
  });

  it('opens members, failed payments, receivables, tax and end of day', async () => {
    await openReport('Members');
    await page.getByRole('table', { name: 'Retention cohorts' }).waitFor();
    await shot('members');
    // Monthly alone: Ana, Ben and Cleo joined in January; Cleo left in February, 1 of 3 at the start.
    const churn = page.getByRole('table', { name: 'Customer churn by month' });
    await pick('Plan', 'Monthly');
    await churn.getByRole('columnheader', { name: 'Moved out' }).waitFor();
    const february = churn.getByRole('row', { name: /Feb 2026/ }).getByRole('cell');
    await expect
      .poll(async () => (await february.allTextContents()).map(norm))
      .toEqual(['Feb 2026', '3', '0', '0', '0', '1', '0', '2', '33.33%']);
    await page.getByText('This table covers all plans: the plan filter does not apply to it.').waitFor();
    await churn.scrollIntoViewIfNeeded();
    await shot('members-one-plan');
    await openReport('Failed payments');
    await page.getByText('No declined payments in this range.').waitFor();
    await shot('failed-payments');
    await openReport('Receivables');
    await page.getByText('Nobody owes anything.', { exact: false }).waitFor();
    await shot('receivables');
    await openReport('Tax');
    // 6 invoices × 10.00 VAT, less the 10.00 credit note's share (1/6 of 10.00 = 1.67).
    await expect
      .poll(async () => norm(await page.getByRole('table', { name: 'Tax per rate and month' }).textContent()))
      .toContain('$58.33');
    await shot('tax');
    await openReport('End of day');
    await pick('Range', 'This month');
    await expect.poll(async () => norm(await figure('Taken').textContent())).toContain('$180.00');
    await field(page, 'Float at the start').fill('100');
    await expect
      .poll(async () => norm(await page.getByText('Cash expected in the drawer').locator('..').textContent()))
      .toContain('$270.00');
    await shot('end-of-day');
  });

  it('reads in the dark theme', async () => {
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await openReport('Revenue');
    await page.getByRole('table', { name: 'Revenue by period' }).waitFor();
    await page.mouse.move(640, 420);
    await shot('dark-revenue');
    await openReport('Recurring revenue');
    await page.getByRole('table', { name: 'MRR movements by month' }).waitFor();
    await page.mouse.move(640, 420);
    await shot('dark-mrr');
    await navTo(page, 'Dashboard');
    await expect.poll(() => kpi('MRR')).toBe('$140.00');
    await page.mouse.move(640, 420);
    await shot('dark-dashboard');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
  });
});
