import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Outgoing mail and SMS (DESIGN §6, §11): written in the same transaction as its cause, sent by the
 * scheduler with retries and backoff, kept as a log. Without email/SMS settings messages wait, visibly.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey(),
    channel: text('channel', { enum: ['email', 'sms'] }).notNull(),
    /** An email address, or an E.164 phone number for SMS. */
    to: text('to').notNull(),
    /** Empty for SMS. */
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    /** Optional HTML alternative of an email's body. */
    html: text('html'),
    /** JSON `DocumentRef[]`: PDFs rendered at send time (a document is a pure function of the invoice). */
    attachments: text('attachments'),
    /** What it is about, for the member's activity (`payment_received`, `card-link:<setup id>`). */
    topic: text('topic').notNull(),
    /** `topic:causeKey:channel`: a message is queued once per cause, however often its run repeats. */
    dedupeKey: text('dedupe_key'),
    memberId: integer('member_id'),
    /**
     * `sending` is written before the network call, so a crash mid-send is seen by recovery;
     * `skipped` is a message that could not be sent at all (no valid number), with the reason.
     */
    status: text('status', { enum: ['queued', 'sending', 'sent', 'failed', 'skipped'] })
      .notNull()
      .default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at').notNull(),
    lastError: text('last_error'),
    /** When the current try started (status `sending`). */
    sendingAt: text('sending_at'),
    /** The provider's id: a Twilio message sid, or the email's Message-ID. */
    providerId: text('provider_id'),
    createdAt: text('created_at').notNull(),
    sentAt: text('sent_at'),
  },
  (t) => [
    index('outbox_due_idx').on(t.status, t.nextAttemptAt),
    uniqueIndex('outbox_dedupe_key_idx').on(t.dedupeKey),
    index('outbox_member_idx').on(t.memberId, t.id),
    index('outbox_topic_idx').on(t.topic, t.id),
  ],
);
