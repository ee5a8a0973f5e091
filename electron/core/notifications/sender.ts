import { and, eq, inArray } from 'drizzle-orm';
import { outbox } from '../../../db/schema';
import type { Ctx } from '../context';
import { renderDocumentRef, type DocumentRef } from '../documents/refs';
import { quietHoursEnd } from '../messages/quiet-hours';
import type { DueJob } from '../scheduler';
import type { Mailer, OutgoingMail } from './mailer';
import { dueRows, smsConfigOf, smtpConfigOf, type OutboxRow } from './outbox';
import { SmsError } from './sms';

/** Waits between tries: a minute, five, half an hour, two hours, twelve; then it is marked failed. */
export const BACKOFF_MINUTES = [1, 5, 30, 120, 720];
/** Mails marked `sending` together, then sent over the pooled connection a few at a time. */
const MAIL_BATCH = 500;
const MAIL_PARALLEL = 50;

type Outcome = { ok: true; providerId: string } | { ok: false; error: string; retry: boolean };

const messageIdOf = (row: OutboxRow) => `<outbox-${row.id}.${Date.parse(row.createdAt)}@recur.local>`;

/** Marks rows `sending` before any network call, so recovery knows which ones were in flight. */
function markSending(ctx: Ctx, ids: number[]): number[] {
  return ctx.write((tx) =>
    tx
      .update(outbox)
      .set({ status: 'sending', sendingAt: ctx.nowIso() })
      .where(and(inArray(outbox.id, ids), eq(outbox.status, 'queued')))
      .returning({ id: outbox.id })
      .all()
      .map((r) => r.id),
  );
}

/** Records what the provider answered: sent, or queued again after the backoff, or failed for good. */
function record(ctx: Ctx, results: Array<{ row: OutboxRow; outcome: Outcome }>) {
  if (results.length === 0) return;
  ctx.write((tx) => {
    for (const { row, outcome } of results) {
      const attempts = row.attempts + 1;
      if (outcome.ok) {
        tx.update(outbox)
          .set({
            status: 'sent',
            attempts,
            sentAt: ctx.nowIso(),
            lastError: null,
            providerId: outcome.providerId,
          })
          .where(eq(outbox.id, row.id))
          .run();
        continue;
      }
      const wait = outcome.retry ? BACKOFF_MINUTES[attempts - 1] : undefined;
      tx.update(outbox)
        .set({
          attempts,
          status: wait === undefined ? 'failed' : 'queued',
          nextAttemptAt: new Date(ctx.now().getTime() + (wait ?? 0) * 60_000).toISOString(),
          lastError: outcome.error,
        })
        .where(eq(outbox.id, row.id))
        .run();
    }
  });
  ctx.changed(
    'outbox',
    results.map((r) => r.row.id),
  );
}

const words = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Emails due now, in batches over the pooled connection. */
async function sendDueMail(ctx: Ctx): Promise<number> {
  const config = smtpConfigOf(ctx);
  if (!config || !ctx.ports.mailer || dueRows(ctx, 'email', 1).length === 0) return 0;
  const send = ctx.ports.mailer(config);
  try {
    return await sendBatches(ctx, send, config.from);
  } finally {
    send.close?.();
  }
}

async function sendBatches(ctx: Ctx, send: Mailer, from: string): Promise<number> {
  let sent = 0;
  for (;;) {
    const due = dueRows(ctx, 'email', MAIL_BATCH);
    if (due.length === 0) break;
    const claimed = new Set(
      markSending(
        ctx,
        due.map((r) => r.id),
      ),
    );
    ctx.ports.faults?.reached('message:sending-written');
    const rows = due.filter((r) => claimed.has(r.id));
    // A sliding window, not chunks: a chunk waits for its slowest mail while connections sit idle.
    const outcomes: Outcome[] = new Array<Outcome>(rows.length);
    let next = 0;
    const lane = async () => {
      while (next < rows.length) {
        const i = next++;
        outcomes[i] = await sendOneMail(ctx, send, from, rows[i]!);
      }
    };
    await Promise.all(Array.from({ length: Math.min(MAIL_PARALLEL, rows.length) }, lane));
    const results = rows.map((row, i) => ({ row, outcome: outcomes[i]! }));
    ctx.ports.faults?.reached('message:provider-answered');
    record(ctx, results);
    sent += results.filter((r) => r.outcome.ok).length;
    if (due.length < MAIL_BATCH) break;
  }
  return sent;
}

