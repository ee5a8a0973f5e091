import { and, asc, desc, eq, lte } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/open';
import { outbox } from '../../../db/schema';
import type { Ctx } from '../context';
import type { DueJob } from '../scheduler';
import { findSettingsRow } from '../settings/repo';
import type { SmtpConfig } from './mailer';

export const SMTP_PASSWORD = 'smtpPassword';
/** Waits between tries: a minute, five, half an hour, two hours, twelve; then it is marked failed. */
const BACKOFF_MINUTES = [1, 5, 30, 120, 720];

export interface QueuedMail {
  to: string;
  subject: string;
  body: string;
  topic: string;
  memberId?: number | null;
}

/** Queues a message in the caller's transaction, so it exists exactly when its cause does. */
export function queueMail(tx: DbOrTx, ctx: Ctx, mail: QueuedMail): number {
  const row = tx
    .insert(outbox)
    .values({
      channel: 'email',
      ...mail,
      memberId: mail.memberId ?? null,
      nextAttemptAt: ctx.nowIso(),
      createdAt: ctx.nowIso(),
    })
    .returning({ id: outbox.id })
    .get();
  ctx.changed('outbox', [row.id]);
  return row.id;
}

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

/** Sends what is due, oldest first, each result recorded in its own transaction. */
export async function sendDueMail(ctx: Ctx): Promise<number> {
  const config = smtpConfigOf(ctx);
  if (!config || !ctx.ports.mailer) return 0;
  const send = ctx.ports.mailer(config);
  const due = ctx.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.status, 'queued'), lte(outbox.nextAttemptAt, ctx.nowIso())))
    .orderBy(asc(outbox.id))
    .limit(200)
    .all();
  let sent = 0;
  for (const mail of due) {
    try {
      await send({ from: config.from, to: mail.to, subject: mail.subject, text: mail.body });
      ctx.write((tx) =>
        tx
          .update(outbox)
          .set({ status: 'sent', attempts: mail.attempts + 1, sentAt: ctx.nowIso(), lastError: null })
          .where(eq(outbox.id, mail.id))
          .run(),
      );
      sent++;
    } catch (e) {
      const attempts = mail.attempts + 1;
      const wait = BACKOFF_MINUTES[attempts - 1];
      ctx.write((tx) =>
        tx
          .update(outbox)
          .set({
            attempts,
            status: wait === undefined ? 'failed' : 'queued',
            nextAttemptAt: new Date(ctx.now().getTime() + (wait ?? 0) * 60_000).toISOString(),
            lastError: e instanceof Error ? e.message : String(e),
          })
          .where(eq(outbox.id, mail.id))
          .run(),
      );
    }
    ctx.changed('outbox', [mail.id]);
  }
  return sent;
}

export const mailJobs: DueJob[] = [{ name: 'mail: send the outbox', run: sendDueMail }];

export const recentMail = (
  ctx: Ctx,
  filter: { status?: 'queued' | 'sent' | 'failed' | undefined; memberId?: number | undefined },
) =>
  ctx.db
    .select()
    .from(outbox)
    .where(
      and(
        filter.status ? eq(outbox.status, filter.status) : undefined,
        filter.memberId ? eq(outbox.memberId, filter.memberId) : undefined,
      ),
    )
    .orderBy(desc(outbox.id))
    .limit(200)
    .all();
