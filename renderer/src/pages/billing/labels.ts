import type { Invoice, Payment, Plan, Subscription, SubscriptionStatus } from '../../../../shared/contract';
import type { IntervalUnit } from '../../../../shared/calendar';
import type { Format } from '../../app/format';

export const SUBSCRIPTION_STATUS: Record<
  SubscriptionStatus,
  { label: string; color: string; variant: 'light' | 'outline'; ended?: boolean }
> = {
  trialing: { label: 'Trialing', color: 'blue', variant: 'light' },
  active: { label: 'Active', color: 'green', variant: 'light' },
  past_due: { label: 'Past due', color: 'orange', variant: 'light' },
  unpaid: { label: 'Unpaid', color: 'red', variant: 'light' },
  paused: { label: 'Paused', color: 'gray', variant: 'light' },
  canceled: { label: 'Canceled', color: 'gray', variant: 'outline', ended: true },
  expired: { label: 'Expired', color: 'gray', variant: 'outline', ended: true },
  incomplete: { label: 'Awaiting payment', color: 'yellow', variant: 'light' },
  incomplete_expired: { label: 'Never paid', color: 'gray', variant: 'outline', ended: true },
};

export const INVOICE_STATUS: Record<
  Invoice['status'],
  { label: string; color: string; variant: 'light' | 'outline' }
> = {
  draft: { label: 'Draft', color: 'gray', variant: 'light' },
  open: { label: 'Open', color: 'blue', variant: 'light' },
  paid: { label: 'Paid', color: 'green', variant: 'light' },
  void: { label: 'Void', color: 'gray', variant: 'outline' },
  uncollectible: { label: 'Uncollectible', color: 'red', variant: 'light' },
};

export const PAYMENT_STATUS: Record<Payment['status'], { label: string; color: string }> = {
  pending: { label: 'Pending', color: 'yellow' },
  succeeded: { label: 'Received', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
  requires_action: { label: 'Needs member', color: 'orange' },
};

export const METHOD_LABELS: Record<Payment['method'], string> = {
  cash: 'Cash',
  bank_transfer: 'Bank transfer',
  card_terminal: 'Card terminal',
  other: 'Other',
  card: 'Card',
};

/** What the desk can record by hand; saved cards are charged through Stripe instead. */
export const DESK_METHODS = ['cash', 'bank_transfer', 'card_terminal', 'other'] as const;
export type DeskMethod = (typeof DESK_METHODS)[number];

export const INTERVAL_OPTIONS: { value: IntervalUnit; label: string }[] = [
  { value: 'day', label: 'Days' },
  { value: 'week', label: 'Weeks' },
  { value: 'month', label: 'Months' },
  { value: 'year', label: 'Years' },
];

/** "month", "2 weeks": the length of one billing period. */
export function periodWords(interval: IntervalUnit, count: number): string {
  return count === 1 ? interval : `${count} ${interval}s`;
}

/** "$30.00 / month" or "$30.00 every 2 weeks". */
export function priceWithInterval(
  format: Format,
  price: number,
  interval: IntervalUnit,
  count: number,
  currency?: string,
): string {
  const money = format.money(price, currency);
  return count === 1 ? `${money} / ${interval}` : `${money} every ${count} ${interval}s`;
}

export const planPrice = (
  format: Format,
  p: Pick<Plan, 'price' | 'interval' | 'intervalCount' | 'currency'>,
) => priceWithInterval(format, p.price, p.interval, p.intervalCount, p.currency);

export const subscriptionPrice = (format: Format, s: Subscription) =>
  priceWithInterval(format, s.price, s.interval, s.intervalCount, s.currency);

/** The next date the subscription will be billed, or null when nothing more is billed. */
export function nextBillingDate(s: Subscription): string | null {
  if (SUBSCRIPTION_STATUS[s.status].ended || s.cancelAtPeriodEnd) return null;
  if (s.status === 'paused') return null;
  if (s.status === 'unpaid' || s.status === 'incomplete') return null;
  return s.currentPeriodEnd;
}

export const isLive = (s: Pick<Subscription, 'status'>) => !SUBSCRIPTION_STATUS[s.status].ended;

export const REFUND_LABELS: Record<Plan['refundPolicy'], string> = {
  none: 'No refund',
  prorated: 'Prorated refund of the unused days',
  full_within_days: 'Full refund within a number of days',
};

/** "8.25" → 825 basis points; null unless a plain percentage from 0 to 100 with at most two decimals. */
export function parsePercentBps(text: string): number | null {
  const m = /^(\d{1,3})(?:[.,](\d{0,2}))?$/.exec(text.trim().replace(/\s*%$/, ''));
  if (!m) return null;
  const bps = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0') || '0');
  return bps <= 10_000 ? bps : null;
}

/** 825 → "8.25": the editable text of a rate. */
export const bpsText = (bps: number) => (bps % 100 === 0 ? String(bps / 100) : (bps / 100).toFixed(2));

/** The unmistakable name of an invoice: its number, or "Draft" before it has one. */
export const invoiceName = (i: Pick<Invoice, 'number'>) => i.number ?? 'Draft';
