import type { z } from 'zod';
import { channel } from './define';
import { invoiceChannels } from './invoices';
import { memberFilter } from './members';
import { subscriptionChannels } from './subscriptions';

/*
 * The numbers on a list's status tabs, counted by the core in one query per list (not by fetching a
 * page per tab). Each takes the same filters as its list, without the status and paging, so the
 * counts always describe what the tabs would show.
 */

const withoutStatus = { status: true, limit: true, offset: true } as const;

type StatusOf<C extends { input: z.ZodType }> =
  z.output<C['input']> extends { status?: infer S } ? NonNullable<S> & string : never;
type Counts<S extends string> = Record<S, number>;

export type InvoiceCounts = Counts<StatusOf<(typeof invoiceChannels)['invoices.list']>>;
export type PaymentCounts = Counts<StatusOf<(typeof invoiceChannels)['payments.list']>>;
export type SubscriptionCounts = Counts<StatusOf<(typeof subscriptionChannels)['subscriptions.list']>>;
/** Per membership, plus `all`; within the member status (active, archived or all), tag and search. */
export type MembershipCounts = Counts<z.output<typeof memberFilter>['membership'] & string> & { all: number };

export const countChannels = {
  'invoices.counts': channel<InvoiceCounts>()(
    invoiceChannels['invoices.list'].input.omit(withoutStatus),
    'staff',
  ),
  /** `refunded` counts payments with any refund, whatever their status, as the list's tab does. */
  'payments.counts': channel<PaymentCounts>()(
    invoiceChannels['payments.list'].input.omit(withoutStatus),
    'staff',
  ),
  /** `live` is trialing, active, past due, unpaid and paused, as the list's tab is. */
  'subscriptions.counts': channel<SubscriptionCounts>()(
    subscriptionChannels['subscriptions.list'].input.omit(withoutStatus),
    'staff',
  ),
  'members.counts': channel<MembershipCounts>()(memberFilter.omit({ membership: true, sort: true }), 'staff'),
};
