import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { readMigrationFiles, type MigrationMeta } from 'drizzle-orm/migrator';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = BetterSQLite3Database<Schema>;
/** A drizzle transaction; functions that write accept it so callers compose one transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface OpenOptions {
  /** Path of the database file, or ':memory:' for tests. */
  file: string;
  migrationsFolder: string;
  /** Where the pre-migration backup goes; defaults to `<folder of file>/backups`. */
  backupDir?: string;
  /** The Electron build loads a better-sqlite3 compiled for Electron's ABI from here (DESIGN §8). */
  nativeBinding?: string;
  /** For naming backups; the injected clock of the caller. */
  now?: () => Date;
  /** Tests: apply only the first N migrations, to seed data at an older version. */
  upTo?: number;
}

export interface RecurDatabase {
  sqlite: Database.Database;
  db: Db;
  file: string;
  /** The backup taken before migrating, if any. */
  backupFile: string | null;
  /** The better-sqlite3 build this was opened with, for other connections (backup checks, exports). */
  nativeBinding?: string;
  close(): void;
}

const MIGRATIONS_TABLE = '__drizzle_migrations';

/** Opens (creating if needed) the database with the pragmas of DESIGN §6, then migrates it. */
export function openDatabase(options: OpenOptions): RecurDatabase {
  const sqlite = new Database(
    options.file,
    options.nativeBinding ? { nativeBinding: options.nativeBinding } : {},
  );
  try {
    if (options.file !== ':memory:') sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    const backupFile = migrate(sqlite, options);
    cacheStatements(sqlite);
    const db = drizzle(sqlite, { schema });
    return {
      sqlite,
      db,
      file: options.file,
      backupFile,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      close: () => sqlite.close(),
    };
  } catch (e) {
    sqlite.close();
    throw e;
  }
}

/**
 * Applies pending migrations. Drizzle's own migrator cannot check foreign keys before committing, so
 * this one does the same bookkeeping (its table and hashes) with the order DESIGN §6 asks for:
 * back up, foreign keys off, all pending migrations and `foreign_key_check` in one transaction, on.
 */
function migrate(sqlite: Database.Database, options: OpenOptions): string | null {
  let migrations: MigrationMeta[] = readMigrationFiles({ migrationsFolder: options.migrationsFolder });
  if (options.upTo !== undefined) migrations = migrations.slice(0, options.upTo);

  sqlite.exec(
    `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (id INTEGER PRIMARY KEY AUTOINCREMENT, hash text NOT NULL, created_at numeric)`,
  );
  const last = sqlite
    .prepare(`SELECT created_at AS createdAt FROM "${MIGRATIONS_TABLE}" ORDER BY created_at DESC LIMIT 1`)
    .get() as { createdAt: number } | undefined;
  const pending = migrations.filter((m) => !last || Number(last.createdAt) < m.folderMillis);
  if (pending.length === 0) return null;

  const backupFile = last && options.file !== ':memory:' ? backupBeforeMigration(sqlite, options) : null;

  sqlite.pragma('foreign_keys = OFF');
  try {
    sqlite.transaction(() => {
      for (const m of pending) {
        for (const statement of m.sql) {
          if (statement.trim()) sqlite.exec(statement);
        }
        sqlite
          .prepare(`INSERT INTO "${MIGRATIONS_TABLE}" (hash, created_at) VALUES (?, ?)`)
          .run(m.hash, m.folderMillis);
      }
      const violations = sqlite.pragma('foreign_key_check') as unknown[];
      if (violations.length > 0) {
        throw new Error(
          `Database upgrade stopped: ${violations.length} rows would break references. Nothing was changed.`,
        );
      }
    })();
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
  return backupFile;
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * drizzle prepares a new statement for every query it runs; preparing costs about as much as running
 * a small query. The app runs the same few hundred statements over and over, so they are kept, least
 * recently used out. Safe because drizzle only runs statements to completion (`run`, `get`, `all`),
 * and because `raw` mode, the one setting drizzle toggles, is reset whenever a statement is reused.
 */
function cacheStatements(sqlite: Database.Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    let stmt = cache.get(source);
    if (stmt) {
      cache.delete(source);
      if (stmt.reader) stmt.raw(false);
    } else {
      stmt = prepare(source);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, stmt);
    return stmt;
  }) as typeof sqlite.prepare;
}

function backupBeforeMigration(sqlite: Database.Database, options: OpenOptions): string {
  const dir = options.backupDir ?? join(options.file, '..', 'backups');
  mkdirSync(dir, { recursive: true });
  const stamp = (options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
  // Named like every other backup (electron/core/backup/names.ts), so the Backups page lists it.
  const target = join(dir, `recur-${stamp}-before-upgrade.sqlite`);
  // VACUUM INTO is synchronous and yields a consistent, compact copy even in WAL mode.
  sqlite.prepare('VACUUM INTO ?').run(target);
  return target;
}
