import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The owner's edits of a topic's template for one channel (DESIGN §11). A topic without a row here
 * uses the default text from the topic registry (electron/core/messages/topics.ts).
 */
export const messageTemplates = sqliteTable(
  'message_templates',
  {
    topic: text('topic').notNull(),
    channel: text('channel', { enum: ['email', 'sms'] }).notNull(),
    /** Off: nothing is queued on this channel for the topic. */
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    subject: text('subject').notNull().default(''),
    body: text('body').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.topic, t.channel] })],
);

/** Message settings: one row (id = 1), created on first save; defaults live in the code. */
export const messageSettings = sqliteTable('message_settings', {
  id: integer('id').primaryKey(),
  /** SMS wait outside this window, in the business's time zone ("HH:MM"). */
  quietFrom: text('quiet_from').notNull().default('21:00'),
  quietUntil: text('quiet_until').notNull().default('08:00'),
  renewalReminderDays: integer('renewal_reminder_days').notNull().default(7),
  /** Renewal reminders for monthly (and shorter) plans: off by default, they would come every month. */
  renewalReminderMonthly: integer('renewal_reminder_monthly', { mode: 'boolean' }).notNull().default(false),
  trialEndingDays: integer('trial_ending_days').notNull().default(3),
  cardExpiringDays: integer('card_expiring_days').notNull().default(30),
  membershipExpiringDays: integer('membership_expiring_days').notNull().default(7),
  comeBackDays: integer('come_back_days').notNull().default(7),
  comeBackCoupon: text('come_back_coupon'),
  /** The owner's morning digest by email as well as on the dashboard. */
  digestEmail: integer('digest_email', { mode: 'boolean' }).notNull().default(false),
  digestTo: text('digest_to'),
  updatedAt: text('updated_at').notNull(),
});

/**
 * Each member's message choices. A member without a row gets email (and SMS when they have a phone),
 * and accepts reminders.
 */
export const memberMessagePrefs = sqliteTable('member_message_prefs', {
  memberId: integer('member_id').primaryKey(),
  email: integer('email', { mode: 'boolean' }).notNull().default(true),
  sms: integer('sms', { mode: 'boolean' }).notNull().default(true),
  /** Reminders and come-back messages refused; receipts and failed-payment notices still go. */
  refuseReminders: integer('refuse_reminders', { mode: 'boolean' }).notNull().default(false),
  updatedAt: text('updated_at').notNull(),
});

/** The morning digest: the day it was last shown, so it opens on the first start of a day only. */
export const digestSeen = sqliteTable('digest_seen', {
  operatorId: integer('operator_id').primaryKey(),
  day: text('day').notNull(),
});

/**
 * How far each reminder job has looked ahead (a billing date). A run only considers what entered its
 * window since, so the 15-minute run with nothing new is a single read; a missed day is caught up.
 */
export const messageJobCursors = sqliteTable('message_job_cursors', {
  job: text('job').primaryKey(),
  through: text('through').notNull(),
});
