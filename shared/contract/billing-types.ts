import type { IntervalUnit } from '../calendar';

/** Output shapes of the billing channels. Money: integer minor units; dates: YYYY-MM-DD. */

export interface TaxRate {
  id: number;
  name: string;
  rateBps: number;
  inclusive: boolean;
  isDefault: boolean;
  status: 'active' | 'archived';
}

export interface UsageAllowance {
  metric: string;
  included: number;
  overageUnitPrice: number;
}

export type SubscriptionStatus =
  | 'trialing'
  | 'active'
  | 'past_due'
  | 'unpaid'
  | 'paused'
  | 'canceled'
  | 'expired'
  /** Sold at the desk; nothing is active until its first payment is in (Stripe's `incomplete`). */
  | 'incomplete'
  /** A desk sale left unpaid for 23 hours: its invoice voided, its coupon released. */
  | 'incomplete_expired';

export interface Plan {
  id: number;
  name: string;
  description: string | null;
  price: number;
  currency: string;
  interval: IntervalUnit;
  intervalCount: number;
  trialDays: number;
  setupFee: number;
  taxRateId: number | null;
  features: string[];
  usage: UsageAllowance[];
  minimumTermCycles: number;
  termEnd: 'renew' | 'expire';
  refundPolicy: 'none' | 'prorated' | 'full_within_days';
  refundDays: number;
  pausable: boolean;
  graceDays: number;
  status: 'active' | 'archived';
  /** Subscriptions that are not canceled or expired. */
  liveSubscriptions: number;
  createdAt: string;
}

export interface Coupon {
  id: number;
  code: string;
  kind: 'percent' | 'fixed';
  percentBps: number | null;
  amountOff: number | null;
  currency: string | null;
  duration: 'once' | 'repeating' | 'forever';
  durationCycles: number | null;
  maxRedemptions: number | null;
  redemptions: number;
  expiresOn: string | null;
  status: 'active' | 'archived';
}

export interface Subscription {
  id: number;
  memberId: number;
  memberName: string;
  memberNumber: string;
  planId: number;
  planName: string;
  status: SubscriptionStatus;
  collection: 'automatic' | 'manual';
  price: number;
  currency: string;
  interval: IntervalUnit;
  intervalCount: number;
  startDate: string;
  trialEnd: string | null;
  currentPeriodStart: string;
  currentPeriodEnd: string;
  billingDay: number | null;
  cyclesBilled: number;
  couponCode: string | null;
  cancelAtPeriodEnd: boolean;
  cancelReason: string | null;
  canceledAt: string | null;
  endedOn: string | null;
  pendingPlan: { id: number; name: string } | null;
  pausedOn: string | null;
  resumeOn: string | null;
  pauseReason: string | null;
  pastDueSince: string | null;
  createdAt: string;
}

export interface InvoiceLine {
  id: number;
  kind: 'plan' | 'proration' | 'setup_fee' | 'usage' | 'custom';
  description: string;
  periodStart: string | null;
  periodEnd: string | null;
  quantity: number;
  unitAmount: number;
  amount: number;
  discountAmount: number;
  taxRateId: number | null;
  taxName: string | null;
  taxRateBps: number;
  taxInclusive: boolean;
  taxAmount: number;
  total: number;
}

export type InvoiceStatus = 'draft' | 'open' | 'paid' | 'void' | 'uncollectible';

export interface Invoice {
  id: number;
  number: string | null;
  memberId: number;
  memberName: string;
  subscriptionId: number | null;
  status: InvoiceStatus;
  reason: 'subscription_create' | 'subscription_cycle' | 'subscription_update' | 'manual';
  currency: string;
  subtotal: number;
  discountTotal: number;
  taxTotal: number;
  total: number;
  balanceApplied: number;
  amountPaid: number;
  amountRefunded: number;
  amountCredited: number;
  /** total − balance applied − paid − credited; what the member still owes. */
  amountDue: number;
  issueDate: string | null;
  dueDate: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  memo: string | null;
  createdAt: string;
  finalizedAt: string | null;
  paidAt: string | null;
  voidedAt: string | null;
}

export interface TaxBreakdownRow {
  name: string;
  rateBps: number;
  inclusive: boolean;
  taxable: number;
  tax: number;
}

export interface Payment {
  id: number;
  invoiceId: number | null;
  invoiceNumber: string | null;
  memberId: number;
  memberName: string;
  amount: number;
  currency: string;
  method: 'cash' | 'bank_transfer' | 'card_terminal' | 'other' | 'card';
  status: 'pending' | 'succeeded' | 'failed' | 'requires_action';
  reference: string | null;
  /** The gateway's codes (`card_declined`, `insufficient_funds`) and a reason a shop owner understands. */
  failureCode: string | null;
  declineCode: string | null;
  failureMessage: string | null;
  amountRefunded: number;
  /** The card it was charged to (card payments only). */
  card: { brand: string; last4: string } | null;
  /** Stripe's PaymentIntent id, for looking it up in the Stripe dashboard. */
  gatewayId: string | null;
  createdAt: string;
}

export interface CreditNote {
  id: number;
  number: string;
  invoiceId: number;
  invoiceNumber: string | null;
  amount: number;
  currency: string;
  reason: string;
  destination: 'balance' | 'refund';
  createdAt: string;
}

export interface PartySnapshot {
  name: string;
  number?: string;
  email?: string | null;
  phone?: string | null;
  address?: Record<string, string | undefined>;
  taxId?: string | null;
}

export interface InvoiceDetail extends Invoice {
  lines: InvoiceLine[];
  taxBreakdown: TaxBreakdownRow[];
  payments: Payment[];
  creditNotes: CreditNote[];
  member: PartySnapshot | null;
  business: PartySnapshot | null;
}

export interface BillingEvent {
  id: number;
  type: string;
  subscriptionId: number | null;
  invoiceId: number | null;
  effectiveDate: string;
  summary: string;
  createdAt: string;
}

export interface PreviewLine {
  kind: InvoiceLine['kind'];
  description: string;
  periodStart: string | null;
  periodEnd: string | null;
  quantity: number;
  unitAmount: number;
  amount: number;
  discountAmount: number;
  taxAmount: number;
  total: number;
}

/** What an action will do, computed by running it and rolling it back (so it cannot differ). */
export interface BillingPreview {
  summary: string;
  effectiveDate: string;
  currency: string;
  lines: PreviewLine[];
  subtotal: number;
  discountTotal: number;
  taxTotal: number;
  total: number;
  balanceApplied: number;
  amountDue: number;
  /** Credit that goes to the member's balance (downgrades now, cancellations with refunds). */
  balanceCredit: number;
  status: SubscriptionStatus | null;
  nextBillingDate: string | null;
}

export interface MemberBilling {
  balance: number;
  currency: string;
  openInvoices: number;
  amountDue: number;
}

export interface UsageRecord {
  id: number;
  subscriptionId: number;
  metric: string;
  quantity: number;
  usageDate: string;
  billed: boolean;
}
