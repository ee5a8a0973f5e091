import { eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/open';
import { memberTags, members, plans, sequences, subscriptions } from '../../../db/schema';
import type { Member } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { prepared } from '../prepared';
import { addressOf, addressColumns } from '../address';

export type MemberRow = typeof members.$inferSelect;

/** What the create/update/import paths write; already parsed by the contract's schema. */
export interface MemberFields {
  firstName: string;
  lastName: string;
  email?: string | undefined;
  phone?: string | undefined;
  dateOfBirth?: string | undefined;
  address?:
    | {
        line1?: string | undefined;
        line2?: string | undefined;
        city?: string | undefined;
        region?: string | undefined;
        postalCode?: string | undefined;
        country?: string | undefined;
      }
    | undefined;
  taxId?: string | undefined;
  tags?: string[] | undefined;
}

export const formatMemberNumber = (n: number, prefix: string) => {
  const padded = String(n).padStart(5, '0');
  return prefix ? `${prefix}-${padded}` : padded;
};

export const toMember = (row: MemberRow, prefix: string): Member => ({
  id: row.id,
  number: formatMemberNumber(row.number, prefix),
  firstName: row.firstName,
  lastName: row.lastName,
  email: row.email,
  phone: row.phone,
  dateOfBirth: row.dateOfBirth,
  address: addressOf(row),
  taxId: row.taxId,
  tags: row.tags ? row.tags.split('\n') : [],
  status: row.status,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  archivedAt: row.archivedAt,
  membership: { status: row.membership, subscriptionId: row.membershipSubscriptionId, planName: null },
  // Payment standing is computed for the page (dunning/access.ts withStanding).
  access: 'ok',
});

/**
 * Fills the membership's plan name for a page of members: one indexed look-up per distinct
 * subscription, so a 100-row page stays well under a millisecond.
 */
export function withPlanNames(db: DbOrTx, list: Member[]): Member[] {
  const ids = [
    ...new Set(list.map((m) => m.membership.subscriptionId).filter((id): id is number => id !== null)),
  ];
  if (!ids.length) return list;
  const names = new Map(
    db
      .select({ id: subscriptions.id, name: plans.name })
      .from(subscriptions)
      .innerJoin(plans, eq(plans.id, subscriptions.planId))
      .where(inArray(subscriptions.id, ids))
      .all()
      .map((r) => [r.id, r.name]),
  );
  return list.map((m) =>
    m.membership.subscriptionId === null
      ? m
      : { ...m, membership: { ...m.membership, planName: names.get(m.membership.subscriptionId) ?? null } },
  );
}

/** Trims, drops empties and case-insensitive duplicates, keeps the first spelling. */
export function normalizeTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim();
    const key = tag.toLowerCase();
    if (tag && !seen.has(key)) {
      seen.add(key);
      out.push(tag);
    }
  }
  return out;
}

const sortName = (first: string, last: string) => `${last} ${first}`.toLocaleLowerCase('en');

/** Column values for the given (possibly partial) fields, keeping sort name and tags in step. */
export function memberColumns(fields: Partial<MemberFields>, current?: MemberRow): Partial<MemberRow> {
  const cols: Partial<MemberRow> = {};
  if (fields.firstName !== undefined) cols.firstName = fields.firstName;
  if (fields.lastName !== undefined) cols.lastName = fields.lastName;
  if ('email' in fields) cols.email = fields.email ?? null;
  if ('phone' in fields) cols.phone = fields.phone ?? null;
  if ('dateOfBirth' in fields) cols.dateOfBirth = fields.dateOfBirth ?? null;
  if (fields.address !== undefined) Object.assign(cols, addressColumns(fields.address));
  if ('taxId' in fields) cols.taxId = fields.taxId ?? null;
  if (fields.tags !== undefined) cols.tags = normalizeTags(fields.tags).join('\n');
  if (cols.firstName !== undefined || cols.lastName !== undefined) {
    cols.sortName = sortName(cols.firstName ?? current!.firstName, cols.lastName ?? current!.lastName);
  }
  return cols;
}

/** The next member number. The counter row is written in the caller's transaction, so a rollback returns it. */
export function nextMemberNumber(tx: DbOrTx): number {
  const row = prepared(tx, 'sequences.nextMember', (d) =>
    d
      .update(sequences)
      .set({ next: sql`${sequences.next} + 1` })
      .where(eq(sequences.name, 'member'))
      .returning({ next: sequences.next })
      .prepare(),
  ).get();
  if (!row) {
    tx.insert(sequences).values({ name: 'member', next: 2 }).run();
    return 1;
  }
  return row.next - 1;
}

export function replaceTags(tx: DbOrTx, memberId: number, tagsColumn: string): void {
  tx.delete(memberTags).where(eq(memberTags.memberId, memberId)).run();
  const tags = tagsColumn ? tagsColumn.split('\n') : [];
  if (tags.length)
    tx.insert(memberTags)
      .values(tags.map((tag) => ({ memberId, tag })))
      .run();
}

/** Columns a new member row takes; prepared once because imports write thousands in a row. */
const INSERT_COLUMNS = [
  'number',
  'firstName',
  'lastName',
  'sortName',
  'email',
  'phone',
  'dateOfBirth',
  'addressLine1',
  'addressLine2',
  'city',
  'region',
  'postalCode',
  'country',
  'taxId',
  'tags',
  'createdAt',
  'updatedAt',
] as const;

export function insertMember(tx: DbOrTx, fields: MemberFields, nowIso: string): MemberRow {
  const cols = memberColumns({
    email: undefined,
    phone: undefined,
    dateOfBirth: undefined,
    address: {},
    taxId: undefined,
    tags: [],
    ...fields,
  });
  const insert = prepared(tx, 'members.insert', (d) =>
    d
      .insert(members)
      .values(
        Object.fromEntries(
          INSERT_COLUMNS.map((c) => [c, sql.placeholder(c)]),
        ) as unknown as typeof members.$inferInsert,
      )
      .returning({ id: members.id })
      .prepare(),
  );
  const values = { ...cols, number: nextMemberNumber(tx), createdAt: nowIso, updatedAt: nowIso };
  const { id } = insert.get(Object.fromEntries(INSERT_COLUMNS.map((c) => [c, values[c] ?? null])))!;
  const tags = values.tags ? values.tags.split('\n') : [];
  const tagInsert = prepared(tx, 'memberTags.insert', (d) =>
    d
      .insert(memberTags)
      .values({
        memberId: sql.placeholder('memberId'),
        tag: sql.placeholder('tag'),
      } as unknown as typeof memberTags.$inferInsert)
      .prepare(),
  );
  for (const tag of tags) tagInsert.run({ memberId: id, tag });
  return {
    ...(values as MemberRow),
    id,
    status: 'active',
    archivedAt: null,
    membership: 'none',
    membershipSubscriptionId: null,
  };
}

export function getMemberRow(db: DbOrTx, id: number): MemberRow {
  const row = prepared(db, 'members.byId', (d) =>
    d
      .select()
      .from(members)
      .where(eq(members.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id });
  if (!row) throw new AppError('NOT_FOUND', 'That member does not exist. They may have been removed.');
  return row;
}

/** The fields the audit log shows for a member. */
export const auditView = (m: Member) => ({
  firstName: m.firstName,
  lastName: m.lastName,
  email: m.email,
  phone: m.phone,
  dateOfBirth: m.dateOfBirth,
  address: m.address,
  taxId: m.taxId,
  tags: m.tags,
  status: m.status,
});
