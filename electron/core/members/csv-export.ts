import Papa from 'papaparse';
import type { Member } from '../../../shared/contract';
import { dateInZone } from '../../../shared/dates';

/** Spreadsheets run cells that start like a formula; an apostrophe keeps them text (CSV injection). */
const guard = (v: string | null | undefined) => {
  const s = v ?? '';
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
};

/** Headers match the importer's aliases, so an export can be imported again unchanged. */
export function membersToCsv(members: Member[], timeZone: string): string {
  return Papa.unparse({
    fields: [
      'Number',
      'First name',
      'Last name',
      'Email',
      'Phone',
      'Date of birth',
      'Address line 1',
      'Address line 2',
      'City',
      'Region',
      'Postal code',
      'Country',
      'Tags',
      'Status',
      'Joined',
    ],
    data: members.map((m) => [
      m.number,
      guard(m.firstName),
      guard(m.lastName),
      guard(m.email),
      guard(m.phone),
      m.dateOfBirth ?? '',
      guard(m.address.line1),
      guard(m.address.line2),
      guard(m.address.city),
      guard(m.address.region),
      guard(m.address.postalCode),
      guard(m.address.country),
      guard(m.tags.join('; ')),
      m.status,
      dateInZone(new Date(m.createdAt), timeZone),
    ]),
  });
}
