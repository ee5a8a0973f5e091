import { z } from 'zod';
import { channel } from './define';
import { byId, calendarDate, id, optionalText, paging } from './common';
import { memberInput } from './members';
import type { BillingPreview, Payment, SubscriptionStatus } from './billing-types';
import type { Page } from './types';

/**
 * One checkout at the desk (DESIGN §5): member (existing or new) + plan, start and coupon → the exact
 * preview → a sale that starts `incomplete` → paid by card, at the desk, or "pay later".
 */
export interface Sale {
  id: number;
  status: 'open' | 'completed' | 'expired' | 'canceled';
  /** How a completed sale was settled. */
  outcome: 'paid' | 'pay_later' | 'trial' | 'free' | null;
  memberId: number;
  memberName: string;
  memberEmail: string | null;
  subscriptionId: number;
  subscriptionStatus: SubscriptionStatus;
  planName: string;
  invoiceId: number | null;
  invoiceNumber: string | null;
  currency: string;
  total: number;
  amountDue: number;
  /** Every attempt and payment on the sale's invoice, declines included. */
  payments: Payment[];
  /** The payment that settled it: the one a receipt is made of. */
  receiptPaymentId: number | null;
  /** The member's page to confirm a card payment their bank held (SCA), while it waits. */
  paymentLink: { url: string; status: 'open' | 'complete' | 'expired'; expiresAt: string } | null;
  /** When an open sale ends by itself. */
  expiresAt: string;
  createdAt: string;
  completedAt: string | null;
  endedAt: string | null;
  endReason: string | null;
}

export interface SalePayResult {
  sale: Sale;
  /** What happened, in words for the desk: "$30.00 was charged to the card." or the decline reason. */
  message: string;
  result: 'paid' | 'pay_later' | 'declined' | 'requires_action' | 'already_completed';
}

const couponCode = z
  .string()
  .trim()
  .toUpperCase()
  .max(30)
  .optional()
  .transform((v) => v || undefined);

/** What is sold: an existing member or a new one made in the same transaction, a plan, a start, a coupon. */
export const saleInput = z
  .object({
    memberId: id.optional(),
    newMember: memberInput.optional(),
    planId: id,
    startDate: calendarDate.optional(),
    billingDay: z
      .number()
      .int()
      .min(1, 'Choose a day from 1 to 31')
      .max(31, 'Choose a day from 1 to 31')
      .optional(),
    couponCode,
    /** How renewals are paid; default: the card on file when there is one, else at the desk. */
    collection: z.enum(['automatic', 'manual']).optional(),
  })
  .refine((s) => (s.memberId === undefined) !== (s.newMember === undefined), {
    message: 'Choose a member, or enter a new one',
    path: ['memberId'],
  });

const deskMethod = z.enum(['cash', 'card_terminal', 'bank_transfer']);

export const salePayInput = z.discriminatedUnion('method', [
  z.object({
    saleId: id,
    method: z.literal('card'),
    /** A card on file; omitted: the member's default card. A new card is added first (paymentMethods.startSetup). */
    paymentMethodId: id.optional(),
  }),
  z.object({ saleId: id, method: deskMethod, reference: optionalText(100, 'Reference') }),
  z.object({ saleId: id, method: z.literal('pay_later') }),
]);

export const saleChannels = {
  /** The exact lines, tax and totals of the sale, computed by running it and rolling it back. */
  'sales.preview': channel<BillingPreview>()(saleInput, 'staff'),
  /**
   * Creates the member (if new), the subscription (`incomplete`, or `trialing` for a trial) and its
   * finalized first invoice, in one transaction. `requestKey` makes a repeat return the same sale.
   */
  'sales.create': channel<Sale>()(
    saleInput.and(
      z.object({
        requestKey: z
          .string()
          .trim()
          .min(8, 'A request key of at least 8 characters')
          .max(100)
          .regex(/^[A-Za-z0-9_-]+$/, 'Letters, digits, dashes and underscores'),
      }),
    ),
    'staff',
  ),
  /** Takes the sale's payment (card now, through the three-step protocol; desk money; or pay later). */
  'sales.pay': channel<SalePayResult>()(salePayInput, 'staff'),
  /**
   * A member's sales, or the sale that started a subscription, newest first; `status: 'open'` finds an
   * unpaid one to take the payment of (or cancel) after the desk closed the checkout.
   */
  'sales.list': channel<Page<Sale>>()(
    z
      .object({
        memberId: id.optional(),
        subscriptionId: id.optional(),
        status: z.enum(['open', 'completed', 'expired', 'canceled']).optional(),
        ...paging,
      })
      .refine((v) => v.memberId !== undefined || v.subscriptionId !== undefined, {
        message: 'Choose a member or a subscription',
        path: ['memberId'],
      }),
    'staff',
  ),
  /** The sale as it is now (asks Stripe about an open SCA page first). */
  'sales.get': channel<Sale>()(byId, 'staff'),
  /** Ends an unpaid sale now: invoice voided, coupon released, subscription `incomplete_expired`. */
  'sales.cancel': channel<Sale>()(z.object({ id, reason: optionalText(300, 'Reason') }), 'staff'),
};
