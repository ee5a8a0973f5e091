import type { InputOf } from '../../../../shared/contract';

export type SubscriptionFilter = Pick<
  InputOf<'subscriptions.list'>,
  'memberId' | 'planId' | 'status' | 'query'
>;
export type InvoiceFilter = Pick<
  InputOf<'invoices.list'>,
  'memberId' | 'subscriptionId' | 'status' | 'query'
>;
export type PaymentFilter = Pick<InputOf<'payments.list'>, 'memberId' | 'invoiceId' | 'status'>;
export type PreviewInput = InputOf<'subscriptions.preview'>;

/**
 * Query keys start with the domain the core names in its `changed` events (plans, taxRates, coupons,
 * subscriptions, invoices, payments), so app/coreEvents refreshes exactly what a change made stale.
 * `billing` holds a member's balance, `creditNotes` and `usage` ride on invoices and subscriptions.
 */
export const billingKeys = {
  plans: (status: 'active' | 'archived' | 'all', query?: string) =>
    ['plans', 'list', status, query ?? ''] as const,
  plan: (id: number) => ['plans', 'detail', id] as const,
  taxRates: (includeArchived: boolean) => ['taxRates', includeArchived] as const,
  coupons: (includeArchived: boolean) => ['coupons', includeArchived] as const,
  subscriptions: (filter: SubscriptionFilter, page: number) =>
    ['subscriptions', 'list', filter, page] as const,
  subscription: (id: number) => ['subscriptions', 'detail', id] as const,
  subscriptionCount: (status: SubscriptionFilter['status']) => ['subscriptions', 'count', status] as const,
  events: (id: number) => ['subscriptions', 'events', id] as const,
  preview: (input: PreviewInput) => ['subscriptions', 'preview', input] as const,
  usage: (subscriptionId: number) => ['usage', subscriptionId] as const,
  invoices: (filter: InvoiceFilter, page: number) => ['invoices', 'list', filter, page] as const,
  invoiceCounts: (query: string) => ['invoices', 'counts', query] as const,
  subscriptionCounts: (filter: Omit<SubscriptionFilter, 'status'>) =>
    ['subscriptions', 'counts', filter] as const,
  invoice: (id: number) => ['invoices', 'detail', id] as const,
  payments: (filter: PaymentFilter) => ['payments', 'list', filter] as const,
  creditNotes: (filter: { memberId?: number; invoiceId?: number }) => ['creditNotes', filter] as const,
  memberSummary: (memberId: number) => ['billing', 'member', memberId] as const,
};

export const PAGE_SIZE = 100;
