import { and, eq, sql, type SQL } from 'drizzle-orm';
import { memberTags, members } from '../../../db/schema';

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
}

export function memberWhere(filter: MemberFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (filter.status !== 'all') conditions.push(eq(members.status, filter.status));
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
