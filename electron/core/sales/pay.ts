import { eq } from 'drizzle-orm';
import { subscriptions } from '../../../db/schema';
import type { ParsedInputOf, SalePayResult } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { formatMoney } from '../../../shared/money';
import { recordAudit } from '../audit/record';
import type { Ctx } from '../context';
import { paymentHandlers } from '../invoices/handlers';
import { amountDueOf, getInvoiceRow } from '../invoices/repo';
import { chargeInvoice } from '../payments/charge';
import { getSettings } from '../settings/repo';
import { activateSale } from './activate';
import { getSale, getSaleRow, type SaleRow } from './repo';

type PayInput = ParsedInputOf<'sales.pay'>;

const DESK_WORDS = {
  cash: 'in cash',
  card_terminal: 'on the card terminal',
  bank_transfer: 'by bank transfer',
};

/** An open sale and its invoice, or why it cannot be paid. */
function openSale(sale: SaleRow): number {
  if (sale.status === 'expired')
    throw new AppError('CONFLICT', 'This sale ended unpaid after 23 hours. Start a new sale.');
  if (sale.status === 'canceled') throw new AppError('CONFLICT', 'This sale was canceled. Start a new sale.');
  return sale.invoiceId!;
}

/**
 * Takes a sale's first payment. A card is charged at once through the three-step protocol (DESIGN §6);
 * desk money is recorded like any desk payment; "pay later" activates with the invoice left open.
 * Whatever records the money activates the sale (see activate.ts); a decline leaves it open for
 * another card or method. A repeat after completion answers with the completed sale.
 */
export async function paySale(ctx: Ctx, input: PayInput): Promise<SalePayResult> {
  const sale = getSaleRow(ctx.db, input.saleId);
  if (sale.status === 'completed') {
    return {
      sale: getSale(ctx.db, sale.id),
      message: 'This sale is already complete.',
      result: 'already_completed',
    };
  }
  const invoiceId = openSale(sale);
  const { locale } = getSettings(ctx.db);

  if (input.method === 'card') {
    const outcome = await chargeInvoice(ctx, invoiceId, input.paymentMethodId);
    const status = outcome.payment.status;
    ctx.changed('sales', [sale.id]);
    return {
      sale: getSale(ctx.db, sale.id),
      message: outcome.message,
      result: status === 'succeeded' ? 'paid' : status === 'requires_action' ? 'requires_action' : 'declined',
    };
  }

  const message = ctx.write((tx) => {
    const fresh = getSaleRow(tx, sale.id);
    if (fresh.status === 'completed') return null;
    openSale(fresh);
    const invoice = getInvoiceRow(tx, invoiceId);
    const due = amountDueOf(invoice);
    const money = formatMoney(due, invoice.currency, locale);
    if (input.method === 'pay_later') {
      if (!getSettings(tx).deskPayLater) {
        throw new AppError('CONFLICT', 'Selling with the invoice to pay later is turned off in Settings.', {
          method: 'Turned off in Settings',
        });
      }
      // Paid at the desk later: automatic collection would charge it at once.
      tx.update(subscriptions)
        .set({ collection: 'manual' })
        .where(eq(subscriptions.id, fresh.subscriptionId))
        .run();
      activateSale(tx, ctx, invoice, 'pay_later');
      recordAudit(tx, ctx, {
        entity: 'invoice',
        entityId: invoice.id,
        action: 'sold to pay later',
        after: { number: invoice.number, due },
      });
      return `Active now. Invoice ${invoice.number} (${money}) is due by ${invoice.dueDate}.`;
    }
    // The desk payment is recorded as payments.record does it (one path for desk money), nested in
    // this transaction; settling the invoice activates the sale.
    paymentHandlers['payments.record'](ctx, {
      invoiceId,
      amount: due,
      method: input.method,
      reference: input.reference,
      confirmOverpayment: false,
    });
    return `${money} received ${DESK_WORDS[input.method]}.`;
  });
  ctx.changed('sales', [sale.id]);
  ctx.changed('subscriptions', [sale.subscriptionId]);
  if (message === null) {
    return {
      sale: getSale(ctx.db, sale.id),
      message: 'This sale is already complete.',
      result: 'already_completed',
    };
  }
  return {
    sale: getSale(ctx.db, sale.id),
    message,
    result: input.method === 'pay_later' ? 'pay_later' : 'paid',
  };
}
