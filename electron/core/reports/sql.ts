import type Database from 'better-sqlite3';

/** Report queries are plain SQL taking the database first (Signal's shape), prepared once per connection. */
const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function stmt(sqlite: Database.Database, text: string): Database.Statement {
  let m = cache.get(sqlite);
  if (!m) cache.set(sqlite, (m = new Map()));
  let s = m.get(text);
  if (!s) m.set(text, (s = sqlite.prepare(text)));
  return s;
}

export function all<T>(sqlite: Database.Database, text: string, ...params: unknown[]): T[] {
  return stmt(sqlite, text).all(...params) as T[];
}

export function get<T>(sqlite: Database.Database, text: string, ...params: unknown[]): T | undefined {
  return stmt(sqlite, text).get(...params) as T | undefined;
}

/** The business day of an instant, as the triggers compute it (report_zone holds the offsets). */
export const dayOf = (column: string) =>
  `date(${column}, coalesce((SELECT z.offset_minutes FROM report_zone z WHERE z.from_utc <= ${column} ORDER BY z.from_utc DESC LIMIT 1), 0) || ' minutes')`;
