import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { BackupContents } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { readCatalog } from './catalog';
import { backupPaths, parseBackupName } from './names';
import { endSessionsIn, prepareCandidate, switchFiles } from './restore';
import { newestApplied } from './verify';

/**
 * Start-up checks, before the app serves anything (DESIGN §13). Plain functions for both hosts: the
 * desktop app shows the problem in a window, headless mode prints it and exits 1.
 */
export type StartupProblemKind = 'damaged' | 'missing' | 'newer';

export interface DataProblem {
  kind: StartupProblemKind;
  title: string;
  message: string;
  /** The newest backup that passed its check, to offer as the way out. */
  newestGood: { file: string; path: string; createdAt: string } | null;
}

/** Written beside the database once it exists: its absence later means "lost", never "first run". */
const MARKER = 'recur-data.json';

export function markDataFolder(dataFolder: string, now: Date): void {
  const file = join(dataFolder, MARKER);
  if (!existsSync(file)) {
    writeFileSync(file, JSON.stringify({ createdAt: now.toISOString(), database: 'recur.sqlite' }), {
      mode: 0o600,
    });
  }
}

/** The newest migration this Recur knows (its schema version). */
export function appSchemaVersion(migrationsFolder: string): number {
  const migrations = readMigrationFiles({ migrationsFolder });
  return migrations.reduce((max, m) => Math.max(max, m.folderMillis), 0);
}

export function newestGoodBackup(dataFolder: string): DataProblem['newestGood'] {
  const paths = backupPaths(dataFolder);
  const catalog = readCatalog(paths.backups);
  let names: string[] = [];
  try {
    names = readdirSync(paths.backups);
  } catch {
    return null;
  }
  const good = names
    .map((file) => ({ file, parsed: parseBackupName(file) }))
    .filter((f) => f.parsed && catalog.entries[f.file]?.check === 'ok')
    .sort((a, b) => (a.parsed!.createdAt < b.parsed!.createdAt ? 1 : -1))[0];
  return good
    ? { file: good.file, path: join(paths.backups, good.file), createdAt: good.parsed!.createdAt }
    : null;
}

function hasHistory(dataFolder: string): boolean {
  if (existsSync(join(dataFolder, MARKER))) return true;
  try {
    return readdirSync(backupPaths(dataFolder).backups).some((f) => parseBackupName(f) !== null);
  } catch {
    return false;
  }
}

const sizeOf = (file: string) => {
  try {
    return statSync(file).size;
  } catch {
    return -1;
  }
};

/**
 * Null when the app may open the database: it is healthy (`quick_check`), or this is a genuinely
 * fresh install. Otherwise what is wrong, in the owner's words, with the newest good backup.
 */
export function checkDataFolder(options: {
  dataFolder: string;
  databaseFile: string;
  migrationsFolder: string;
  nativeBinding?: string;
}): DataProblem | null {
  const { dataFolder, databaseFile } = options;
  const size = sizeOf(databaseFile);
  const walSize = sizeOf(`${databaseFile}-wal`);
  const newestGood = newestGoodBackup(dataFolder);
  if (size <= 0 && walSize <= 0) {
    if (!hasHistory(dataFolder)) return null; // first run
    return {
      kind: 'missing',
      title: 'Recur’s data file is missing or empty',
      message:
        `Recur has run in this data folder before, but its database (${databaseFile}) is ` +
        `${size === 0 ? 'empty (0 bytes)' : 'missing'}. Recur will not start over with an empty business. ` +
        'Restore a backup to continue.',
      newestGood,
    };
  }
  let db: Database.Database | null = null;
  try {
    db = new Database(databaseFile, {
      fileMustExist: true,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
    const rows = db.pragma('quick_check') as Array<{ quick_check: string }>;
    const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    if (problems.length > 0) return damaged(databaseFile, problems[0]!, newestGood);
    const hasMigrations = db
      .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'`)
      .get();
    if (hasMigrations && newestApplied(db) > appSchemaVersion(options.migrationsFolder)) {
      return {
        kind: 'newer',
        title: 'This data is from a newer Recur',
        message:
          `The database in ${dataFolder} was last used by a newer version of Recur. ` +
          'This version cannot open it without risking your data. Install the newer Recur (or a later one).',
        newestGood: null,
      };
    }
    return null;
  } catch (e) {
    return damaged(databaseFile, (e as Error).message, newestGood);
  } finally {
    try {
      db?.close();
    } catch {
      // Closing a file that never opened properly is not a second problem.
    }
  }
}

function damaged(file: string, detail: string, newestGood: DataProblem['newestGood']): DataProblem {
  return {
    kind: 'damaged',
    title: 'Recur’s data file is damaged',
    message:
      `The database (${file}) failed its start-up check (${detail}). Recur will not use it, so ` +
      'nothing is made worse. Restore a backup to continue; the damaged file is kept.',
    newestGood,
  };
}

/** The headless words for a problem: what happened and the exact command that gets out of it. */
export function describeForConsole(problem: DataProblem, dataFolder: string): string {
  const lines = [problem.title, '', problem.message, ''];
  if (problem.kind === 'newer') return lines.join('\n');
  if (problem.newestGood) {
    lines.push(
      `The newest good backup is from ${problem.newestGood.createdAt}. To restore it, run:`,
      `  npm run serve -- --data "${dataFolder}" --restore "${problem.newestGood.path}"`,
    );
  } else {
    lines.push(
      'No checked backup was found in the backups folder. If you have a backup file, restore it with:',
      `  npm run serve -- --data "${dataFolder}" --restore <backup file>`,
    );
  }
  lines.push('', 'An encrypted backup needs its passphrase: set BACKUP_PASSPHRASE=<passphrase> first.');
  return lines.join('\n');
}

/**
 * Restores a backup file before the app opens anything (`--restore FILE`, the desktop's problem
 * screen). The same checks as an online restore; the current file, damaged or not, is moved aside
 * into the backups folder as `replaced-<time>.sqlite`, never deleted.
 */
export async function restoreBeforeStart(options: {
  dataFolder: string;
  databaseFile: string;
  migrationsFolder: string;
  source: string;
  passphrase?: string | null;
  nativeBinding?: string;
  now: Date;
}): Promise<{ contents: BackupContents; keptAs: string | null }> {
  const paths = backupPaths(options.dataFolder);
  if (!existsSync(options.source)) throw new AppError('NOT_FOUND', `There is no file at ${options.source}.`);
  mkdirSync(paths.work, { recursive: true });
  const candidate = await prepareCandidate({
    paths,
    source: options.source,
    name: options.source.split(/[\\/]/).pop() ?? 'backup',
    appSchema: appSchemaVersion(options.migrationsFolder),
    passphrase: options.passphrase ?? null,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  // Sessions of another time end here too.
  endSessionsIn(candidate.scratch, options.nativeBinding);
  let keptAs: string | null = null;
  const stamp = options.now.toISOString().replace(/[:.]/g, '-');
  for (const suffix of ['', '-wal']) {
    const file = `${options.databaseFile}${suffix}`;
    if (sizeOf(file) > 0) {
      const aside = join(paths.backups, `replaced-${stamp}.sqlite${suffix}`);
      renameSync(file, aside);
      if (suffix === '') keptAs = aside;
    }
  }
  switchFiles(candidate.scratch, options.databaseFile);
  markDataFolder(options.dataFolder, options.now);
  return { contents: candidate.contents, keptAs };
}
