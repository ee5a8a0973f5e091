import { and, asc, eq, lte } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/open';
import { outbox } from '../../../db/schema';
import type { Ctx } from '../context';
import type { DocumentRef } from '../documents/refs';
import { quietHoursEnd } from '../messages/quiet-hours';
import { findSettingsRow } from '../settings/repo';
import type { SmtpConfig } from './mailer';
import { SMS_SECRETS, type SmsConfig } from './sms';

export const SMTP_PASSWORD = 'smtpPassword';

export type OutboxRow = typeof outbox.$inferSelect;

export interface QueuedMail {
  to: string;
  subject: string;
  body: string;
  /** An HTML alternative of the body. */
  html?: string | undefined;
  /** PDFs to attach, rendered when the mail is sent (nothing big is stored in the outbox). */
  attachments?: DocumentRef[] | undefined;
  topic: string;
  memberId?: number | null | undefined;
  /** Once per key: a second queue with the same key is ignored (DESIGN §11). */
  dedupeKey?: string | undefined;
}

export interface QueuedSms {
  to: string;
  body: string;
  topic: string;
  memberId?: number | null | undefined;
  dedupeKey?: string | undefined;
  /** A text that cannot be sent (no valid number) is logged as skipped, with the reason. */
  skipped?: string | undefined;
}

/**
 * Inserts one outbox row; with a dedupe key already used it inserts nothing and answers null, so a
 * repeated run never queues a second message for the same cause.
 */
function insertRow(tx: DbOrTx, ctx: Ctx, values: Omit<typeof outbox.$inferInsert, 'createdAt'>) {
  const row = tx
    .insert(outbox)
    .values({ ...values, createdAt: ctx.nowIso() })
    .onConflictDoNothing()
    .returning({ id: outbox.id })
    .get();
  if (row) ctx.changed('outbox', [row.id]);
  return row?.id ?? null;
}

/**
 * Queues an email in the caller's transaction, so it exists exactly when its cause does. Answers the
 * row's id (the existing one when the dedupe key was used before).
 */
export function queueMail(tx: DbOrTx, ctx: Ctx, mail: QueuedMail): number {
  const id = insertRow(tx, ctx, {
    channel: 'email',
    to: mail.to,
    subject: mail.subject,
    body: mail.body,
    html: mail.html ?? null,
    attachments: mail.attachments?.length ? JSON.stringify(mail.attachments) : null,
    topic: mail.topic,
    memberId: mail.memberId ?? null,
    dedupeKey: mail.dedupeKey ?? null,
    nextAttemptAt: ctx.nowIso(),
  });
  return id ?? existingId(tx, mail.dedupeKey!);
}

/** Queues a text in the caller's transaction; during quiet hours it waits until they end. */
export function queueSms(tx: DbOrTx, ctx: Ctx, sms: QueuedSms): number {
  const id = insertRow(tx, ctx, {
    channel: 'sms',
    to: sms.to,
    subject: '',
    body: sms.body,
    topic: sms.topic,
    memberId: sms.memberId ?? null,
    dedupeKey: sms.dedupeKey ?? null,
    status: sms.skipped ? 'skipped' : 'queued',
    lastError: sms.skipped ?? null,
    nextAttemptAt: (quietHoursEnd(tx, ctx.now()) ?? ctx.now()).toISOString(),
  });
  return id ?? existingId(tx, sms.dedupeKey!);
}

/** Whether a message with this key exists already (notify counts only new rows). */
export const isQueued = (db: DbOrTx, dedupeKey: string) =>
  db.select({ id: outbox.id }).from(outbox).where(eq(outbox.dedupeKey, dedupeKey)).get() !== undefined;

const existingId = (db: DbOrTx, dedupeKey: string) =>
  db.select({ id: outbox.id }).from(outbox).where(eq(outbox.dedupeKey, dedupeKey)).get()!.id;

/** The mail server settings, or null while the owner has not set them (messages then wait). */
export function smtpConfigOf(ctx: Ctx): (SmtpConfig & { from: string }) | null {
  const s = findSettingsRow(ctx.db);
  if (!s?.smtpHost || !s.smtpPort || !s.mailFrom) return null;
  return {
    host: s.smtpHost,
    port: s.smtpPort,
    secure: s.smtpSecure,
    user: s.smtpUser,
    password: ctx.ports.secrets.get(SMTP_PASSWORD),
    from: `${s.name} <${s.mailFrom}>`,
  };
}

/** The Twilio credentials, or null while any is missing (texts then wait, visibly). */
export function smsConfigOf(ctx: Ctx): SmsConfig | null {
  const accountSid = ctx.ports.secrets.get(SMS_SECRETS.accountSid);
  const authToken = ctx.ports.secrets.get(SMS_SECRETS.authToken);
  const from = ctx.ports.secrets.get(SMS_SECRETS.from);
  return accountSid && authToken && from ? { accountSid, authToken, from } : null;
}

/** Rows of one channel that are due now, oldest first. */
export const dueRows = (ctx: Ctx, channel: 'email' | 'sms', limit: number): OutboxRow[] =>
  ctx.db
    .select()
    .from(outbox)
    .where(
      and(eq(outbox.status, 'queued'), eq(outbox.channel, channel), lte(outbox.nextAttemptAt, ctx.nowIso())),
    )
    .orderBy(asc(outbox.id))
    .limit(limit)
    .all();
