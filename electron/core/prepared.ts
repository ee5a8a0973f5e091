import { eq, getTableName, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { DbOrTx } from '../../db/open';

/**
 * drizzle builds the SQL of a query every time it runs it, which costs more than SQLite running it
 * (its per-column entity checks dominate on wide tables). Hot lookups are built once per connection
 * as prepared queries with placeholders. A transaction shares its database's session, so a prepared
 * query made from either runs on the same connection, inside whatever transaction is open.
 */
const bySession = new WeakMap<object, Map<string, unknown>>();

export function prepared<T>(db: DbOrTx, key: string, build: (db: DbOrTx) => T): T {
  const session = (db as unknown as { session: object }).session;
  let queries = bySession.get(session);
  if (!queries) bySession.set(session, (queries = new Map()));
  let query = queries.get(key) as T | undefined;
  if (query === undefined) {
    query = build(db);
    queries.set(key, query);
  }
  return query;
}

/**
 * `UPDATE <table> SET <columns> WHERE id = ?`, prepared once per set of columns. Booleans become 0/1
 * here because a placeholder skips drizzle's own mapping.
 */
export function updateById<T extends { id: SQLiteColumn } & SQLiteTable>(
  tx: DbOrTx,
  table: T,
  id: number,
  values: Record<string, unknown>,
): void {
  const keys = Object.keys(values).sort();
  const name = `${getTableName(table)}.update:${keys.join(',')}`;
  const query = prepared(tx, name, (d) =>
    d
      .update(table)
      .set(Object.fromEntries(keys.map((k) => [k, sql`${sql.placeholder(k)}`])) as never)
      .where(eq(table.id, sql.placeholder('__id')))
      .prepare(),
  );
  const params: Record<string, unknown> = { __id: id };
  for (const k of keys) {
    const v = values[k];
    params[k] = typeof v === 'boolean' ? (v ? 1 : 0) : (v ?? null);
  }
  query.run(params);
}
