import { z } from 'zod';
import { channel } from './define';
import {
  byId,
  calendarDate,
  empty,
  id,
  optionalEmail,
  optionalText,
  paging,
  requiredText,
  updateFields,
} from './common';
import { messageChoices } from './messages';
import { addressInput } from './settings';
import type { ImportPreview, Member, MemberNote, Page } from './types';
import type { ExportChunk } from './documents';

/** A finished members CSV export, waiting in the exports folder to be fetched in pieces. */
export interface MemberExport {
  exportId: string;
  /** e.g. members-2026-03-02.csv */
  filename: string;
  size: number;
  count: number;
}

const tag = z.string().trim().max(40, 'Tags are at most 40 characters');

/**
 * Names are stored in NFKC, the form search queries are put in, so a name typed decomposed, full-width
 * or with a ligature is found by typing it either way.
 */
const nfkc = <T extends string | undefined>(v: T): T => (v === undefined ? v : (v.normalize('NFKC') as T));

export const memberFields = {
  firstName: requiredText(80, 'First name').transform(nfkc),
  lastName: requiredText(80, 'Last name').transform(nfkc),
  email: optionalEmail.transform(nfkc),
  phone: optionalText(40, 'Phone')
    .transform(nfkc)
    .refine(
      (v) => v === undefined || /^[+()\d\s.-]{3,40}$/.test(v),
      'Use digits, spaces, dashes and an optional leading +',
    ),
  // An emptied date field arrives as '': it means "no date", like the other optional fields.
  dateOfBirth: z.preprocess((v) => (v === '' ? undefined : v), calendarDate.optional()),
  address: addressInput.optional(),
  /** A VAT or tax number, printed on the member's invoices (EU VAT art. 226): only when they give one. */
  taxId: optionalText(40, 'Tax ID'),
  // Blank tags (a trailing `;` in a CSV, an empty chip) are dropped rather than refused.
  tags: z
    .array(tag)
    .transform((tags) => tags.filter(Boolean))
    .pipe(z.array(z.string()).max(20, 'At most 20 tags'))
    .optional(),
};

export const memberInput = z.object(memberFields);

export const memberStatus = z.enum(['active', 'archived', 'all']);

/** A member's membership as gym software shows it; derived from their subscriptions (see db/schema/members). */
export const membershipStatus = z.enum(['active', 'trial', 'past_due', 'paused', 'expired', 'none'], {
  error: 'Choose a membership: active, trial, past due, paused, expired or none',
});

export const memberFilter = z.object({
  query: z.string().trim().max(200).optional(),
  status: memberStatus.default('active'),
  tag: z.string().trim().max(40).optional(),
  membership: membershipStatus.optional(),
  /** By name (last, first), or newest first (the dashboard). */
  sort: z.enum(['name', 'newest']).default('name'),
});

/** Fields a CSV column can be mapped to, in the order the import dialog shows them. */
export const IMPORT_FIELDS = [
  'firstName',
  'lastName',
  'email',
  'phone',
  'dateOfBirth',
  'line1',
  'line2',
  'city',
  'region',
  'postalCode',
  'country',
  'taxId',
  'tags',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

const MAX_CSV_BYTES = 20 * 1024 * 1024;
const csvText = z
  .string({ error: 'Choose a CSV file' })
  .min(1, 'The file is empty')
  .max(MAX_CSV_BYTES, 'The file is larger than 20 MB: split it into smaller files');
/**
 * Names that mean something to every JavaScript object (`__proto__`, `constructor`, `toString`…):
 * refused as CSV column names, so no lookup by column name can ever reach the object machinery.
 */
const RESERVED_NAMES: ReadonlySet<string> = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  'prototype',
]);
export const isReservedName = (name: string): boolean => RESERVED_NAMES.has(name.trim());

const mapping = z.partialRecord(
  z.enum(IMPORT_FIELDS),
  z
    .string()
    .refine((c) => !isReservedName(c), {
      error: (i) => `Recur cannot use a column named “${String(i.input)}”`,
    })
    .nullable(),
);

export const memberChannels = {
  'members.list': channel<Page<Member>>()(
    // Later pages of a scrolling list may skip the count (`withTotal: false`): it costs more than the page.
    memberFilter.extend({ ...paging, withTotal: z.boolean().default(true) }),
    'staff',
  ),
  'members.get': channel<Member>()(byId, 'staff'),
  /** `messages`: the member's message choices, saved with them (omitted: the defaults, see messages). */
  'members.create': channel<Member>()(memberInput.extend({ messages: messageChoices.optional() }), 'staff'),
  'members.update': channel<Member>()(
    z.object(updateFields(memberFields)).extend({ id, messages: messageChoices.optional() }),
    'staff',
  ),
  'members.archive': channel<Member>()(byId, 'staff'),
  'members.restore': channel<Member>()(byId, 'staff'),
  /** Members already using this email (for the duplicate warning as the form is filled). */
  'members.duplicates': channel<Member[]>()(
    z.object({ email: z.string().trim().toLowerCase().max(254), excludeId: id.optional() }),
    'staff',
  ),
  'members.tags': channel<string[]>()(empty, 'staff'),
  'members.notes': channel<MemberNote[]>()(z.object({ memberId: id }), 'staff'),
  'members.addNote': channel<MemberNote>()(
    z.object({
      memberId: id,
      body: z.string().trim().min(1, 'Write a note first').max(5000, 'Notes are at most 5000 characters'),
    }),
    'staff',
  ),
  'members.importPreview': channel<ImportPreview>()(
    z.object({ csv: csvText, mapping: mapping.optional() }),
    'manager',
  ),
  'members.importCommit': channel<{ imported: number }>()(z.object({ csv: csvText, mapping }), 'manager'),
  /**
   * The list as CSV, written in pages to a file in the exports folder (never held whole in memory);
   * fetched with members.exportChunk, which removes the file after its last piece.
   */
  'members.exportCsv': channel<MemberExport>()(memberFilter, 'manager'),
  'members.exportChunk': channel<ExportChunk>()(
    z.object({
      exportId: z.string().regex(/^members-[0-9a-f-]{8,40}$/, 'Unknown export'),
      offset: z.number().int().min(0).default(0),
    }),
    'manager',
  ),
};
