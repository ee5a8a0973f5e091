import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getTableName, is } from 'drizzle-orm';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { openDatabase, type RecurDatabase } from '../../../db/open';
import * as schema from '../../../db/schema';
import { MIGRATIONS } from '../../support/core';

const FIXTURES = fileURLToPath(new URL('../../support/fixtures', import.meta.url));
const NOW = new Date('2026-03-02T15:00:00Z');

/** Every table the drizzle schema declares, plus the FTS index that only a migration creates. */
const EXPECTED_TABLES = [
  ...Object.values(schema)
    .filter((t) => is(t, SQLiteTable))
    .map((t) => getTableName(t as SQLiteTable)),
  'members_fts',
  // Summary tables kept by triggers, written by hand in 0011_reports_triggers.sql (drizzle-kit
  // cannot express triggers, so these tables live beside them rather than in db/schema).
  'report_failed_days',
  'report_failed_invoices',
  'report_months',
].sort();

let dir: string;
const opened: Array<{ close(): void }> = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'recur-migrations-'));
});

afterEach(() => {
  for (const db of opened.splice(0)) {
    try {
      db.close();
    } catch {
      // already closed by the test
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

function open(options: Partial<Parameters<typeof openDatabase>[0]> & { file: string }): RecurDatabase {
  const db = openDatabase({ migrationsFolder: MIGRATIONS, now: () => NOW, ...options });
  opened.push(db);
  return db;
}

/** A plain connection, outside openDatabase, to look at a file as it is on disk. */
function raw(file: string, readonly = true): Database.Database {
  const db = new Database(file, { readonly, fileMustExist: true });
  opened.push(db);
  return db;
}

const tableNames = (sqlite: Database.Database) =>
  (
    sqlite
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
           AND name NOT LIKE 'members_fts_%' AND name <> '__drizzle_migrations' ORDER BY name`,
      )
      .all() as Array<{ name: string }>
  ).map((r) => r.name);

const appliedMigrations = (sqlite: Database.Database) =>
  sqlite
    .prepare('SELECT hash, created_at AS createdAt FROM __drizzle_migrations ORDER BY id')
    .all() as Array<{
    hash: string;
    createdAt: number;
  }>;

const ftsIds = (sqlite: Database.Database, match: string) =>
  (
    sqlite
      .prepare('SELECT rowid FROM members_fts WHERE members_fts MATCH ? ORDER BY rowid')
      .all(match) as Array<{
      rowid: number;
    }>
  ).map((r) => r.rowid);

const journal = () =>
  JSON.parse(readFileSync(join(MIGRATIONS, 'meta', '_journal.json'), 'utf8')) as {
    entries: Array<{ idx: number; version: string; when: number; tag: string; breakpoints: boolean }>;
  };

function seedMember(
  sqlite: Database.Database,
  m: { id: number; number: number; first: string; last: string; email?: string; phone?: string },
) {
  sqlite
    .prepare(
      `INSERT INTO members (id, number, first_name, last_name, sort_name, email, phone, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      m.id,
      m.number,
      m.first,
      m.last,
      `${m.last} ${m.first}`.toLowerCase(),
      m.email ?? null,
      m.phone ?? null,
      NOW.toISOString(),
      NOW.toISOString(),
    );
}

describe('a database built by the real migrations', () => {
  it('has every table of the schema, the search index included', () => {
    const { sqlite } = open({ file: ':memory:' });
    expect(tableNames(sqlite)).toEqual(EXPECTED_TABLES);
    const fts = sqlite.prepare(`SELECT sql FROM sqlite_master WHERE name = 'members_fts'`).get() as {
      sql: string;
    };
    expect(fts.sql).toMatch(/CREATE VIRTUAL TABLE\s+`?members_fts`?\s+USING fts5/i);
    expect(appliedMigrations(sqlite)).toHaveLength(journal().entries.length);
  });

  it('uses WAL, synchronous=FULL, foreign keys and a busy timeout on a file', () => {
    const { sqlite } = open({ file: join(dir, 'recur.sqlite') });
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('enforces foreign keys after opening', () => {
    const { sqlite } = open({ file: join(dir, 'recur.sqlite') });
    expect(() =>
      sqlite.prepare(`INSERT INTO member_tags (member_id, tag) VALUES (424242, 'ghost')`).run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it('applies nothing and takes no backup when opened again', () => {
    const file = join(dir, 'recur.sqlite');
    const first = open({ file });
    expect(first.backupFile).toBeNull(); // a brand-new database has nothing to back up
    const before = appliedMigrations(first.sqlite);
    first.close();

    const second = open({ file });
    expect(second.backupFile).toBeNull();
    expect(appliedMigrations(second.sqlite)).toEqual(before);
    expect(existsSync(join(dir, 'backups'))).toBe(false);
  });
});

describe('upgrading data seeded at the previous version', () => {
  const seed = [
    { id: 1, number: 1, first: 'Jan', last: 'Kowalski', email: 'jan@example.test', phone: '(555) 010-0123' },
    { id: 2, number: 2, first: 'Janet', last: 'Smith' },
    { id: 3, number: 3, first: 'Piotr', last: 'Nowak', email: 'piotr@example.test' },
  ];

  function seedAtVersion1(file: string) {
    const v1 = open({ file, upTo: 1 });
    expect(tableNames(v1.sqlite)).not.toContain('members_fts');
    expect(appliedMigrations(v1.sqlite)).toHaveLength(1);
    for (const m of seed) seedMember(v1.sqlite, m);
    v1.close();
  }

  it('backs up first, into backups/, with the old data in the copy', () => {
    const file = join(dir, 'recur.sqlite');
    seedAtVersion1(file);

    const upgraded = open({ file });
    expect(upgraded.backupFile).toBe(
      join(dir, 'backups', 'recur-2026-03-02T15-00-00-000Z-before-upgrade.sqlite'),
    );
    expect(readdirSync(join(dir, 'backups'))).toEqual([
      'recur-2026-03-02T15-00-00-000Z-before-upgrade.sqlite',
    ]);

    const backup = raw(upgraded.backupFile!);
    expect(backup.prepare('SELECT first_name AS first FROM members ORDER BY id').all()).toEqual([
      { first: 'Jan' },
      { first: 'Janet' },
      { first: 'Piotr' },
    ]);
    expect(tableNames(backup)).not.toContain('members_fts'); // the copy is of the old version
    expect(appliedMigrations(backup)).toHaveLength(1);
    expect(backup.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('backfills the search index with the members that were already there', () => {
    const file = join(dir, 'recur.sqlite');
    seedAtVersion1(file);
    const { sqlite } = open({ file });

    expect(appliedMigrations(sqlite)).toHaveLength(journal().entries.length);
    expect(ftsIds(sqlite, '"jan"*')).toEqual([1, 2]);
    expect(ftsIds(sqlite, '"jan"')).toEqual([1]);
    expect(ftsIds(sqlite, '"kowalski"*')).toEqual([1]);
    expect(ftsIds(sqlite, '"piotr"*')).toEqual([3]);
    // Phone as digits and its last 4; number zero-padded and plain.
    expect(ftsIds(sqlite, '"5550100123"*')).toEqual([1]);
    expect(ftsIds(sqlite, '"0123"*')).toEqual([1]);
    expect(ftsIds(sqlite, '"00003"')).toEqual([3]);
    expect(ftsIds(sqlite, 'number:"2"')).toEqual([2]);
  });

  it('keeps the index in step with UPDATE, INSERT and DELETE done with raw SQL afterwards', () => {
    const file = join(dir, 'recur.sqlite');
    seedAtVersion1(file);
    const { sqlite } = open({ file });

    // Member 1's email also starts with "jan", hence the column filter.
    sqlite.prepare(`UPDATE members SET first_name = 'Adam' WHERE id = 1`).run();
    expect(ftsIds(sqlite, 'name:"jan"*')).toEqual([2]);
    expect(ftsIds(sqlite, '"adam"*')).toEqual([1]);
    expect(ftsIds(sqlite, '"kowalski"*')).toEqual([1]);

    sqlite.prepare(`UPDATE members SET phone = '555 777 8888' WHERE id = 3`).run();
    expect(ftsIds(sqlite, '"8888"*')).toEqual([3]);
    expect(ftsIds(sqlite, '"0123"*')).toEqual([1]);

    sqlite.prepare('DELETE FROM members WHERE id = 2').run();
    expect(ftsIds(sqlite, 'name:"jan"*')).toEqual([]);
    expect(ftsIds(sqlite, '"smith"*')).toEqual([]);

    seedMember(sqlite, { id: 4, number: 4, first: 'Jana', last: 'Dvořáková' });
    expect(ftsIds(sqlite, 'name:"jan"*')).toEqual([4]);
    expect(ftsIds(sqlite, '"dvorakova"*')).toEqual([4]); // diacritics folded
  });
});

describe('a failing migration', () => {
  /** db/migrations plus 0002_orphan_tag (tests/support/fixtures), registered in a copied journal. */
  function brokenMigrations(): string {
    const folder = join(dir, 'migrations');
    cpSync(MIGRATIONS, folder, { recursive: true });
    cpSync(join(FIXTURES, 'migrations', '0002_orphan_tag.sql'), join(folder, '0002_orphan_tag.sql'));
    const j = journal();
    const last = j.entries[j.entries.length - 1]!;
    j.entries.push({ ...last, idx: last.idx + 1, when: last.when + 60_000, tag: '0002_orphan_tag' });
    writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify(j, null, 2));
    return folder;
  }

  it('rolls back whole: no bookkeeping row, no new table, no orphan, the old data intact', () => {
    const migrationsFolder = brokenMigrations();
    const versions = journal().entries.length;
    const file = join(dir, 'recur.sqlite');

    const good = open({ file, migrationsFolder, upTo: versions });
    seedMember(good.sqlite, { id: 1, number: 1, first: 'Jan', last: 'Kowalski' });
    good.sqlite.prepare(`INSERT INTO member_tags (member_id, tag) VALUES (1, 'gold')`).run();
    const before = appliedMigrations(good.sqlite);
    good.close();

    expect(() => open({ file, migrationsFolder })).toThrow(/references/);

    const after = raw(file);
    expect(appliedMigrations(after)).toEqual(before);
    expect(tableNames(after)).not.toContain('widgets');
    expect(after.prepare('SELECT member_id AS memberId, tag FROM member_tags').all()).toEqual([
      { memberId: 1, tag: 'gold' },
    ]);
    expect(after.prepare('SELECT first_name AS first FROM members').all()).toEqual([{ first: 'Jan' }]);
    expect(after.pragma('foreign_key_check')).toEqual([]);
  });

  it('leaves foreign keys ON for the next open of the earlier state', () => {
    const migrationsFolder = brokenMigrations();
    const versions = journal().entries.length;
    const file = join(dir, 'recur.sqlite');
    open({ file, migrationsFolder, upTo: versions }).close();
    expect(() => open({ file, migrationsFolder })).toThrow(/references/);

    const again = open({ file, migrationsFolder, upTo: versions });
    expect(again.backupFile).toBeNull(); // nothing pending at this version
    expect(again.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() =>
      again.sqlite.prepare(`INSERT INTO member_tags (member_id, tag) VALUES (999999, 'ghost')`).run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it('rolls back earlier migrations of the same batch on a brand-new database', () => {
    const migrationsFolder = brokenMigrations();
    const file = join(dir, 'fresh.sqlite');
    expect(() => open({ file, migrationsFolder })).toThrow(/references/);

    const after = raw(file);
    expect(tableNames(after)).toEqual([]);
    expect(appliedMigrations(after)).toEqual([]);
  });
});
