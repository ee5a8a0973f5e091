/** Generated member CSVs for the import tests: deterministic, so failures reproduce. */
const FIRST = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Ava',
  'Elijah',
  'Sophia',
  'Lucas',
  'Mia',
  'Mateo',
  'Zoë',
  'Jürgen',
];
const LAST = [
  'Smith',
  'García',
  'Nguyen',
  'Okafor',
  'Kowalski',
  'Rossi',
  'Müller',
  'Dubois',
  'Tanaka',
  'Silva',
];
const TAGS = ['morning', 'evening', 'student', 'family', 'yoga', 'swim'];

export interface GeneratedCsv {
  csv: string;
  /** Spreadsheet row numbers (header = row 1) that carry a deliberate error. */
  badRows: number[];
}

function quote(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * `count` members; when `withErrors`, three rows are broken in three different ways: an invalid email,
 * a missing last name and an impossible date of birth.
 */
export function membersCsv(count: number, withErrors: boolean): GeneratedCsv {
  const header = ['First name', 'Last name', 'Email', 'Phone', 'Date of birth', 'City', 'Tags'];
  const lines = [header.join(',')];
  const badRows: number[] = [];
  for (let i = 0; i < count; i++) {
    const row = i + 2;
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
    let email = `${first.toLowerCase()}.${i}@import.example`.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    let lastName = last;
    let dob = `19${70 + (i % 30)}-0${1 + (i % 9)}-1${i % 10}`;
    if (withErrors && i === 10) {
      email = 'not-an-email';
      badRows.push(row);
    }
    if (withErrors && i === 77) {
      lastName = '';
      badRows.push(row);
    }
    if (withErrors && i === 150) {
      dob = '1990-02-31';
      badRows.push(row);
    }
    const phone = `+44 20 7946 ${String(1000 + i).slice(-4)}`;
    const tags = [TAGS[i % TAGS.length]!, TAGS[(i + 2) % TAGS.length]!].join(';');
    lines.push([first, lastName, email, phone, dob, i % 2 ? 'London' : 'Leeds', tags].map(quote).join(','));
  }
  return { csv: `${lines.join('\n')}\n`, badRows };
}
