import { chmodSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import Database from 'better-sqlite3';

/**
 * The data folder holds the whole business (members, money, secrets, logs, backups): private to its
 * user (DESIGN §13, finding 5.7) and used by one process at a time (finding 5.3).
 */

export const LOCK_FILE = 'recur.lock';

/**
 * Creates the folder if needed and makes it, and the database files already in it, private (and
 * sets the process's umask to 077 for everything written later): the folder 700, files 600 (the
 * folder's mode alone already keeps other users out of everything in
 * it, backups included; the files' modes matter once a file is copied out). SQLite gives the -wal
 * and -shm files it creates later the database file's mode. A no-op on Windows, where modes do not
 * apply (the per-user AppData folder is private already).
 */
export function makeDataFolderPrivate(folder: string, platform = process.platform): void {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (platform === 'win32') return;
  // Whatever this process writes from now on (backups in a second folder, exports, logs) is
  // readable by its user only, without every writer having to remember it.
  if (isMainThread) process.umask(0o077);
  chmodSync(folder, 0o700);
  for (const name of readdirSync(folder)) {
    const file = join(folder, name);
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isDirectory() && name === 'backups') {
      chmodSync(file, 0o700);
      for (const inner of readdirSync(file)) {
        const innerFile = join(file, inner);
        if (statSync(innerFile, { throwIfNoEntry: false })?.isFile()) chmodSync(innerFile, 0o600);
      }
    } else if (stat.isFile()) {
      chmodSync(file, 0o600);
    }
  }
}

/** Makes a database file (and its -wal/-shm companions) readable by its owner only. */
export function makeDatabasePrivate(file: string, platform = process.platform): void {
  if (platform === 'win32' || file === ':memory:') return;
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
}

export class DataFolderBusyError extends Error {
  constructor(readonly folder: string) {
    super(
      `Another copy of Recur is already using the data folder ${folder}. Stop it first, or start this one with --data pointing at another folder.`,
    );
    this.name = 'DataFolderBusyError';
  }
}

const held = new Set<Database.Database>();

export interface DataFolderLock {
  release(): void;
}

/**
 * Takes the data folder for this process, or throws DataFolderBusyError.
 *
 * The lock is an exclusive SQLite lock on a small file of its own (`recur.lock`): an open
 * transaction under `locking_mode=EXCLUSIVE`, held until the process ends. SQLite takes it with the
 * operating system's byte-range locks (fcntl on Linux and macOS, LockFileEx on Windows), which the
 * kernel drops the moment the process ends — also on a crash or SIGKILL — so no stale lock can be
 * left behind, and none has to be guessed at from a pid that may have been reused. It sits beside,
 * not on, recur.sqlite, so backup and restore copies of the database are never blocked by it.
 * (Network file systems with broken locking are the one place it cannot help.)
 */
export function lockDataFolder(folder: string, options: { nativeBinding?: string } = {}): DataFolderLock {
  const file = join(folder, LOCK_FILE);
  const db = new Database(file, {
    timeout: 0,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
  } catch (e) {
    db.close();
    if ((e as { code?: string }).code?.startsWith('SQLITE_BUSY')) throw new DataFolderBusyError(folder);
    throw e;
  }
  if (process.platform !== 'win32') chmodSync(file, 0o600);
  // Held here too: a connection nobody references is garbage-collected, closed, and its lock lost.
  held.add(db);
  return {
    release() {
      held.delete(db);
      if (!db.open) return;
      db.exec('ROLLBACK');
      db.close();
    },
  };
}
