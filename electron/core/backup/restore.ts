import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  createWriteStream,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { BackupContents } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { CorePorts } from '../ports';
import { decryptFile, isEncryptedFile } from './crypto';
import { parseBackupName, type BackupPaths } from './names';
import { createBackup, PASSPHRASE_SECRET, pathsOf } from './store';
import { newestApplied, verifyCandidate } from './verify';

/** Where a name from the list (or an upload) lives; the contract already refused anything else. */
export function sourceFile(paths: BackupPaths, name: string): string {
  const file = name.startsWith('incoming/')
    ? join(paths.incoming, name.slice('incoming/'.length))
    : join(paths.backups, name);
  if (!existsSync(file)) throw new AppError('NOT_FOUND', 'That backup is no longer there. Refresh the list.');
  return file;
}

export interface Candidate {
  /** A checked, self-contained copy in the scratch folder; the caller moves or deletes it. */
  scratch: string;
  contents: BackupContents;
}

/**
 * Copies (or decrypts) a backup into a scratch file and runs every check on it. Nothing of the
 * current data is touched. A file Recur encrypted opens with the saved passphrase unless another is given.
 */
export async function prepareCandidate(options: {
  paths: BackupPaths;
  source: string;
  name: string;
  appSchema: number;
  passphrase?: string | null;
  nativeBinding?: string;
}): Promise<Candidate> {
  const { paths, source, name } = options;
  mkdirp(paths.work);
  const scratch = join(paths.work, `restore-${randomBytes(8).toString('hex')}.sqlite`);
  try {
    if (await isEncryptedFile(source)) {
      if (!options.passphrase) {
        throw new AppError('VALIDATION', 'This backup is encrypted. Enter its passphrase.', {
          passphrase: 'Enter the passphrase of this backup',
        });
      }
      await decryptFile(source, createWriteStream(scratch, { mode: 0o600 }), options.passphrase);
    } else {
      copyFileSync(source, scratch);
    }
    chmodSync(scratch, 0o600);
    const contents = verifyCandidate(scratch, options.appSchema, {
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      name,
      createdAt: parseBackupName(name.replace(/^incoming\//, ''))?.createdAt ?? null,
    });
    return { scratch, contents };
  } catch (e) {
    rmSync(scratch, { force: true });
    throw e;
  }
}

function mkdirp(folder: string) {
  mkdirSync(folder, { recursive: true });
}

/** The sessions in a backup are from another time: nobody may come back in through them. */
export function endSessionsIn(file: string, nativeBinding?: string): void {
  const db = new Database(file, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    db.exec('DELETE FROM sessions');
  } finally {
    db.close();
  }
}

function fsyncFile(file: string) {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Puts a checked file in the database's place. Order for a crash at any line (DESIGN §6): the
 * candidate is complete on disk before the current database is closed (its WAL folded in by the
 * close); the rename is atomic, so the file at the database's path is always one whole database.
 */
export function switchFiles(candidate: string, databaseFile: string): void {
  fsyncFile(candidate);
  // A WAL left beside the old file would be read as part of the new one: the close folded it in,
  // so what remains here is empty or stale.
  rmSync(`${databaseFile}-wal`, { force: true });
  rmSync(`${databaseFile}-shm`, { force: true });
  renameSync(candidate, databaseFile);
  try {
    fsyncFile(dirname(databaseFile));
  } catch {
    // Some platforms cannot fsync a folder; the rename is still atomic.
  }
}

export async function inspectBackup(
  ports: CorePorts,
  name: string,
  passphrase?: string,
): Promise<BackupContents> {
  const paths = pathsOf(ports);
  const candidate = await prepareCandidate({
    paths,
    source: sourceFile(paths, name),
    name,
    appSchema: newestApplied(ports.database.sqlite),
    passphrase: passphrase ?? ports.secrets.get(PASSPHRASE_SECRET),
    ...(ports.database.nativeBinding ? { nativeBinding: ports.database.nativeBinding } : {}),
  });
  rmSync(candidate.scratch, { force: true });
  return candidate.contents;
}

/**
 * Restores a backup while the app runs: checks it, keeps the current database as a backup, then
 * closes the database, switches the files and reopens through the host's `reopenDatabase` (which
 * upgrades an older backup like any start-up). Every session ends: the restored file has none.
 */
export async function restoreBackup(
  ports: CorePorts,
  name: string,
  passphrase: string | undefined,
  onProgress?: (done: number, total: number) => void,
): Promise<{ restoredFrom: string; keptAs: string }> {
  const reopen = ports.reopenDatabase;
  if (!reopen) throw new AppError('CONFLICT', 'Restoring is not available in this mode.');
  const paths = pathsOf(ports);
  const candidate = await prepareCandidate({
    paths,
    source: sourceFile(paths, name),
    name,
    appSchema: newestApplied(ports.database.sqlite),
    passphrase: passphrase ?? ports.secrets.get(PASSPHRASE_SECRET),
    ...(ports.database.nativeBinding ? { nativeBinding: ports.database.nativeBinding } : {}),
  });
  try {
    endSessionsIn(candidate.scratch, ports.database.nativeBinding);
    const kept = await createBackup(ports, 'before-restore', { ...(onProgress ? { onProgress } : {}) });
    if (kept.check !== 'ok') {
      throw new AppError(
        'CONFLICT',
        'The current data could not be backed up safely, so nothing was restored.',
      );
    }
    const file = ports.database.file;
    ports.database.close();
    try {
      switchFiles(candidate.scratch, file);
    } finally {
      // Reopen whatever is in place now: the restored file, or the untouched current one.
      ports.database = reopen(file);
    }
    ports.logger.info('Restored a backup', { from: name, keptAs: kept.file });
    return { restoredFrom: name, keptAs: kept.file };
  } finally {
    rmSync(candidate.scratch, { force: true });
  }
}
