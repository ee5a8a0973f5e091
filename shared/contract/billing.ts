import { z } from 'zod';
import { channel } from './define';
import { byId, calendarDate, empty, id, optionalText, paging, requiredText, updateFields } from './common';
import { currencyCode } from './auth';
import type { Coupon, Plan, TaxRate } from './billing-types';

/** Largest amount Recur accepts anywhere: 10 million in major units of a 2-digit currency. */
export const MAX_MINOR = 1_000_000_000;

export const minorUnits = (label: string) =>
  z
    .number({ error: `Enter ${label.toLowerCase()}` })
    .int(`${label} must be in whole cents (minor units)`)
    .min(0, `${label} cannot be negative`)
    .max(MAX_MINOR, `${label} is too large`);

export const intervalUnit = z.enum(['day', 'week', 'month', 'year'], {
  error: 'Choose day, week, month or year',
});

const usageAllowance = z.object({
  metric: z
    .string()
    .trim()
    .min(1, 'Name the metric (e.g. classes)')
    .max(40)
    .regex(/^[\p{L}\p{N} _-]+$/u, 'Use letters, digits, spaces, dashes'),
  included: z.number().int('Use whole numbers').min(0, 'Cannot be negative').max(1_000_000),
  overageUnitPrice: minorUnits('Overage price'),
});

const planFields = {
  name: requiredText(80, 'Plan name'),
  description: optionalText(500, 'Description'),
  price: minorUnits('Price'),
  currency: currencyCode,
  interval: intervalUnit,
  intervalCount: z
    .number({ error: 'Enter how many intervals' })
    .int('Use a whole number')
    .min(1, 'Bill at least every 1 interval')
    .max(36, 'At most 36'),
  trialDays: z
    .number()
    .int('Use whole days')
    .min(0, 'Cannot be negative')
    .max(365, 'At most 365 days')
    .default(0),
  setupFee: minorUnits('Setup fee').default(0),
  taxRateId: id.nullable().default(null),
  features: z.array(z.string().trim().min(1).max(120)).max(30).default([]),
  usage: z.array(usageAllowance).max(10).default([]),
  minimumTermCycles: z.number().int().min(0, 'Cannot be negative').max(120).default(0),
  termEnd: z.enum(['renew', 'expire']).default('renew'),
  refundPolicy: z.enum(['none', 'prorated', 'full_within_days']).default('none'),
  refundDays: z.number().int().min(0).max(365).default(0),
  pausable: z.boolean().default(true),
  graceDays: z.number().int().min(0, 'Cannot be negative').max(90, 'At most 90 days').default(7),
};

/**
 * A new plan may leave out its currency (the business's is used: plans are priced in it) and how
 * many intervals it bills for (1: every month, every year…). Only here: plans.update keeps what it
 * is not sent.
 */
const planInput = z
  .object({
    ...planFields,
    currency: currencyCode.optional(),
    intervalCount: planFields.intervalCount.default(1),
  })
  .refine((p) => p.refundPolicy !== 'full_within_days' || p.refundDays > 0, {
    message: 'Give the number of days a full refund is possible',
    path: ['refundDays'],
  });

export const billingSetupChannels = {
  'taxRates.list': channel<TaxRate[]>()(z.object({ includeArchived: z.boolean().default(false) }), 'staff'),
  'taxRates.create': channel<TaxRate>()(
    z.object({
      name: requiredText(60, 'Tax name'),
      rateBps: z
        .number({ error: 'Enter the rate' })
        .int('Use basis points: 8.25% is 825')
        .min(0, 'Cannot be negative')
        .max(10_000, 'At most 100%'),
      inclusive: z.boolean(),
      isDefault: z.boolean().default(false),
    }),
    'manager',
  ),
  'taxRates.setDefault': channel<TaxRate>()(byId, 'manager'),
  'taxRates.archive': channel<TaxRate>()(byId, 'manager'),

  'coupons.list': channel<Coupon[]>()(z.object({ includeArchived: z.boolean().default(false) }), 'staff'),
  'coupons.create': channel<Coupon>()(
    z
      .object({
        code: z
          .string()
          .trim()
          .toUpperCase()
          .min(2, 'Codes are at least 2 characters')
          .max(30)
          .regex(/^[A-Z0-9_-]+$/, 'Use letters, digits, dashes and underscores'),
        kind: z.enum(['percent', 'fixed']),
        percentBps: z
          .number()
          .int('Use basis points: 15% is 1500')
          .min(1)
          .max(10_000, 'At most 100%')
          .optional(),
        amountOff: minorUnits('Amount off').optional(),
        currency: currencyCode.optional(),
        duration: z.enum(['once', 'repeating', 'forever']),
        durationCycles: z.number().int().min(1, 'At least 1 cycle').max(120).optional(),
        maxRedemptions: z.number().int().min(1, 'At least 1').max(1_000_000).optional(),
        expiresOn: calendarDate.optional(),
      })
      .superRefine((c, ctx) => {
        if (c.kind === 'percent' && !c.percentBps) {
          ctx.addIssue({ code: 'custom', path: ['percentBps'], message: 'Enter the percentage off' });
        }
        if (c.kind === 'fixed' && !c.amountOff) {
          ctx.addIssue({ code: 'custom', path: ['amountOff'], message: 'Enter the amount off' });
        }
        if (c.duration === 'repeating' && !c.durationCycles) {
          ctx.addIssue({ code: 'custom', path: ['durationCycles'], message: 'Enter for how many cycles' });
        }
      }),
    'manager',
  ),
  'coupons.archive': channel<Coupon>()(byId, 'manager'),

  'plans.list': channel<Plan[]>()(
    z.object({
      status: z.enum(['active', 'archived', 'all']).default('active'),
      query: z.string().trim().max(100).optional(),
    }),
    'staff',
  ),
  'plans.get': channel<Plan>()(byId, 'staff'),
  'plans.create': channel<Plan>()(planInput, 'manager'),
  'plans.update': channel<Plan>()(
    z.object({
      id,
      ...updateFields(planFields),
      /**
       * Required when the price changes and the plan has subscribers: whether the new price is for new
       * subscriptions only or also for existing ones from their next renewal.
       */
      applyPriceTo: z.enum(['new_only', 'existing_too']).optional(),
    }),
    'manager',
  ),
  'plans.archive': channel<Plan>()(byId, 'manager'),
  'plans.restore': channel<Plan>()(byId, 'manager'),
};

export { paging, empty };
