import { z } from 'zod';
import { channel } from './define';
import { empty, id, optionalText, requiredText } from './common';
import { minorUnits } from './billing';
import type { Payment } from './billing-types';

export interface PaymentMethod {
  id: number;
  memberId: number;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  isDefault: boolean;
  /** Expires this month or next: the desk should ask for a new card. */
  expiringSoon: boolean;
  expired: boolean;
  mode: 'test' | 'live';
}

export interface CardSetup {
  id: number;
  memberId: number;
  url: string;
  status: 'open' | 'complete' | 'expired' | 'failed';
  expiresAt: string;
  paymentMethod: PaymentMethod | null;
  failureMessage: string | null;
}

export interface Refund {
  id: number;
  paymentId: number;
  amount: number;
  currency: string;
  reason: string;
  method: 'card' | 'cash' | 'bank_transfer' | 'card_terminal' | 'other';
  status: 'pending' | 'succeeded' | 'failed';
  reference: string | null;
  creditNoteNumber: string | null;
  failureMessage: string | null;
  createdAt: string;
}

export interface GatewaySettings {
  /** Whether a secret key is stored; the key itself never leaves the main process. */
  hasSecretKey: boolean;
  mode: 'test' | 'live' | null;
  publishableKey: string | null;
  statementDescriptor: string | null;
  lastCheckedAt: string | null;
}

export interface ChargeOutcome {
  payment: Payment;
  /** What to tell the person at the desk, e.g. "The bank declined: not enough funds." */
  message: string;
}

export interface GatewayIssue {
  id: number;
  kind: string;
  summary: string;
  createdAt: string;
}

export const paymentChannels = {
  'paymentMethods.list': channel<PaymentMethod[]>()(z.object({ memberId: id }), 'staff'),
  /** Starts a card capture: a Stripe Checkout link to show as a QR code, open or email. */
  'paymentMethods.startSetup': channel<CardSetup>()(
    z.object({ memberId: id, makeDefault: z.boolean().default(true) }),
    'staff',
  ),
  /** Polls the capture (the UI asks every few seconds while the dialog is open). */
  'paymentMethods.setupStatus': channel<CardSetup>()(z.object({ setupId: id }), 'staff'),
  'paymentMethods.setDefault': channel<PaymentMethod>()(z.object({ id }), 'staff'),
  'paymentMethods.remove': channel<null>()(z.object({ id }), 'manager'),

  /** Charge now (or retry) an open invoice with the member's default card. */
  'invoices.charge': channel<ChargeOutcome>()(z.object({ invoiceId: id }), 'staff'),

  /** The page where the member confirms and pays an invoice their bank held for them (SCA). */
  'paymentLinks.forInvoice': channel<{
    url: string;
    status: 'open' | 'complete' | 'expired';
    amount: number;
    currency: string;
    expiresAt: string;
  } | null>()(z.object({ invoiceId: id }), 'staff'),

  'refunds.create': channel<Refund>()(
    z.object({
      paymentId: id,
      /** Omitted: everything still refundable. */
      amount: minorUnits('Amount').min(1, 'Enter an amount above zero').optional(),
      reason: requiredText(300, 'Reason'),
      /** Desk payments are refunded at the desk: how the money went back. Cards go back to the card. */
      method: z.enum(['cash', 'bank_transfer', 'card_terminal', 'other']).optional(),
      reference: optionalText(100, 'Reference'),
    }),
    'manager',
  ),
  /** Pays a member's credit balance out as money (cash, bank transfer…): the balance goes down by it. */
  'refunds.payOutBalance': channel<{ balance: number }>()(
    z.object({
      memberId: id,
      amount: minorUnits('Amount').min(1, 'Enter an amount above zero'),
      method: z.enum(['cash', 'bank_transfer', 'card_terminal', 'other'], {
        error: 'Choose how the money went back',
      }),
      reference: optionalText(100, 'Reference'),
      reason: requiredText(300, 'Reason'),
    }),
    'manager',
  ),
  'refunds.list': channel<Refund[]>()(
    z.object({ paymentId: id.optional(), memberId: id.optional() }),
    'staff',
  ),

  'gateway.settings': channel<GatewaySettings>()(empty, 'owner'),
  'gateway.saveKeys': channel<GatewaySettings>()(
    z.object({
      /** Omitted: keep the stored key (to change only the publishable key or the descriptor). */
      secretKey: z.string().trim().min(1, 'Paste the secret key').max(300).optional(),
      publishableKey: z
        .string()
        .trim()
        .regex(/^pk_(test|live)_[A-Za-z0-9]+$/, 'A publishable key starts with pk_test_ or pk_live_')
        .optional(),
      statementDescriptor: z
        .string()
        .trim()
        .max(22, 'At most 22 characters')
        .regex(/^[^<>\\'"*]*$/, 'No < > \\ \' " or *')
        .optional(),
    }),
    'owner',
  ),
  'gateway.testConnection': channel<{ ok: true; account: string | null; mode: 'test' | 'live' }>()(
    empty,
    'owner',
  ),
  /** Settles pending attempts and reads the gateway's events since the last time (also run at start-up). */
  'gateway.reconcile': channel<{ settled: number; events: number; issues: number }>()(empty, 'manager'),
  'gateway.issues': channel<GatewayIssue[]>()(empty, 'manager'),
};
