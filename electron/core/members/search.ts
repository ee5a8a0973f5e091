import { and, eq, ne, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/open';
import { memberTags, members } from '../../../db/schema';
import type { MembershipStatus } from '../../../shared/contract';

/**
 * Builds an FTS5 query for search-as-you-type: every word must match the start of a term in any
 * column. Something that looks like a phone number is searched as its digits, so "555-0123",
 * "(555) 0123" and "5550123" find the same member.
 */
export function buildSearchQuery(text: string, numberPrefix = ''): string | null {
  const trimmed = text.normalize('NFKC').trim();
  if (!trimmed) return null;
  // A member number as printed ("M-00042", "m00042"): the index holds its digits, not the prefix.
  const escaped = numberPrefix.replace(/[^A-Za-z0-9]/g, '');
  const asNumber = escaped ? new RegExp(`^${escaped}-?(\\d+)$`, 'i').exec(trimmed) : null;
  if (asNumber) return `"${asNumber[1]}"*`;
  const digitCount = trimmed.replace(/\D/g, '').length;
  if (/^[+()\d\s.-]+$/.test(trimmed) && digitCount >= 3) {
    return `"${trimmed.replace(/\D/g, '')}"*`;
  }
  const words = trimmed
    // Combining marks stay inside their word, as the FTS tokenizer keeps them.
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    .filter(Boolean)
    .slice(0, 8);
  if (!words.length) return null;
  // Quoting makes every word a literal (no FTS operators from what a person types).
  return words.map((w) => `"${w}"*`).join(' ');
}

export interface MemberFilter {
  query?: string | undefined;
  sort?: 'name' | 'newest';
  /** The business's member-number prefix, so a typed number is recognised. */
  numberPrefix?: string;
  status: 'active' | 'archived' | 'all';
  tag?: string | undefined;
  membership?: MembershipStatus | undefined;
}

export function memberWhere(filter: MemberFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  // 'all' is every member anyone may see: rows of an import still being written are not (import-commit.ts).
  conditions.push(
    filter.status !== 'all' ? eq(members.status, filter.status) : ne(members.status, 'importing' as never),
  );
  if (filter.membership) conditions.push(eq(members.membership, filter.membership));
  if (filter.tag) {
    conditions.push(
      sql`${members.id} IN (SELECT ${memberTags.memberId} FROM ${memberTags} WHERE ${memberTags.tag} = ${filter.tag})`,
    );
  }
  const fts = filter.query ? buildSearchQuery(filter.query, filter.numberPrefix) : null;
  if (fts) {
    conditions.push(sql`${members.id} IN (SELECT rowid FROM members_fts WHERE members_fts MATCH ${fts})`);
  } else if (filter.query && filter.query.trim()) {
    // Only punctuation was typed: nothing can match.
    conditions.push(sql`0`);
  }
  return and(...conditions);
}

/** From this many search hits on, a query says little ("c", "555"): any page of matches will do. */
export const SEARCH_CAP = 1000;

/**
 * One page of search results, ids only (DESIGN §9: p95 < 10 ms over 100k members; see tests/bench).
 * Under SEARCH_CAP hits: the index's matches first, then only those members in list order, with the
 * exact total in the same pass. From SEARCH_CAP hits on: the first `limit` hits in index order and
 * `capped`, so the list says "1,000+ matches, keep typing" instead of sorting and counting everybody.
 */
export function searchMemberIds(
  db: DbOrTx,
  fts: string,
  filter: MemberFilter,
  limit: number,
  offset: number,
): { ids: number[]; total: number; capped: boolean } {
  const [hits = 0] =
    db.values<[number]>(
      sql`SELECT count(*) FROM (SELECT 1 FROM members_fts WHERE members_fts MATCH ${fts} LIMIT ${SEARCH_CAP})`,
    )[0] ?? [];
  const from = sql`members_fts JOIN ${members} ON ${members.id} = members_fts.rowid`;
  const where = and(
    sql`members_fts MATCH ${fts}`,
    filter.status !== 'all' ? eq(members.status, filter.status) : ne(members.status, 'importing' as never),
    filter.membership ? eq(members.membership, filter.membership) : undefined,
    filter.tag
      ? sql`${members.id} IN (SELECT ${memberTags.memberId} FROM ${memberTags} WHERE ${memberTags.tag} = ${filter.tag})`
      : undefined,
  );
  if (hits >= SEARCH_CAP) {
    const rows = db.values<[number]>(
      sql`SELECT ${members.id} FROM ${from} WHERE ${where} LIMIT ${limit} OFFSET ${offset}`,
    );
    return { ids: rows.map((r) => r[0]), total: SEARCH_CAP, capped: true };
  }
  const order = filter.sort === 'newest' ? sql`${members.id} DESC` : sql`${members.sortName}, ${members.id}`;
  const rows = db.values<[number, number]>(
    sql`SELECT ${members.id}, count(*) OVER () FROM ${from} WHERE ${where} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`,
  );
  const total =
    rows[0]?.[1] ??
    (offset > 0 ? (db.values<[number]>(sql`SELECT count(*) FROM ${from} WHERE ${where}`)[0]?.[0] ?? 0) : 0);
  return { ids: rows.map((r) => r[0]), total, capped: false };
}

/** A tag filter on member_tags' own copy of status (migration 0003). */
export const tagWhere = (filter: MemberFilter) =>
  and(
    eq(memberTags.tag, filter.tag ?? ''),
    filter.status !== 'all'
      ? eq(memberTags.status, filter.status)
      : ne(memberTags.status, 'importing' as never),
  );
