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
