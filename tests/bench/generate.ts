import type Database from 'better-sqlite3';
import { FIRST_NAMES, LAST_NAMES, TAGS } from './names';

/** Bump when the generated data changes, so a kept database from an older generator is not reused. */
export const GENERATOR_VERSION = 1;

/** Deterministic 32-bit PRNG (mulberry32): the same seed gives the same business on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Skewed pick: early entries (the common names) come up more often, like real name frequencies. */
function pick<T>(list: readonly T[], r: number): T {
  return list[Math.min(list.length - 1, Math.floor(list.length * r ** 1.6))]!;
}

const digits = (rand: () => number, n: number) => {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rand() * 10);
  return s;
};

/** `José O'Brien` → `jose.obrien`: what people's email local parts look like. */
export const emailPart = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]/gu, '')
    .replace(/[^a-zA-Z0-9]/g, (c) => ({ ø: 'o', Ø: 'o', ł: 'l', Ł: 'l' })[c] ?? '')
    .toLowerCase();

export interface SyntheticMember {
  number: number;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  tags: string[];
  archived: boolean;
  createdAt: string;
}

/** Joined over three years up to this instant, in member-number order. */
const HISTORY_END = Date.parse('2026-03-01T18:00:00Z');
const HISTORY_MS = 3 * 365 * 24 * 3600_000;

export function* syntheticMembers(count: number, seed: number, firstNumber = 1): Generator<SyntheticMember> {
  const rand = prng(seed);
  for (let i = 0; i < count; i++) {
    const number = firstNumber + i;
    const firstName = pick(FIRST_NAMES, rand());
    const lastName = pick(LAST_NAMES, rand());
    const tags: string[] = [];
    for (const t of TAGS) if (rand() < t.p) tags.push(t.tag);
    const joined = HISTORY_END - HISTORY_MS + ((i + rand()) / count) * HISTORY_MS;
    yield {
      number,
      firstName,
      lastName,
      email: `${emailPart(firstName)}.${emailPart(lastName)}${number}@example.com`,
      phone: `+1 555 ${digits(rand, 3)} ${digits(rand, 4)}`,
      tags,
      archived: rand() < 0.05,
      createdAt: new Date(Math.floor(joined)).toISOString(),
    };
  }
}

/** Same rule as the core's `sortName` (electron/core/members/repo.ts). */
export const sortName = (first: string, last: string) => `${last} ${first}`.toLocaleLowerCase('en');

export interface GenerationResult {
  members: number;
  tagRows: number;
  archived: number;
  ms: number;
}

/**
 * Bulk-inserts members with raw prepared statements in large transactions; the FTS5 triggers of
 * migration 0001 index them as they go, exactly as for rows written by the core.
 */
export function insertMembers(
  sqlite: Database.Database,
  count: number,
  options: { seed: number; batchSize?: number; onProgress?: (done: number) => void },
): GenerationResult {
  const insertMember = sqlite.prepare(
    `INSERT INTO members (id, number, first_name, last_name, sort_name, email, phone, tags, status,
       created_at, updated_at, archived_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertTag = sqlite.prepare('INSERT INTO member_tags (member_id, tag) VALUES (?, ?)');
  const batchSize = options.batchSize ?? 25_000;
  let tagRows = 0;
  let archived = 0;
  let batch: SyntheticMember[] = [];
  const writeBatch = sqlite.transaction((rows: SyntheticMember[]) => {
    for (const m of rows) {
      const archivedAt = m.archived
        ? new Date(Date.parse(m.createdAt) + 90 * 24 * 3600_000).toISOString()
        : null;
      insertMember.run(
        m.number,
        m.number,
        m.firstName,
        m.lastName,
        sortName(m.firstName, m.lastName),
        m.email,
        m.phone,
        m.tags.join('\n'),
        m.archived ? 'archived' : 'active',
        m.createdAt,
        archivedAt ?? m.createdAt,
        archivedAt,
      );
      for (const tag of m.tags) insertTag.run(m.number, tag);
      tagRows += m.tags.length;
      if (m.archived) archived++;
    }
  });

  const start = performance.now();
  let done = 0;
  for (const m of syntheticMembers(count, options.seed)) {
    batch.push(m);
    if (batch.length === batchSize) {
      writeBatch(batch);
      done += batch.length;
      batch = [];
      options.onProgress?.(done);
    }
  }
  if (batch.length) {
    writeBatch(batch);
    done += batch.length;
    options.onProgress?.(done);
  }
  sqlite
    .prepare(
      `INSERT INTO sequences (name, next) VALUES ('member', ?) ON CONFLICT(name) DO UPDATE SET next = excluded.next`,
    )
    .run(count + 1);
  return { members: count, tagRows, archived, ms: performance.now() - start };
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** A CSV as a shop exports it from its old software: header aliases the importer recognises. */
export function membersCsv(count: number, seed: number): string {
  const lines = ['First name,Last name,Email,Mobile,Tags'];
  for (const m of syntheticMembers(count, seed, 900_000)) {
    lines.push(
      [m.firstName, m.lastName, m.email.replace('@', '.import@'), m.phone, m.tags.join('; ')]
        .map(csvCell)
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}
