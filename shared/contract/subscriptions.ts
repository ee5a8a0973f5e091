import { z } from 'zod';
import { channel } from './define';
import { calendarDate, id, optionalText, paging } from './common';
import type { BillingEvent, BillingPreview, Subscription, UsageRecord } from './billing-types';
import type { Page } from './types';

const reason = z.string().trim().min(1, 'Give a reason (it goes on the record)').max(500);

const createInput = z.object({
  memberId: id,
  planId: id,
  startDate: calendarDate.optional(),
  billingDay: z
    .number()
    .int()
    .min(1, 'Choose a day from 1 to 31')
    .max(31, 'Choose a day from 1 to 31')
    .optional(),
  couponCode: z
    .string()
    .trim()
    .toUpperCase()
    .max(30)
    .optional()
    .transform((v) => v || undefined),
  collection: z.enum(['automatic', 'manual']).default('manual'),
});

const changePlanInput = z.object({
  id,
  planId: id,
  when: z.enum(['now', 'period_end']).default('period_end'),
});
const cancelInput = z.object({ id, when: z.enum(['now', 'period_end']), reason });
const pauseInput = z
  .object({
    id,
    days: z.number().int().min(1, 'Pause for at least 1 day').max(365, 'At most 365 days').optional(),
    until: calendarDate.optional(),
    reason,
  })
  .refine((p) => (p.days === undefined) !== (p.until === undefined), {
    message: 'Give either a number of days or a date to resume',
    path: ['days'],
  });
const extendTrialInput = z.object({ id, days: z.number().int().min(1).max(365) });

export const subscriptionActions = {
  create: createInput,
  changePlan: changePlanInput,
  cancel: cancelInput,
  pause: pauseInput,
  resume: z.object({ id }),
  reactivate: z.object({ id }),
  extendTrial: extendTrialInput,
};

export const subscriptionChannels = {
  'subscriptions.list': channel<Page<Subscription>>()(
    z.object({
      memberId: id.optional(),
      planId: id.optional(),
      status: z
        .enum([
          'trialing',
          'active',
          'past_due',
          'unpaid',
          'paused',
          'canceled',
          'expired',
          'incomplete',
          'incomplete_expired',
          'live',
          'all',
        ])
        .default('all'),
      query: z.string().trim().max(100).optional(),
      ...paging,
    }),
    'staff',
  ),
  'subscriptions.get': channel<Subscription>()(z.object({ id }), 'staff'),
  'subscriptions.events': channel<BillingEvent[]>()(z.object({ id }), 'staff'),
  /** The exact lines, tax and totals of an action before it is confirmed. */
  'subscriptions.preview': channel<BillingPreview>()(
    z
      .discriminatedUnion('action', [
        createInput.extend({ action: z.literal('create') }),
        changePlanInput.extend({ action: z.literal('changePlan') }),
        cancelInput.extend({ action: z.literal('cancel'), reason: reason.optional().default('preview') }),
        z.object({
          action: z.literal('pause'),
          id,
          days: z.number().int().min(1).max(365).optional(),
          until: calendarDate.optional(),
        }),
        z.object({ action: z.literal('resume'), id }),
        z.object({ action: z.literal('reactivate'), id }),
        extendTrialInput.extend({ action: z.literal('extendTrial') }),
      ])
      // The same rule as subscriptions.pause: a preview of a pause needs to know how long it lasts.
      .refine((p) => p.action !== 'pause' || (p.days === undefined) !== (p.until === undefined), {
        message: 'Give either a number of days or a date to resume',
        path: ['days'],
      }),
    'staff',
  ),
  'subscriptions.create': channel<Subscription>()(createInput, 'staff'),
  'subscriptions.changePlan': channel<Subscription>()(changePlanInput, 'manager'),
  'subscriptions.cancel': channel<Subscription>()(cancelInput, 'manager'),
  'subscriptions.pause': channel<Subscription>()(pauseInput, 'staff'),
  'subscriptions.resume': channel<Subscription>()(z.object({ id }), 'staff'),
  // One click at the desk (issue 8): staff bring back an expired or canceled membership.
  'subscriptions.reactivate': channel<Subscription>()(z.object({ id }), 'staff'),
  'subscriptions.extendTrial': channel<Subscription>()(extendTrialInput, 'manager'),

  'usage.record': channel<UsageRecord>()(
    z.object({
      subscriptionId: id,
      metric: z.string().trim().min(1).max(40),
      quantity: z.number().int('Use whole numbers').min(1, 'At least 1').max(100_000),
      note: optionalText(200, 'Note'),
    }),
    'staff',
  ),
  'usage.list': channel<UsageRecord[]>()(z.object({ subscriptionId: id }), 'staff'),
};
