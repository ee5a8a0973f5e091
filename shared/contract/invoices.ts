import { z } from 'zod';
import { channel } from './define';
import { calendarDate, id, optionalText, paging, requiredText } from './common';
import { MAX_MINOR, minorUnits } from './billing';
import type { CreditNote, Invoice, InvoiceDetail, MemberBilling, Payment } from './billing-types';
import type { Page } from './types';

const customLine = z.object({
  description: requiredText(200, 'Description'),
  quantity: z.number().int('Use whole numbers').min(1, 'At least 1').max(10_000),
  unitAmount: minorUnits('Unit price'),
  taxRateId: id.nullable().default(null),
});

export const invoiceChannels = {
  'invoices.list': channel<Page<Invoice>>()(
    z.object({
      memberId: id.optional(),
      subscriptionId: id.optional(),
      status: z.enum(['draft', 'open', 'paid', 'void', 'uncollectible', 'all']).default('all'),
      /** An invoice number (or its digits) or the member's name. */
      query: z.string().trim().max(100).optional(),
      ...paging,
    }),
    'staff',
  ),
  'invoices.get': channel<InvoiceDetail>()(z.object({ id }), 'staff'),
  /** A one-off invoice (a product, a late fee); starts as a draft. */
  'invoices.createDraft': channel<InvoiceDetail>()(
    z.object({
      memberId: id,
      lines: z.array(customLine).min(1, 'Add at least one line').max(100),
      memo: optionalText(1000, 'Memo'),
      dueDate: calendarDate.optional(),
    }),
    'manager',
  ),
  'invoices.updateDraft': channel<InvoiceDetail>()(
    z.object({
      id,
      lines: z.array(customLine).min(1, 'Add at least one line').max(100),
      memo: optionalText(1000, 'Memo'),
      dueDate: calendarDate.optional(),
    }),
    'manager',
  ),
  'invoices.deleteDraft': channel<null>()(z.object({ id }), 'manager'),
  'invoices.finalize': channel<InvoiceDetail>()(z.object({ id }), 'manager'),
  'invoices.void': channel<InvoiceDetail>()(z.object({ id, reason: requiredText(500, 'Reason') }), 'manager'),
  'invoices.markUncollectible': channel<InvoiceDetail>()(
    z.object({ id, reason: requiredText(500, 'Reason') }),
    'manager',
  ),

  'payments.record': channel<Payment>()(
    z.object({
      invoiceId: id,
      amount: minorUnits('Amount').min(1, 'Enter an amount above zero').max(MAX_MINOR),
      method: z.enum(['cash', 'bank_transfer', 'card_terminal', 'other'], {
        error: 'Choose how it was paid',
      }),
      reference: optionalText(100, 'Reference'),
      /** Paying more than is due puts the rest on the member's balance; the desk must confirm that. */
      confirmOverpayment: z.boolean().default(false),
    }),
    'staff',
  ),
  'payments.list': channel<Page<Payment>>()(
    z.object({
      memberId: id.optional(),
      invoiceId: id.optional(),
      status: z.enum(['pending', 'succeeded', 'failed', 'requires_action', 'refunded', 'all']).default('all'),
      method: z.enum(['cash', 'bank_transfer', 'card_terminal', 'other', 'card']).optional(),
      /** The member (name, number, email), an invoice number, or a gateway transaction id. */
      query: z.string().trim().max(100).optional(),
      ...paging,
    }),
    'staff',
  ),
  'creditNotes.list': channel<CreditNote[]>()(
    z.object({ memberId: id.optional(), invoiceId: id.optional() }),
    'staff',
  ),
  'billing.memberSummary': channel<MemberBilling>()(z.object({ memberId: id }), 'staff'),
};
