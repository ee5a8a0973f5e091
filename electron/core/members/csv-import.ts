import Papa from 'papaparse';
import { isReservedName } from '../../../shared/contract/members';
import { AppError } from '../../../shared/errors';
import { IMPORT_FIELDS, type ImportField, type ImportRowError } from '../../../shared/contract';
import { memberInput } from '../../../shared/contract/members';
import type { MemberFields } from './repo';

export type Mapping = Partial<Record<ImportField, string | null>>;

export const FIELD_LABELS: Record<ImportField, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  phone: 'Phone',
  dateOfBirth: 'Date of birth',
  line1: 'Address line 1',
  line2: 'Address line 2',
  city: 'City',
  region: 'State / region',
  postalCode: 'Postal code',
  country: 'Country',
  taxId: 'Tax ID',
  tags: 'Tags',
};

/** Header spellings seen in spreadsheets and other gym software, normalized (lower case, no spaces/punctuation). */
const ALIASES: Record<ImportField, string[]> = {
  firstName: ['firstname', 'first', 'givenname', 'forename', 'fname'],
  lastName: ['lastname', 'last', 'surname', 'familyname', 'lname'],
  email: ['email', 'emailaddress', 'mail', 'e-mail'],
  phone: ['phone', 'phonenumber', 'mobile', 'cell', 'telephone', 'tel', 'mobilephone'],
  dateOfBirth: ['dateofbirth', 'dob', 'birthdate', 'birthday'],
  line1: ['addressline1', 'address1', 'address', 'street', 'streetaddress'],
  line2: ['addressline2', 'address2', 'apt', 'suite'],
  city: ['city', 'town'],
  region: ['region', 'state', 'province', 'county', 'stateregion'],
  postalCode: ['postalcode', 'postcode', 'zip', 'zipcode'],
  country: ['country'],
  taxId: ['taxid', 'vatid', 'vatnumber', 'vatno', 'taxnumber', 'tin'],
  tags: ['tags', 'labels', 'groups'],
};

const normalizeHeader = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');

export function suggestMapping(columns: string[]): Record<ImportField, string | null> {
  const mapping = {} as Record<ImportField, string | null>;
  const used = new Set<string>();
  for (const field of IMPORT_FIELDS) {
    const aliases = ALIASES[field].map(normalizeHeader);
    const hit = columns.find((c) => !used.has(c) && aliases.includes(normalizeHeader(c)));
    mapping[field] = hit ?? null;
    if (hit) used.add(hit);
  }
  return mapping;
}

export interface ParsedCsv {
  columns: string[];
  rows: Array<Record<string, string>>;
}

/**
 * Parses the file into rows keyed by column name. Rows are objects without a prototype, so a column
 * called `toString` or `__proto__` is just a column; such names are refused anyway (RESERVED_NAMES)
 * because an object with a prototype anywhere downstream would misread them.
 */
export function parseCsv(text: string): ParsedCsv {
  const result = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
    header: false,
    skipEmptyLines: 'greedy',
  });
  return toParsed(result.data);
}

/**
 * parseCsv for the import itself: Papa Parse reads the text 256 KB at a time and the event loop is
 * free between pieces, so parsing a 150k-row file (over a second) holds no other request.
 */
export function parseCsvInChunks(text: string): Promise<ParsedCsv> {
  return new Promise((resolve, reject) => {
    const lines: string[][] = [];
    Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
      header: false,
      skipEmptyLines: 'greedy',
      chunkSize: 256 * 1024,
      chunk: (results: Papa.ParseResult<string[]>, parser: Papa.Parser) => {
        for (const line of results.data) lines.push(line);
        parser.pause();
        setImmediate(() => parser.resume());
      },
      complete: () => {
        try {
          resolve(toParsed(lines));
        } catch (e) {
          reject(e);
        }
      },
      error: (e: unknown) => reject(e),
    });
  });
}

