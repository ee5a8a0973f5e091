import type { BillingEvent } from '../../../shared/contract';
import type { billingEvents } from '../../../db/schema';

type Data = Record<string, unknown>;
const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/** One readable line per billing event for the subscription timeline. */
const TEXT: Record<string, (d: Data) => string> = {
  'subscription.created': (d) =>
    `Subscribed to ${str(d.plan)}${d.trialEnd ? `, trial until ${str(d.trialEnd)}` : ''}`,
  'subscription.renewed': (d) => `Renewed for ${str(d.periodStart)} – ${str(d.periodEnd)}`,
  'subscription.plan_changed': (d) => `Plan changed from ${str(d.from)} to ${str(d.to)}`,
  'subscription.plan_change_scheduled': (d) => `Plan change to ${str(d.to)} scheduled for the period end`,
  'subscription.cancel_scheduled': (d) => `Cancellation scheduled for the period end (${str(d.reason)})`,
  'subscription.cancelled': (d) => `Canceled${d.reason ? ` (${str(d.reason)})` : ''}`,
  'subscription.paused': (d) => `Paused until ${str(d.resumeOn)} (${str(d.reason)})`,
  'subscription.resumed': (d) => `Resumed after ${str(d.pausedDays)} days; renews on ${str(d.periodEnd)}`,
  'subscription.past_due': () => 'Past due: an invoice was not paid by its due date',
  'subscription.unpaid': (d) =>
    d.reason ? `Unpaid: ${str(d.reason)}` : `Unpaid after ${str(d.graceDays)} grace days; renewals stopped`,
  'subscription.reactivated': () => 'Reactivated',
  'subscription.expired': (d) => `Expired${d.reason ? ` (${str(d.reason)})` : ''}`,
  'subscription.updated': (d) => str(d.change ?? d.reason ?? 'Updated'),
  'subscription.term_completed': (d) => `Minimum term completed (${str(d.cycles)} periods)`,
  'subscription.activated': (d) =>
    d.payLater ? 'Active: sold with the invoice to pay later' : 'Active: the first payment is in',
  'subscription.incomplete_expired': (d) => `Sale ended unpaid (${str(d.reason)})`,
  'coupon.released': (d) => `Coupon ${str(d.code)} released`,
  'trial.extended': (d) => `Trial extended by ${str(d.days)} days to ${str(d.trialEnd)}`,
  'trial.ended': (d) => `Trial ended${d.outcome ? `: ${str(d.outcome)}` : ''}`,
  'invoice.created': () => 'Invoice created',
  'invoice.finalized': (d) => `Invoice ${str(d.number)} issued`,
  'invoice.paid': (d) => `Invoice ${str(d.number)} paid`,
  'invoice.overdue': () => 'Invoice overdue',
  'invoice.voided': (d) => `Invoice ${str(d.number)} voided (${str(d.reason)})`,
  'invoice.uncollectible': (d) => `Invoice ${str(d.number)} marked uncollectible (${str(d.reason)})`,
  'payment.succeeded': (d) => `Payment received (${str(d.method)})`,
  'credit_note.created': (d) => `Credit note ${str(d.number)}: ${str(d.reason)}`,
  'balance.credited': (d) => `Credit added to the member's balance (${str(d.reason)})`,
  'coupon.redeemed': (d) => `Coupon ${str(d.code)} applied`,
  'balance.paid_out': (d) => `Credit paid out (${str(d.method)}): ${str(d.reason)}`,
  'payment.failed': (d) => `Payment failed: ${str(d.reason ?? d.code)}`,
  'dunning.started': (d) =>
    d.hard
      ? 'Card refused for good: no retries; the member was asked for another card'
      : `Failed-payment follow-up started: next try on ${str(d.nextRetryOn)}`,
  'dunning.retry_failed': (d) =>
    `Retry ${str(d.step)} of ${str(d.of)} failed${d.nextRetryOn ? `; next on ${str(d.nextRetryOn)}` : ''}`,
  'dunning.retry_skipped': (d) => `Retry skipped: ${str(d.reason)}`,
  'dunning.card_updated': () => 'New card on file: retrying at once',
  'dunning.exhausted': (d) =>
    `Retries ran out: ${d.action === 'cancel' ? 'canceled' : d.action === 'unpaid' ? 'marked unpaid' : 'left past due'}${d.uncollectible ? ', invoice uncollectible' : ''}`,
  'dunning.recovered': () => 'Failed payment recovered',
  'dunning.ended': (d) => `Failed-payment follow-up ended (${str(d.how)})`,
  'dunning.reminded': (d) => `Payment reminder ${str(d.reminder)} sent`,
};

export function toBillingEvent(row: typeof billingEvents.$inferSelect): BillingEvent {
  const data = JSON.parse(row.data) as Data;
  const text = TEXT[row.type]?.(data) ?? row.type;
  return {
    id: row.id,
    type: row.type,
    subscriptionId: row.subscriptionId,
    invoiceId: row.invoiceId,
    effectiveDate: row.effectiveDate,
    summary: data.by && data.by !== 'Recur' ? `${text} — by ${str(data.by)}` : text,
    createdAt: row.createdAt,
  };
}
