import type { Tx } from '../../../db/open';
import { auditLog } from '../../../db/schema';
import { sql } from 'drizzle-orm';
import type { Ctx } from '../context';
import { prepared } from '../prepared';

export type AuditEntity =
  'member' | 'operator' | 'settings' | 'plan' | 'subscription' | 'invoice' | 'payment';

type Snapshot = Record<string, unknown>;

export interface AuditInput {
  entity: AuditEntity;
  entityId: number | null;
  action: string;
  before?: Snapshot | null;
  after?: Snapshot | null;
}

/** Keeps only the fields that differ, so the log says what changed and not the whole record. */
export function diff(before: Snapshot | null | undefined, after: Snapshot | null | undefined) {
  if (!before || !after) return { before: before ?? undefined, after: after ?? undefined };
  const b: Snapshot = {};
  const a: Snapshot = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}

/** Appends to the audit log inside the caller's transaction, so the entry and the change commit together. */
export function recordAudit(tx: Tx, ctx: Ctx, input: AuditInput): void {
  const changes = diff(input.before, input.after);
  const insert = prepared(tx, 'auditLog.insert', (d) =>
    d
      .insert(auditLog)
      .values({
        at: sql.placeholder('at'),
        operatorId: sql.placeholder('operatorId'),
        operatorName: sql.placeholder('operatorName'),
        channel: sql.placeholder('channel'),
        entity: sql.placeholder('entity'),
        entityId: sql.placeholder('entityId'),
        action: sql.placeholder('action'),
        changes: sql.placeholder('changes'),
      })
      .prepare(),
  );
  insert.run({
    at: ctx.nowIso(),
    operatorId: ctx.caller?.operator.id ?? null,
    operatorName: ctx.caller?.operator.name ?? null,
    channel: ctx.channel,
    entity: input.entity,
    entityId: input.entityId,
    action: input.action,
    changes: JSON.stringify(changes),
  });
}