async function sendOneMail(
  ctx: Ctx,
  send: (m: OutgoingMail) => Promise<void>,
  from: string,
  row: OutboxRow,
): Promise<Outcome> {
  let attachments: OutgoingMail['attachments'];
  try {
    const refs = row.attachments ? (JSON.parse(row.attachments) as DocumentRef[]) : [];
    attachments = refs.map((ref) => {
      const doc = renderDocumentRef(ctx.db, ref);
      return { filename: doc.filename, content: doc.bytes };
    });
  } catch (e) {
    return { ok: false, error: `The attached document could not be made: ${words(e)}`, retry: true };
  }
  const messageId = messageIdOf(row);
  try {
    await send({
      from,
      to: row.to,
      subject: row.subject,
      text: row.body,
      html: row.html ?? undefined,
      attachments,
      messageId,
    });
    return { ok: true, providerId: messageId };
  } catch (e) {
    return { ok: false, error: words(e), retry: true };
  }
}

/** Texts due now, one by one (Twilio queues them per sender anyway); none during quiet hours. */
async function sendDueSms(ctx: Ctx): Promise<number> {
  const config = smsConfigOf(ctx);
  if (!config || !ctx.ports.smsGateway) return 0;
  if (dueRows(ctx, 'sms', 1).length === 0 || quietHoursEnd(ctx.db, ctx.now())) return 0;
  const gateway = ctx.ports.smsGateway(config);
  let sent = 0;
  for (const row of dueRows(ctx, 'sms', 200)) {
    if (markSending(ctx, [row.id]).length === 0) continue;
    ctx.ports.faults?.reached('message:sending-written');
    let outcome: Outcome;
    try {
      outcome = { ok: true, providerId: (await gateway.send({ to: row.to, body: row.body })).sid };
    } catch (e) {
      outcome = { ok: false, error: words(e), retry: e instanceof SmsError ? e.retry : true };
    }
    ctx.ports.faults?.reached('message:provider-answered');
    record(ctx, [{ row, outcome }]);
    if (outcome.ok) sent++;
  }
  return sent;
}

/**
 * After a crash between "sending" and the answer (DESIGN §6), a row is still `sending`. A text is
 * looked up at Twilio: found, it is recorded as sent; not found, it is queued again. A mail cannot be
 * looked up on an SMTP server, so it is queued again with the same Message-ID, which mail programs
 * use to show a repeat as one message. Runs share one process (the scheduler), so a `sending` row
 * seen at the start of a run is always left over from a crash.
 */
async function recoverInFlight(ctx: Ctx): Promise<number> {
  const stuck = ctx.db.select().from(outbox).where(eq(outbox.status, 'sending')).all();
  if (stuck.length === 0) return 0;
  const sms = smsConfigOf(ctx);
  const gateway = sms && ctx.ports.smsGateway ? ctx.ports.smsGateway(sms) : null;
  let recovered = 0;
  for (const row of stuck) {
    let sid: string | null = null;
    if (row.channel === 'sms') {
      if (!gateway) continue;
      try {
        sid = await gateway.findSent({
          to: row.to,
          body: row.body,
          since: new Date(row.sendingAt ?? row.createdAt),
        });
      } catch (e) {
        ctx.ports.logger.warn('Could not ask Twilio about a text sent before a crash', {
          id: row.id,
          error: words(e),
        });
        continue;
      }
    }
    ctx.write((tx) =>
      tx
        .update(outbox)
        .set(
          sid
            ? {
                status: 'sent',
                attempts: row.attempts + 1,
                sentAt: ctx.nowIso(),
                providerId: sid,
                lastError: null,
              }
            : { status: 'queued', nextAttemptAt: ctx.nowIso() },
        )
        .where(and(eq(outbox.id, row.id), eq(outbox.status, 'sending')))
        .run(),
    );
    ctx.changed('outbox', [row.id]);
    recovered++;
  }
  return recovered;
}

export async function sendDueMessages(ctx: Ctx): Promise<number> {
  await recoverInFlight(ctx);
  return (await sendDueMail(ctx)) + (await sendDueSms(ctx));
}

export const mailJobs: DueJob[] = [{ name: 'messages: send the outbox', run: sendDueMessages }];
