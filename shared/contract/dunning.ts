import { z } from 'zod';
import { channel } from './define';
import { empty, id, optionalText, paging, requiredText } from './common';
import type { Page } from './types';

/** Stripe's own limits (docs.stripe.com/rate-limits): 25/s in test mode, 100/s live; we stay below. */
export const DEFAULT_STRIPE_RATE = { test: 20, live: 80 } as const;
export const MAX_RETRY_DAY = 60;

/** How failed card payments are chased (Settings → Billing). */
export interface DunningPolicy {
  /** Days after the first decline when the card is tried again, strictly increasing (default 1, 4, 10). */
  retryDays: number[];
  /** When the last retry fails: mark the subscription unpaid, cancel it, or leave it past due. */
  whenExhausted: 'unpaid' | 'cancel' | 'past_due';
  /** Also mark the invoice uncollectible when retries run out. */
  markUncollectible: boolean;
  /** Outgoing Stripe requests per second; null = 20 with test keys, 80 with live keys. */
  stripeRequestsPerSecond: number | null;
}

export const retryDaysInput = z
  .array(
    z
      .number({ error: 'Enter a number of days' })
      .int('Use whole days')
      .min(1, 'A retry is at least 1 day after the first decline')
      .max(MAX_RETRY_DAY, `A retry is at most ${MAX_RETRY_DAY} days after the first decline`),
  )
  .min(1, 'Keep at least one retry')
  .max(8, 'At most 8 retries')
  .refine((days) => days.every((d, i) => i === 0 || d > days[i - 1]!), {
    message: 'Each retry must come later than the one before (for example 1, 4, 10)',
  });

export const dunningPolicyInput = z.object({
  retryDays: retryDaysInput,
  whenExhausted: z.enum(['unpaid', 'cancel', 'past_due'], { error: 'Choose what happens at the end' }),
  markUncollectible: z.boolean(),
  stripeRequestsPerSecond: z
    .number()
    .int('Use whole requests')
    .min(1, 'At least 1 request per second')
    .max(100, 'Stripe allows at most 100 requests per second')
    .nullable(),
});

/** Where a debtor stands in the dunning policy. */
export type DunningStage = 'overdue' | 'retrying' | 'hard_decline' | 'exhausted';

/** A member who owes money: their open invoices that are overdue or being chased. */
export interface Debtor {
  memberId: number;
  memberName: string;
  memberNumber: string;
  email: string | null;
  phone: string | null;
  /** What they owe on those invoices, in the business's currency (minor units). */
  amountDue: number;
  currency: string;
  invoiceIds: number[];
  invoiceNumbers: string[];
  /** The oldest due date (or first decline) among them: owing since. */
  since: string;
  lastAttemptAt: string | null;
  lastReason: string | null;
  stage: DunningStage;
  /** Retries made of the schedule's, for the most advanced case (e.g. 2 of 3). */
  step: number;
  steps: number;
  nextRetryOn: string | null;
  access: MemberAccess;
}

/** Access by payment standing: past due within the plan's grace days is 'grace', beyond it 'blocked'. */
export type MemberAccess = 'ok' | 'grace' | 'blocked';

export const debtorFilter = z.object({
  query: z.string().trim().max(100).optional(),
  stage: z.enum(['all', 'overdue', 'retrying', 'hard_decline', 'exhausted']).default('all'),
  access: z.enum(['all', 'grace', 'blocked']).default('all'),
});

const memberIds = z
  .array(id)
  .min(1, 'Choose at least one member')
  .max(500, 'Choose at most 500 members at a time');

/** Per member: what a bulk action did, in words for the desk. */
export interface BulkOutcome {
  memberId: number;
  ok: boolean;
  message: string;
}

export interface SchedulerJobReport {
  name: string;
  done: number;
  ms: number;
  error?: string;
}

export interface SchedulerRun {
  id: number;
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  done: number;
  errors: number;
  jobs: SchedulerJobReport[];
}

export interface SchedulerStatus {
  running: boolean;
  lastRun: SchedulerRun | null;
  /** The last run that did something or failed (quiet runs are frequent). */
  lastBusyRun: SchedulerRun | null;
  recent: SchedulerRun[];
  /** When it looks next by itself: the next 15-minute tick or midnight, whichever comes first. */
  nextRunAt: string | null;
  /** Open card captures and payment links are polled every ~15 s while any exist. */
  polling: boolean;
  triggers: string[];
}

export const dunningChannels = {
  'dunning.policy': channel<DunningPolicy>()(empty, 'signedIn'),
  'dunning.savePolicy': channel<DunningPolicy>()(dunningPolicyInput, 'owner'),

  'debtors.list': channel<Page<Debtor> & { totalDue: number; currency: string }>()(
    debtorFilter.extend(paging),
    'staff',
  ),
  'debtors.exportCsv': channel<{ filename: string; csv: string; count: number }>()(debtorFilter, 'manager'),
  /** Charges the card on file again now, for each member's open invoices. */
  'debtors.retry': channel<BulkOutcome[]>()(z.object({ memberIds }), 'staff'),
  /** Sends each member a payment reminder with the amount and a pay link. */
  'debtors.remind': channel<BulkOutcome[]>()(z.object({ memberIds }), 'staff'),
  /** Records money taken at the desk for everything each member owes. */
  'debtors.recordPayment': channel<BulkOutcome[]>()(
    z.object({
      memberIds,
      method: z.enum(['cash', 'bank_transfer', 'card_terminal', 'other'], {
        error: 'Choose how it was paid',
      }),
      reference: optionalText(100, 'Reference'),
    }),
    'staff',
  ),
  /** Marks what each member owes as uncollectible: they leave the list, the invoices stay on record. */
  'debtors.writeOff': channel<BulkOutcome[]>()(
    z.object({ memberIds, reason: requiredText(500, 'Reason') }),
    'manager',
  ),

  'scheduler.status': channel<SchedulerStatus>()(empty, 'signedIn'),
  /** Looks for due work now (as at start-up), and answers with the status after it. */
  'scheduler.runNow': channel<SchedulerStatus>()(empty, 'manager'),
};
