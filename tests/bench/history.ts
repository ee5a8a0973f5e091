import type Database from 'better-sqlite3';
import { prng } from './generate';
import { FIRST_NAMES, LAST_NAMES } from './names';

/**
 * Three years of a DESIGN §9 business for the report bench: members joining over the years, one
 * subscription each (monthly, weekly, quarterly, yearly; trials, forever coupons, tax), an invoice per
 * period with its line, card and desk payments (some declined, most of those recovered), partial
 * payments, refunds with credit notes, plan changes, churn, reactivations, and debts still open.
 *
 * Rows go in with raw prepared statements in large transactions, member by member in time order, so
 * the report triggers (migration `reports_triggers`) keep the summaries exactly as they do for rows
 * the core writes.
 */
export const HISTORY_VERSION = 1;

export interface HistoryCounts {
  members: number;
  subscriptions: number;
  invoices: number;
  payments: number;
  failedPayments: number;
  refunds: number;
  planChanges: number;
  churned: number;
  reactivated: number;
  openInvoices: number;
  ms: number;
}

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString();
const dateOf = (t: number) => iso(t).slice(0, 10);

interface PlanSpec {
  id: number;
  name: string;
  price: number;
  interval: 'week' | 'month' | 'year';
  count: number;
  taxed: boolean;
  share: number;
}

const PLANS: PlanSpec[] = [
  { id: 1, name: 'Monthly Basic', price: 4900, interval: 'month', count: 1, taxed: true, share: 0.5 },
  { id: 2, name: 'Monthly Plus', price: 7900, interval: 'month', count: 1, taxed: true, share: 0.2 },
  { id: 3, name: 'Weekly Flex', price: 1500, interval: 'week', count: 1, taxed: false, share: 0.05 },
  { id: 4, name: 'Quarterly', price: 12_900, interval: 'month', count: 3, taxed: true, share: 0.1 },
  { id: 5, name: 'Yearly', price: 49_000, interval: 'year', count: 1, taxed: true, share: 0.15 },
];

const DECLINES: Array<[string, string]> = [
  ['insufficient_funds', 'The card has insufficient funds.'],
  ['expired_card', 'The card has expired.'],
  ['do_not_honor', 'The bank declined the payment without saying why.'],
  ['generic_decline', 'The bank declined the payment.'],
  ['lost_card', 'The card was reported lost.'],
];
const DESK_METHODS = ['cash', 'bank_transfer', 'card_terminal', 'other'] as const;
const TAX_BPS = 1000;

function addPeriod(t: number, p: PlanSpec, n: number): number {
  if (p.interval === 'week') return t + 7 * n * DAY;
  const d = new Date(t);
  const months = (p.interval === 'year' ? 12 : 1) * p.count * n;
  // Anchors are on days 1–28, so adding months never needs clamping.
  return Date.UTC(
    d.getUTCFullYear(),
    d.getUTCMonth() + months,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
  );
}

/**
 * Writes the history for `count` members, ending at `end` (an instant). The owner (operator 1) must
 * exist; two desk operators are added.
 */
