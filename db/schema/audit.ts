import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Append-only: who changed what, when, through which channel, with a before/after summary. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey(),
    at: text('at').notNull(),
    operatorId: integer('operator_id'),
    operatorName: text('operator_name'),
    channel: text('channel').notNull(),
    entity: text('entity').notNull(),
    entityId: integer('entity_id'),
    action: text('action').notNull(),
    /** JSON: `{ before?, after? }` — only the fields that changed. */
    changes: text('changes').notNull().default('{}'),
  },
  (t) => [index('audit_entity_idx').on(t.entity, t.entityId, t.id)],
);
