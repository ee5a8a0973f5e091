import { and, eq, lt, ne } from 'drizzle-orm';
import type { Tx } from '../../../db/open';
import { creditNotes, invoices, subscriptions } from '../../../db/schema';
import { AppError } from '../../../shared/errors';
import { addBalanceEntry } from '../billing/balance';
import { recordEvent } from '../billing/events';
import { nextDocumentNumber } from '../billing/numbering';
import { businessToday } from '../billing/today';
import type { Ctx } from '../context';
import { getSettings } from '../settings/repo';
import { transition } from '../subscriptions/state';
import { activateSale } from '../sales/activate';
import { endDunning } from '../dunning/cases';
import { amountDueOf, getInvoiceRow, type InvoiceRow } from './repo';

/**
 * After money or credit reaches an open invoice: when nothing is left to pay it becomes paid, and a
 * past-due subscription with no other overdue invoice is active again.
 */
export function settleIfPaid(tx: Tx, ctx: Ctx, id: number): InvoiceRow {
  const row = getInvoiceRow(tx, id);
  // An uncollectible invoice that is paid after all is paid like any other.
  if ((row.status !== 'open' && row.status !== 'uncollectible') || amountDueOf(row) > 0) return row;
  const paid = tx
    .update(invoices)
    .set({ status: 'paid', paidAt: ctx.nowIso() })
    .where(eq(invoices.id, id))
    .returning()
    .get()!;
  const today = businessToday(tx, ctx.now());
  recordEvent(tx, ctx, {
    type: 'invoice.paid',
    effectiveDate: today,
    subscriptionId: row.subscriptionId,
    memberId: row.memberId,
    invoiceId: id,
    data: { number: row.number, total: row.total },
  });
  restoreIfCaughtUp(tx, ctx, row);
  // Paid by card, link or desk: whatever chasing this invoice had is over.
  endDunning(tx, ctx, id, 'paid');
  // A desk sale's first invoice paid: only now is its subscription active.
  activateSale(tx, ctx, row, 'paid');
  ctx.changed('invoices', [id]);
  return paid;
}

/** A past-due or unpaid subscription whose overdue invoices are all settled is active again. */
function restoreIfCaughtUp(tx: Tx, ctx: Ctx, settled: InvoiceRow) {
  if (!settled.subscriptionId) return;
  const sub = tx.select().from(subscriptions).where(eq(subscriptions.id, settled.subscriptionId)).get();
  if (!sub || (sub.status !== 'past_due' && sub.status !== 'unpaid')) return;
  const today = businessToday(tx, ctx.now());
  const stillOverdue = tx
    .select({ id: invoices.id })
    .from(invoices)
    .where(
      and(
        eq(invoices.subscriptionId, sub.id),
        eq(invoices.status, 'open'),
        lt(invoices.dueDate, today),
        ne(invoices.id, settled.id),
      ),
    )
    .get();
  if (stillOverdue) return;
  transition(
    tx,
    ctx,
    sub,
    'active',
    {
      type: 'subscription.updated',
      effectiveDate: today,
      invoiceId: settled.id,
      data: { reason: 'overdue invoices settled' },
    },
    { pastDueSince: null },
  );
}

/**
 * A credit note of `amount` against an invoice. What the invoice still owes is reduced first; the
 * rest goes to the member's balance for their next invoices. Returns the credit note's id.
 */
export function issueCreditNote(tx: Tx, ctx: Ctx, invoiceId: number, amount: number, reason: string): number {
  const row = getInvoiceRow(tx, invoiceId);
  if (row.status === 'draft' || row.status === 'void') {
    throw new AppError('CONFLICT', 'Credit notes are only for finalized invoices that are not void.');
  }
  const settings = getSettings(tx);
  const onInvoice = row.status === 'open' ? Math.min(amount, amountDueOf(row)) : 0;
  const toBalance = amount - onInvoice;
  const note = tx
    .insert(creditNotes)
    .values({
      number: nextDocumentNumber(tx, 'credit_note', settings.creditNotePrefix),
      invoiceId,
      memberId: row.memberId,
      amount,
      currency: row.currency,
      reason,
      destination: 'balance',
      createdAt: ctx.nowIso(),
    })
    .returning()
    .get();
  if (onInvoice > 0) {
    tx.update(invoices)
      .set({ amountCredited: row.amountCredited + onInvoice })
      .where(eq(invoices.id, invoiceId))
      .run();
  }
  addBalanceEntry(tx, {
    memberId: row.memberId,
    amount: toBalance,
    currency: row.currency,
    reason: `Credit note ${note.number}: ${reason}`,
    invoiceId,
    creditNoteId: note.id,
    createdAt: ctx.nowIso(),
  });
  recordEvent(tx, ctx, {
    type: 'credit_note.created',
    effectiveDate: businessToday(tx, ctx.now()),
    subscriptionId: row.subscriptionId,
    memberId: row.memberId,
    invoiceId,
    data: { number: note.number, amount, onInvoice, toBalance, reason },
  });
  settleIfPaid(tx, ctx, invoiceId);
  ctx.changed('invoices', [invoiceId]);
  return note.id;
}

/** open → void or uncollectible. Credit the member had applied goes back to their balance. */
export function closeInvoice(
  tx: Tx,
  ctx: Ctx,
  id: number,
  to: 'void' | 'uncollectible',
  reason: string,
  /** Dunning marks an invoice uncollectible when retries run out without making its subscription active. */
  options: { keepSubscription?: boolean } = {},
): InvoiceRow {
  const row = getInvoiceRow(tx, id);
  if (row.status === 'draft')
    throw new AppError('CONFLICT', 'A draft is not finalized yet: delete it instead.');
  if (row.status !== 'open')
    throw new AppError('CONFLICT', `This invoice is ${row.status} and cannot change.`);
  if (to === 'void' && row.amountPaid > 0) {
    throw new AppError(
      'CONFLICT',
      'Money was paid on this invoice. Refund it first, or issue a credit note.',
    );
  }
  const now = ctx.nowIso();
  const updated = tx
    .update(invoices)
    .set(to === 'void' ? { status: 'void', voidedAt: now } : { status: 'uncollectible' })
    .where(eq(invoices.id, id))
    .returning()
    .get()!;
  if (to === 'void' && row.balanceApplied > 0) {
    addBalanceEntry(tx, {
      memberId: row.memberId,
      amount: row.balanceApplied,
      currency: row.currency,
      reason: `Invoice ${row.number} voided: credit returned`,
      invoiceId: id,
      createdAt: now,
    });
  }
  const today = businessToday(tx, ctx.now());
  recordEvent(tx, ctx, {
    type: to === 'void' ? 'invoice.voided' : 'invoice.uncollectible',
    effectiveDate: today,
    subscriptionId: row.subscriptionId,
    memberId: row.memberId,
    invoiceId: id,
    data: { number: row.number, reason },
  });
  endDunning(tx, ctx, id, to);
  // Nothing is owed on it any more, so it no longer holds the subscription past due.
  if (!options.keepSubscription) restoreIfCaughtUp(tx, ctx, row);
  ctx.changed('invoices', [id]);
  return updated;
}
