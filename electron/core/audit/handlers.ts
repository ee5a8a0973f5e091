import { and, count, desc, eq, or } from 'drizzle-orm';
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

export const auditHandlers: DomainHandlers<'audit'> = {
  'audit.forEntity': (ctx, { entity, entityId, limit, offset }) => {
    const where = and(eq(auditLog.entity, entity), eq(auditLog.entityId, entityId));
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
  },
  'audit.list': (ctx, { query, limit, offset }) => {
    const where = query
      ? or(
          contains(auditLog.operatorName, query),
          contains(auditLog.channel, query),
          contains(auditLog.action, query),
          contains(auditLog.changes, query),
        )
      : undefined;
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
  },
};
