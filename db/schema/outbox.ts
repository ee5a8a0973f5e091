import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Outgoing mail (DESIGN §6): written in the same transaction as its cause, sent by the scheduler
 * with retries and backoff, kept as a log. Without email settings messages wait, visibly.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey(),
    channel: text('channel', { enum: ['email'] }).notNull(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    /** What it is about, for the member's activity and for de-duplication (`card-link:<setup id>`). */
    topic: text('topic').notNull(),
    memberId: integer('member_id'),
    status: text('status', { enum: ['queued', 'sent', 'failed'] })
      .notNull()
      .default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at').notNull(),
    lastError: text('last_error'),
    createdAt: text('created_at').notNull(),
    sentAt: text('sent_at'),
  },
  (t) => [index('outbox_due_idx').on(t.status, t.nextAttemptAt)],
);
