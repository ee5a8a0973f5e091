import { and, count, desc, eq, or, type SQL } from 'drizzle-orm';
import type { Ctx } from '../context';
import { auditLog } from '../../../db/schema';
import type { AuditEntry } from '../../../shared/contract';
import type { DomainHandlers } from '../handler';
import { contains } from '../like';
import { summarize } from './summary';

const toEntry = (row: typeof auditLog.$inferSelect): AuditEntry => ({
  id: row.id,
  at: row.at,
  operatorName: row.operatorName,
  channel: row.channel,
  entity: row.entity,
  entityId: row.entityId,
  action: row.action,
  summary: summarize(row.changes),
});

/** One page of the log, newest first, with the count of everything the filter matches. */
function page(ctx: Ctx, where: SQL | undefined, limit: number, offset: number) {
  const items = ctx.db
    .select()
    .from(auditLog)
    .where(where)
    .orderBy(desc(auditLog.id))
    .limit(limit)
    .offset(offset)
    .all();
  const total = ctx.db.select({ n: count() }).from(auditLog).where(where).get()?.n ?? 0;
  return { items: items.map(toEntry), total };
}

export const auditHandlers: DomainHandlers<'audit'> = {
  'audit.forEntity': (ctx, { entity, entityId, limit, offset }) =>
    page(ctx, and(eq(auditLog.entity, entity), eq(auditLog.entityId, entityId)), limit, offset),
  'audit.list': (ctx, { query, limit, offset }) =>
    page(
      ctx,
      query
        ? or(
            contains(auditLog.operatorName, query),
            contains(auditLog.channel, query),
            contains(auditLog.action, query),
            contains(auditLog.changes, query),
          )
        : undefined,
      limit,
      offset,
    ),
};
