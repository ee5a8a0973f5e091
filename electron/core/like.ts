import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';

/**
 * `column LIKE %text%` for text a person typed, with `%` and `_` matched literally: Stripe ids
 * (`pi_3N…`) and invoice prefixes (`INV_`) contain underscores.
 */
export function contains(column: SQLWrapper, text: string): SQL {
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  return sql`${column} LIKE ${`%${escaped}%`} ESCAPE '\\'`;
}