function toParsed(data: string[][]): ParsedCsv {
  const [header = [], ...lines] = data;
  const names = header.map((h) => h.trim());
  const reserved = names.find(isReservedName);
  if (reserved !== undefined) {
    throw new AppError(
      'VALIDATION',
      `The file has a column named “${reserved}”, which Recur cannot use. Rename that column and try again.`,
      { csv: `Rename the column “${reserved}”` },
    );
  }
  // A repeated header gets a suffix (`Email`, `Email_1`), as papaparse's header mode names them.
  const seen = new Set<string>();
  const columns: string[] = [];
  const positions: Array<[string, number]> = [];
  names.forEach((header, i) => {
    if (!header) return;
    let name = header;
    for (let n = 1; seen.has(name); n++) name = `${header}_${n}`;
    seen.add(name);
    columns.push(name);
    positions.push([name, i]);
  });
  const rows = lines.map((cells) => {
    const row = Object.create(null) as Record<string, string>;
    for (const [name, i] of positions) row[name] = cells[i] ?? '';
    return row;
  });
  return { columns, rows };
}

/** Our export guards spreadsheet formulas with a leading apostrophe; take it off on the way back in. */
const unguard = (v: string) => (/^'[=+\-@]/.test(v) ? v.slice(1) : v);

export interface ValidatedRows {
  members: MemberFields[];
  errors: ImportRowError[];
}

/** The first spreadsheet row is the header, so data row i is line i + 2 as a person sees it. */
const sheetRow = (index: number) => index + 2;

export function validateRows(parsed: ParsedCsv, mapping: Mapping): ValidatedRows {
  const errors: ImportRowError[] = [];
  for (const field of ['firstName', 'lastName'] as const) {
    const column = mapping[field];
    if (!column || !parsed.columns.includes(column)) {
      errors.push({
        row: 1,
        field: FIELD_LABELS[field],
        message: `Choose the column that holds ${FIELD_LABELS[field].toLowerCase()}s`,
      });
    }
  }
  if (errors.length) return { members: [], errors };

  const members: MemberFields[] = [];
  parsed.rows.forEach((row, index) => validateRow(row, index, mapping, members, errors));
  return { members, errors };
}

function validateRow(
  row: Record<string, string>,
  index: number,
  mapping: Mapping,
  members: MemberFields[],
  errors: ImportRowError[],
): void {
  const cell = (field: ImportField) => {
    const column = mapping[field];
    const raw = column && Object.hasOwn(row, column) ? row[column] : undefined;
    const value = typeof raw === 'string' ? unguard(raw.trim()) : '';
    return value === '' ? undefined : value;
  };
  const candidate = {
    firstName: cell('firstName') ?? '',
    lastName: cell('lastName') ?? '',
    email: cell('email'),
    phone: cell('phone'),
    dateOfBirth: cell('dateOfBirth'),
    address: {
      line1: cell('line1'),
      line2: cell('line2'),
      city: cell('city'),
      region: cell('region'),
      postalCode: cell('postalCode'),
      country: cell('country'),
    },
    taxId: cell('taxId'),
    tags: cell('tags')?.split(/[;,|]/) ?? [],
  };
  const result = memberInput.safeParse(candidate);
  if (result.success) {
    members.push(result.data);
    return;
  }
  for (const issue of result.error.issues) {
    const key = (issue.path.at(-1) ?? 'firstName') as string;
    const field = (IMPORT_FIELDS as readonly string[]).includes(key) ? (key as ImportField) : 'firstName';
    errors.push({
      row: sheetRow(index),
      field: mapping[field] ?? FIELD_LABELS[field],
      message: issue.message,
    });
  }
}

/** Rows checked per turn of the event loop, so progress reaches the window while a big file is checked. */
const CHUNK = 2000;

/** validateRows for big files: yields between chunks and reports how far it got. */
export async function validateRowsInChunks(
  parsed: ParsedCsv,
  mapping: Mapping,
  onProgress: (done: number, total: number) => void,
): Promise<ValidatedRows> {
  const header = validateRows({ columns: parsed.columns, rows: [] }, mapping);
  if (header.errors.length) return header;
  const members: MemberFields[] = [];
  const errors: ImportRowError[] = [];
  const total = parsed.rows.length;
  for (let start = 0; start < total; start += CHUNK) {
    const end = Math.min(total, start + CHUNK);
    for (let i = start; i < end; i++) validateRow(parsed.rows[i]!, i, mapping, members, errors);
    onProgress(end, total);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { members, errors };
}
