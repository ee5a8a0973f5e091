import type Database from 'better-sqlite3';
import { emailPart } from './generate';

/** A person typing into the member search box: one `members.list` per keystroke. */
export interface TypedSequence {
  kind: 'name' | 'last name' | 'last first' | 'email' | 'phone' | 'number';
  /** The member the person is looking for, to check they are found. */
  target: { id: number; number: number };
  keystrokes: string[];
}

interface TargetRow {
  id: number;
  number: number;
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  status: string;
}

/** Every prefix of what is typed, one per keystroke (a space is a keystroke too). */
export const keystrokes = (text: string, max = Infinity) =>
  Array.from({ length: Math.min(text.length, max) }, (_, i) => text.slice(0, i + 1));

/** People type names in lower case and without accents ("jose" for "José"). */
const typed = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[øØ]/g, 'o').toLowerCase();

const pad = (n: number) => String(n).padStart(5, '0');

/**
 * ~50 realistic typed searches over members picked deterministically across the list: full names,
 * last names, "last first", email fragments, phone fragments and member numbers.
 */
export function typedSequences(
  sqlite: Database.Database,
  memberCount: number,
  prefix: string,
): TypedSequence[] {
  const byNumber = sqlite.prepare<[number], TargetRow>(
    'SELECT id, number, first_name, last_name, email, phone, status FROM members WHERE number = ?',
  );
  let k = 0;
  const nextTarget = (): TargetRow => {
    // Spread over the whole list; deterministic for a given size. Searches show active members.
    for (;;) {
      k++;
      const n = 1 + ((k * 7919 + 13) % memberCount);
      const row = byNumber.get(n);
      if (!row) throw new Error(`Member ${n} is missing: regenerate the database`);
      if (row.status === 'active') return row;
    }
  };
  const target = (row: TargetRow) => ({ id: row.id, number: row.number });
  const sequences: TypedSequence[] = [];

  for (let i = 0; i < 18; i++) {
    const m = nextTarget();
    sequences.push({
      kind: 'name',
      target: target(m),
      keystrokes: keystrokes(typed(`${m.first_name} ${m.last_name}`)),
    });
  }
  for (let i = 0; i < 8; i++) {
    const m = nextTarget();
    sequences.push({ kind: 'last name', target: target(m), keystrokes: keystrokes(typed(m.last_name)) });
  }
  for (let i = 0; i < 4; i++) {
    const m = nextTarget();
    sequences.push({
      kind: 'last first',
      target: target(m),
      keystrokes: keystrokes(typed(`${m.last_name} ${m.first_name.slice(0, 3)}`)),
    });
  }
  for (let i = 0; i < 6; i++) {
    const m = nextTarget();
    // The local part as written in the email: "jane.doe42"; people stop once the member shows up.
    const local = `${emailPart(m.first_name)}.${emailPart(m.last_name)}${m.number}`;
    sequences.push({ kind: 'email', target: target(m), keystrokes: keystrokes(local, 14) });
  }
  for (let i = 0; i < 6; i++) {
    const m = nextTarget();
    const national = m.phone.replace(/^\+1 /, ''); // "555 123 4567"
    const last4 = national.slice(-4);
    const text =
      i % 3 === 0
        ? national
        : i % 3 === 1
          ? `(${national.slice(0, 3)}) ${national.slice(4, 7)}-${last4}`
          : last4;
    sequences.push({ kind: 'phone', target: target(m), keystrokes: keystrokes(text) });
  }
  const numberTargets = [
    42,
    7,
    Math.floor(memberCount / 3),
    Math.floor((memberCount * 2) / 3),
    memberCount - 1,
  ];
  for (const [i, n] of numberTargets.entries()) {
    // Skip members with a word starting like the prefix ("Mary" for "M-"): the check is about the
    // number, and such a name would match the prefix by luck.
    const startsLikePrefix = new RegExp(
      `(^|[^\\p{L}\\p{N}])${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
      'iu',
    );
    const lucky = (r: TargetRow) =>
      prefix !== '' && startsLikePrefix.test(`${r.first_name} ${r.last_name} ${r.email}`);
    let m = byNumber.get(Math.max(1, Math.min(memberCount, n)));
    while (m && (m.status !== 'active' || lucky(m))) m = byNumber.get(m.number + 1);
    if (!m) continue;
    const withPrefix = prefix ? `${prefix}-${pad(m.number)}` : pad(m.number);
    sequences.push({
      kind: 'number',
      target: target(m),
      keystrokes: keystrokes(i % 2 === 0 ? withPrefix : String(m.number)),
    });
    if (i < 3) {
      sequences.push({ kind: 'number', target: target(m), keystrokes: keystrokes(pad(m.number)) });
    }
  }
  return sequences;
}

export interface PageRequest {
  label: string;
  input: { status: 'active'; limit: number; offset: number; tag?: string };
}

/** Offsets spread over the whole list (the virtualized table pages by 100), then the same per tag. */
export function pageRequests(
  activeTotal: number,
  tagTotals: Record<string, number>,
  points = 30,
): PageRequest[] {
  const spread = (total: number, n: number) => {
    const last = Math.max(0, Math.floor((total - 1) / 100) * 100);
    const offsets = new Set<number>();
    for (let i = 0; i < n; i++) offsets.add(Math.floor((last * i) / Math.max(1, n - 1) / 100) * 100);
    return [...offsets];
  };
  const requests: PageRequest[] = spread(activeTotal, points).map((offset) => ({
    label: 'active',
    input: { status: 'active', limit: 100, offset },
  }));
  for (const [tag, total] of Object.entries(tagTotals)) {
    for (const offset of spread(total, Math.ceil(points / 3))) {
      requests.push({ label: `tag ${tag}`, input: { status: 'active', tag, limit: 100, offset } });
    }
  }
  return requests;
}
