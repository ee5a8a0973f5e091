import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { operators } from './operators';

export const members = sqliteTable(
  'members',
  {
    id: integer('id').primaryKey(),
    number: integer('number').notNull().unique(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    /** `last first`, lower-cased: the list's default order, indexed. */
    sortName: text('sort_name').notNull(),
    email: text('email'),
    phone: text('phone'),
    dateOfBirth: text('date_of_birth'),
    addressLine1: text('address_line1'),
    addressLine2: text('address_line2'),
    city: text('city'),
    region: text('region'),
    postalCode: text('postal_code'),
    country: text('country'),
    /** The member's VAT or tax number, printed on their invoices (EU VAT art. 226); null when none. */
    taxId: text('tax_id'),
    /** Newline-joined copy of member_tags, so lists and exports need no join. */
    tags: text('tags').notNull().default(''),
    status: text('status', { enum: ['active', 'archived'] })
      .notNull()
      .default('active'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    archivedAt: text('archived_at'),
    /**
     * The member's membership at a glance (list badge and filter), derived from their subscriptions by
     * triggers (migration `members_membership`) so every writer keeps it right: see MEMBERSHIP_STATUSES.
     */
    membership: text('membership', {
      enum: ['active', 'trial', 'past_due', 'paused', 'expired', 'none'],
    })
      .notNull()
      .default('none'),
    /** The subscription the membership badge describes (its plan is shown); null when none. */
    membershipSubscriptionId: integer('membership_subscription_id'),
  },
  (t) => [
    index('members_status_sort_idx').on(t.status, t.sortName, t.id),
    index('members_email_idx').on(t.email),
    index('members_membership_idx').on(t.membership, t.status, t.sortName, t.id),
  ],
);

export const memberTags = sqliteTable(
  'member_tags',
  {
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    tag: text('tag').notNull(),
    /** Copies of the member's status and sort name, kept in step by triggers: tag lists page by index. */
    status: text('status', { enum: ['active', 'archived'] })
      .notNull()
      .default('active'),
    sortName: text('sort_name').notNull().default(''),
  },
  (t) => [
    primaryKey({ columns: [t.memberId, t.tag] }),
    index('member_tags_list_idx').on(t.tag, t.status, t.sortName, t.memberId),
  ],
);

export const memberNotes = sqliteTable(
  'member_notes',
  {
    id: integer('id').primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    body: text('body').notNull(),
    operatorId: integer('operator_id').references(() => operators.id),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('member_notes_member_idx').on(t.memberId, t.id)],
);