export function insertHistory(
  sqlite: Database.Database,
  count: number,
  options: { seed: number; end: number; onProgress?: (done: number) => void },
): HistoryCounts {
  const started = performance.now();
  const rand = prng(options.seed);
  const end = options.end;
  const start = end - 3 * 365 * DAY;
  const nowIso = iso(end);
  const s = (sql: string) => sqlite.prepare(sql);

  sqlite.transaction(() => {
    s(
      `INSERT INTO tax_rates (id, name, rate_bps, inclusive, is_default, status, created_at) VALUES (1, 'VAT', ?, 0, 0, 'active', ?)`,
    ).run(TAX_BPS, iso(start));
    for (const p of PLANS) {
      s(
        `INSERT INTO plans (id, name, price, currency, interval, interval_count, tax_rate_id, created_at, updated_at)
         VALUES (?, ?, ?, 'USD', ?, ?, ?, ?, ?)`,
      ).run(p.id, p.name, p.price, p.interval, p.count, p.taxed ? 1 : null, iso(start), iso(start));
    }
    s(
      `INSERT INTO coupons (id, code, kind, percent_bps, duration, created_at) VALUES (1, 'LOYAL10', 'percent', 1000, 'forever', ?)`,
    ).run(iso(start));
    for (const [name, email] of [
      ['Dana Desk', 'dana@bench.example.com'],
      ['Eli Evening', 'eli@bench.example.com'],
    ]) {
      s(
        `INSERT INTO operators (name, email, role, password_hash, created_at, updated_at) VALUES (?, ?, 'staff', 'x', ?, ?)`,
      ).run(name, email, iso(start), iso(start));
    }
  })();
  const operatorIds = (s(`SELECT id FROM operators ORDER BY id`).all() as Array<{ id: number }>).map(
    (o) => o.id,
  );

  const insMember = s(
    `INSERT INTO members (id, number, first_name, last_name, sort_name, email, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?)`,
  );
  const insSub = s(
    `INSERT INTO subscriptions (id, member_id, plan_id, status, collection, price, currency, start_date, trial_end,
       anchor_date, anchor_day, current_period_start, current_period_end, coupon_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'USD', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const updStatus = s(`UPDATE subscriptions SET status = ?, updated_at = ?, ended_on = ? WHERE id = ?`);
  const updPlan = s(`UPDATE subscriptions SET plan_id = ?, price = ?, updated_at = ? WHERE id = ?`);
  const updPeriod = s(
    `UPDATE subscriptions SET current_period_start = ?, current_period_end = ?, period_index = ?, past_due_since = ? WHERE id = ?`,
  );
  const insInvoice = s(
    `INSERT INTO invoices (id, number, member_id, subscription_id, status, reason, currency, subtotal, discount_total,
       tax_total, total, amount_paid, issue_date, due_date, period_start, period_end, billing_key, created_at,
       finalized_at, paid_at)
     VALUES (?, ?, ?, ?, ?, 'subscription_cycle', 'USD', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insLine = s(
    `INSERT INTO invoice_lines (invoice_id, kind, description, period_start, period_end, quantity, unit_amount, amount,
       discount_amount, tax_rate_id, tax_name, tax_rate_bps, tax_inclusive, tax_amount, total, plan_id)
     VALUES (?, 'plan', ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
  );
  const insPayment = s(
    `INSERT INTO payments (id, invoice_id, member_id, amount, currency, method, status, attempt, decline_code,
       failure_code, failure_message, idempotency_key, operator_id, created_at, settled_at)
     VALUES (?, ?, ?, ?, 'USD', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insCreditNote = s(
    `INSERT INTO credit_notes (id, number, invoice_id, member_id, amount, currency, reason, destination, created_at)
     VALUES (?, ?, ?, ?, ?, 'USD', 'Refund', 'refund', ?)`,
  );
  const insRefund = s(
    `INSERT INTO refunds (payment_id, member_id, amount, currency, reason, method, status, idempotency_key,
       credit_note_id, operator_id, created_at, settled_at)
     VALUES (?, ?, ?, 'USD', 'Goodwill', ?, 'succeeded', ?, ?, ?, ?, ?)`,
  );
  const updRefunded = s(`UPDATE payments SET amount_refunded = amount_refunded + ? WHERE id = ?`);
  const insCard = s(
    `INSERT INTO payment_methods (member_id, gateway, mode, gateway_id, brand, last4, exp_month, exp_year, is_default, status, created_at)
     VALUES (?, 'stripe', 'test', ?, 'visa', ?, ?, ?, 1, 'active', ?)`,
  );

  const c: HistoryCounts = {
    members: 0,
    subscriptions: 0,
    invoices: 0,
    payments: 0,
    failedPayments: 0,
    refunds: 0,
    planChanges: 0,
    churned: 0,
    reactivated: 0,
    openInvoices: 0,
    ms: 0,
  };
  let invoiceId = 0;
  let paymentId = 0;
  let creditNoteId = 0;

  const pickPlan = () => {
    let r = rand();
    for (const p of PLANS) if ((r -= p.share) < 0) return p;
    return PLANS[0]!;
  };

  const oneMember = (id: number) => {
    const first = FIRST_NAMES[Math.floor(rand() * FIRST_NAMES.length)]!;
    const last = LAST_NAMES[Math.floor(rand() * LAST_NAMES.length)]!;
    // Joined over the three years, at a desk hour (13:00–22:00 UTC), on days 1–28.
    const joinRaw = start + rand() * (end - start - 2 * DAY);
    const jd = new Date(joinRaw);
    const joined = Date.UTC(
      jd.getUTCFullYear(),
      jd.getUTCMonth(),
      Math.min(28, jd.getUTCDate()),
      13 + Math.floor(rand() * 9),
      Math.floor(rand() * 60),
    );
    insMember.run(
      id,
      id,
      first,
      last,
      `${last} ${first}`.toLowerCase(),
      `m${id}@bench.example.com`,
      iso(joined),
      iso(joined),
    );
    c.members++;

    let plan = pickPlan();
    const card = rand() < 0.6;
    const trial = rand() < 0.2 ? 7 : 0;
    const coupon = rand() < 0.05 ? 1 : null;
    const subId = id;
    const firstBill = joined + trial * DAY;
    insSub.run(
      subId,
      id,
      plan.id,
      trial ? 'trialing' : 'active',
      card ? 'automatic' : 'manual',
      plan.price,
      dateOf(joined),
      trial ? dateOf(firstBill) : null,
      dateOf(firstBill),
      new Date(firstBill).getUTCDate(),
      dateOf(joined),
      dateOf(firstBill),
      coupon,
      iso(joined),
      iso(joined),
    );
    c.subscriptions++;
    if (card)
      insCard.run(
        id,
        `pm_${id}`,
        String(1000 + (id % 9000)),
        1 + Math.floor(rand() * 12),
        2026 + Math.floor(rand() * 4),
        iso(joined),
      );
    if (trial) updStatus.run('active', iso(firstBill), null, subId);

    let status: 'active' | 'past_due' | 'canceled' = 'active';
    let t = firstBill;
    let n = 0;
    while (t < end) {
      const periodEnd = addPeriod(firstBill, plan, n + 1);
      const issue = dateOf(t);
      const amount = plan.price;
      const discount = coupon ? Math.floor((amount * 1000 + 5000) / 10_000) : 0;
      const taxable = amount - discount;
      const tax = plan.taxed ? Math.floor((taxable * TAX_BPS * 2 + 10_000) / 20_000) : 0;
      const total = taxable + tax;
      invoiceId++;
      // A recent period may still be unpaid: the debts the receivables report ages.
      const unpaid = end - t < 120 * DAY && rand() < 0.05;
      const cardFails = card && rand() < 0.07;
      const recovered = cardFails && rand() < 0.7;
      const lost = cardFails && !recovered && !unpaid;
      const invStatus = unpaid ? 'open' : lost ? 'uncollectible' : 'paid';
      const paidAt = t + (recovered ? 3 * DAY : 0) + 60_000;
      insInvoice.run(
        invoiceId,
        `INV-${String(invoiceId).padStart(7, '0')}`,
        id,
        subId,
        invStatus,
        amount,
        discount,
        tax,
        total,
        invStatus === 'paid' ? total : 0,
        issue,
        issue,
        issue,
        dateOf(periodEnd),
        `cycle:${subId}:${issue}`,
        iso(t),
        iso(t),
        invStatus === 'paid' ? iso(paidAt) : null,
      );
      insLine.run(
        invoiceId,
        plan.name,
        issue,
        dateOf(periodEnd),
        amount,
        amount,
        discount,
        plan.taxed ? 1 : null,
        plan.taxed ? 'VAT' : null,
        plan.taxed ? TAX_BPS : 0,
        tax,
        total,
        plan.id,
      );
      c.invoices++;
      if (cardFails || (card && unpaid)) {
        const [code, message] = DECLINES[Math.floor(rand() * DECLINES.length)]!;
        paymentId++;
        insPayment.run(
          paymentId,
          invoiceId,
          id,
          total,
          'card',
          'failed',
          1,
          code,
          'card_declined',
          message,
          `pay:${paymentId}`,
          null,
          iso(t),
          iso(t),
        );
        c.payments++;
        c.failedPayments++;
      }
      if (unpaid) {
        c.openInvoices++;
        status = 'past_due';
        updStatus.run('past_due', iso(t + DAY * 8), null, subId);
        updPeriod.run(issue, dateOf(periodEnd), n, issue, subId);
        break;
      }
      if (lost) {
        status = 'canceled';
        updStatus.run('canceled', iso(t + 14 * DAY), dateOf(t + 14 * DAY), subId);
        c.churned++;
        break;
      }
      const method = card ? 'card' : DESK_METHODS[Math.floor(rand() * rand() * DESK_METHODS.length)]!;
      const operator = card ? null : operatorIds[Math.floor(rand() * operatorIds.length)]!;
      const parts = !card && rand() < 0.1 ? [Math.floor(total / 2), total - Math.floor(total / 2)] : [total];
      let lastPayment = 0;
      parts.forEach((part, i) => {
        paymentId++;
        lastPayment = paymentId;
        const at = paidAt + i * 2 * DAY;
        insPayment.run(
          paymentId,
          invoiceId,
          id,
          part,
          method,
          'succeeded',
          recovered ? 2 : 1,
          null,
          null,
          null,
          `pay:${paymentId}`,
          operator,
          iso(at),
          iso(at),
        );
        c.payments++;
      });
      if (rand() < 0.01) {
        const refund = Math.max(100, Math.floor(parts.at(-1)! * (rand() < 0.5 ? 1 : 0.5)));
        const at = paidAt + 5 * DAY;
        creditNoteId++;
        insCreditNote.run(
          creditNoteId,
          `CN-${String(creditNoteId).padStart(6, '0')}`,
          invoiceId,
          id,
          refund,
          iso(at),
        );
        insRefund.run(
          lastPayment,
          id,
          refund,
          method === 'card' ? 'card' : 'cash',
          `refund:${creditNoteId}`,
          creditNoteId,
          operator,
          iso(at),
          iso(at),
        );
        updRefunded.run(refund, lastPayment);
        c.refunds++;
      }
      n++;
      const next = addPeriod(firstBill, plan, n);
      if (next >= end) {
        updPeriod.run(issue, dateOf(periodEnd), n - 1, null, subId);
        break;
      }
      // Between periods: an occasional plan change, and churn (most members stay a year or so).
      if (rand() < 0.01) {
        const other = PLANS.filter(
          (p) => p.interval === plan.interval && p.count === plan.count && p.id !== plan.id,
        );
        if (other.length) {
          plan = other[Math.floor(rand() * other.length)]!;
          updPlan.run(plan.id, plan.price, iso(next - DAY), subId);
          c.planChanges++;
        }
      }
      const churnChance =
        plan.interval === 'week' ? 0.012 : plan.interval === 'year' ? 0.25 : 0.045 * plan.count;
      if (rand() < churnChance) {
        updStatus.run('canceled', iso(next), dateOf(next), subId);
        c.churned++;
        status = 'canceled';
        // Some come back a few months later on the same subscription.
        const back = next + (30 + Math.floor(rand() * 150)) * DAY;
        if (rand() < 0.15 && back < end - 40 * DAY) {
          updStatus.run('active', iso(back), null, subId);
          c.reactivated++;
          status = 'active';
          t = back;
          // A return starts a new run of periods from the day they came back.
          return continueFrom(id, subId, plan, card, coupon, back);
        }
        break;
      }
      t = next;
    }
    void status;
    return undefined;
  };

  // A reactivated member bills again from their return, with the same rules (no second return).
  const continueFrom = (
    id: number,
    subId: number,
    plan: PlanSpec,
    card: boolean,
    coupon: number | null,
    from: number,
  ) => {
    let n = 0;
    let t = from;
    while (t < end) {
      const periodEnd = addPeriod(from, plan, n + 1);
      const issue = dateOf(t);
      const discount = coupon ? Math.floor((plan.price * 1000 + 5000) / 10_000) : 0;
      const taxable = plan.price - discount;
      const tax = plan.taxed ? Math.floor((taxable * TAX_BPS * 2 + 10_000) / 20_000) : 0;
      const total = taxable + tax;
      invoiceId++;
      insInvoice.run(
        invoiceId,
        `INV-${String(invoiceId).padStart(7, '0')}`,
        id,
        subId,
        'paid',
        plan.price,
        discount,
        tax,
        total,
        total,
        issue,
        issue,
        issue,
        dateOf(periodEnd),
        `cycle:${subId}:${issue}`,
        iso(t),
        iso(t),
        iso(t + 60_000),
      );
      insLine.run(
        invoiceId,
        plan.name,
        issue,
        dateOf(periodEnd),
        plan.price,
        plan.price,
        discount,
        plan.taxed ? 1 : null,
        plan.taxed ? 'VAT' : null,
        plan.taxed ? TAX_BPS : 0,
        tax,
        total,
        plan.id,
      );
      c.invoices++;
      paymentId++;
      insPayment.run(
        paymentId,
        invoiceId,
        id,
        total,
        card ? 'card' : 'cash',
        'succeeded',
        1,
        null,
        null,
        null,
        `pay:${paymentId}`,
        card ? null : operatorIds[0]!,
        iso(t + 60_000),
        iso(t + 60_000),
      );
      c.payments++;
      n++;
      const next = addPeriod(from, plan, n);
      if (next >= end) {
        updPeriod.run(issue, dateOf(periodEnd), n - 1, null, subId);
        return;
      }
      if (rand() < 0.06) {
        updStatus.run('canceled', iso(next), dateOf(next), subId);
        c.churned++;
        return;
      }
      t = next;
    }
  };

  const batch = 2_000;
  const write = sqlite.transaction((from: number, to: number) => {
    for (let id = from; id < to; id++) oneMember(id);
  });
  for (let from = 1; from <= count; from += batch) {
    write(from, Math.min(count + 1, from + batch));
    options.onProgress?.(Math.min(count, from + batch - 1));
  }
  void nowIso;
  c.ms = performance.now() - started;
  return c;
}
