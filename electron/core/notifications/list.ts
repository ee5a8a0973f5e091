import { and, count, desc, eq, inArray, like, or } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/open';
import { members, outbox } from '../../../db/schema';
import type { OutboxItem } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { Ctx } from '../context';
import type { DomainHandlers } from '../handler';
import type { OutboxRow } from './outbox';

const toItem = (r: OutboxRow, memberName: string | null): OutboxItem => ({
  id: r.id,
  channel: r.channel,
  to: r.to,
  subject: r.subject,
  body: r.body,
  topic: r.topic,
  memberId: r.memberId,
  memberName,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.nextAttemptAt,
  lastError: r.lastError,
  createdAt: r.createdAt,
  sentAt: r.sentAt,
  attachments: r.attachments ? (JSON.parse(r.attachments) as unknown[]).length : 0,
});

/** Member names for a page of rows, in one query. */
function namesOf(db: DbOrTx, rows: OutboxRow[]) {
  const ids = [...new Set(rows.map((r) => r.memberId).filter((id): id is number => id !== null))];
  if (ids.length === 0) return new Map<number, string>();
  return new Map(
    db
      .select({ id: members.id, firstName: members.firstName, lastName: members.lastName })
      .from(members)
      .where(inArray(members.id, ids))
      .all()
      .map((m) => [m.id, `${m.firstName} ${m.lastName}`]),
  );
}

export function outboxItem(db: DbOrTx, id: number): OutboxItem {
  const row = db.select().from(outbox).where(eq(outbox.id, id)).get();
  if (!row) throw new AppError('NOT_FOUND', 'That message does not exist.');
  return toItem(row, row.memberId ? (namesOf(db, [row]).get(row.memberId) ?? null) : null);
}

/** The one log of messages (DESIGN §11): newest first, filtered, paged. */
export const outboxHandlers: DomainHandlers<'outbox'> = {
  'outbox.list': (ctx, f) => {
    const where = and(
      f.status ? eq(outbox.status, f.status) : undefined,
      f.channel ? eq(outbox.channel, f.channel) : undefined,
      // A topic also finds the free-form ones keyed by their cause (`card-link:<setup id>`).
      f.topic ? or(eq(outbox.topic, f.topic), like(outbox.topic, `${f.topic}:%`)) : undefined,
      f.memberId ? eq(outbox.memberId, f.memberId) : undefined,
    );
    const rows = ctx.db
      .select()
      .from(outbox)
      .where(where)
      .orderBy(desc(outbox.id))
      .limit(f.limit)
      .offset(f.offset)
      .all();
    const total = ctx.db.select({ n: count() }).from(outbox).where(where).get()!.n;
    const names = namesOf(ctx.db, rows);
    return { items: rows.map((r) => toItem(r, r.memberId ? (names.get(r.memberId) ?? null) : null)), total };
  },
  'outbox.retry': (ctx: Ctx, { id }) =>
    ctx.write((tx) => {
      const row = tx.select().from(outbox).where(eq(outbox.id, id)).get();
      if (!row) throw new AppError('NOT_FOUND', 'That message does not exist.');
      if (row.status !== 'failed') {
        throw new AppError('CONFLICT', 'Only a failed message can be tried again.');
      }
      tx.update(outbox)
        .set({ status: 'queued', nextAttemptAt: ctx.nowIso(), attempts: 0 })
        .where(eq(outbox.id, id))
        .run();
      ctx.changed('outbox', [id]);
      return outboxItem(tx, id);
    }),
};
