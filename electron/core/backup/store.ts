import { chmodSync, createReadStream, existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { BackupItem, BackupList, BackupReason } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { CorePorts } from '../ports';
import { findSettingsRow } from '../settings/repo';
import { readCatalog, updateCatalog, type CatalogEntry } from './catalog';
import { encryptStream } from './crypto';
import { describeFileError, nodeIo, type BackupIo } from './io';
import { backupName, backupPaths, parseBackupName, type BackupPaths } from './names';
import { checkCopyOffThread, copyDatabase } from './online';
import { backupsToKeep } from './retention';

export const PASSPHRASE_SECRET = 'backupPassphrase';

export interface BackupOptions {
  io?: BackupIo;
  onProgress?: (done: number, total: number) => void;
}

/** The backups folder of this core, or CONFLICT when the database lives in memory (tests). */
export function pathsOf(ports: CorePorts): BackupPaths {
  if (!ports.dataFolder || ports.database.file === ':memory:') {
    throw new AppError('CONFLICT', 'This Recur keeps its data in memory only: there is nothing to back up.');
  }
  return backupPaths(ports.dataFolder);
}

const timeZoneOf = (ports: CorePorts) => {
  try {
    return findSettingsRow(ports.database.db)?.timeZone ?? 'UTC';
  } catch {
    return 'UTC';
  }
};

/** Our backup files in a folder, newest first (other files are left alone, never listed). */
function backupFiles(folder: string): Array<{ file: string; createdAt: string }> {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names
    .map((file) => ({ file, parsed: parseBackupName(file) }))
    .filter((f) => f.parsed !== null)
    .map((f) => ({ file: f.file, createdAt: f.parsed!.createdAt }))
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
}

function toItem(folder: string, file: string, entry: CatalogEntry | undefined): BackupItem | null {
  const parsed = parseBackupName(file);
  if (!parsed) return null;
  let bytes = 0;
  try {
    bytes = statSync(join(folder, file)).size;
  } catch {
    return null;
  }
  return {
    file,
    createdAt: parsed.createdAt,
    reason: parsed.reason,
    bytes,
    encrypted: parsed.encrypted,
    check: entry?.check ?? 'unchecked',
    checkMessage: entry?.checkMessage ?? null,
    copy: entry?.copy ?? null,
  };
}

export function listBackups(ports: CorePorts): BackupList {
  const paths = pathsOf(ports);
  const catalog = readCatalog(paths.backups);
  const items = backupFiles(paths.backups)
    .map((f) => toItem(paths.backups, f.file, catalog.entries[f.file]))
    .filter((i): i is BackupItem => i !== null);
  return {
    dataFolder: paths.dataFolder,
    folder: paths.backups,
    secondFolder: catalog.secondFolder,
    passphraseSet: Boolean(ports.secrets.get(PASSPHRASE_SECRET)),
    items,
    lastError: catalog.lastError,
  };
}

/** One backup at a time per data folder: "Back up now" during the automatic one waits its turn. */
const queues = new Map<string, Promise<unknown>>();
function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(work);
  queues.set(
    key,
    next.catch(() => undefined),
  );
  return next;
}

/**
 * Takes a backup (DESIGN §13): an online copy into a scratch file, checked with `integrity_check`,
 * encrypted when a passphrase is set, then renamed into the backups folder (so a crash never leaves a
 * half file that looks like a backup), copied to the second folder, and the ladder applied.
 */
export function createBackup(
  ports: CorePorts,
  reason: BackupReason,
  options: BackupOptions = {},
): Promise<BackupItem> {
  const paths = pathsOf(ports);
  return oneAtATime(paths.backups, () => takeBackup(ports, paths, reason, options));
}

async function takeBackup(
  ports: CorePorts,
  paths: BackupPaths,
  reason: BackupReason,
  options: BackupOptions,
): Promise<BackupItem> {
  const io = options.io ?? nodeIo;
  const where = 'the backups folder';
  try {
    io.mkdir(paths.backups);
    io.mkdir(paths.work);
  } catch (e) {
    throw describeFileError(e, where, paths.backups);
  }
  const passphrase = ports.secrets.get(PASSPHRASE_SECRET);
  // Names are unique to the millisecond; a second backup in the same instant waits one.
  let at = ports.clock.now();
  while (existsSync(join(paths.backups, backupName(at, reason, Boolean(passphrase))))) {
    at = new Date(at.getTime() + 1);
  }
  const name = backupName(at, reason, Boolean(passphrase));
  const plain = join(paths.work, `${name}.part`);
  const sealed = join(paths.work, `${name}.enc.part`);
  try {
    try {
      rmSync(plain, { force: true });
      await copyDatabase(ports.database.sqlite, plain, options.onProgress);
    } catch (e) {
      throw describeFileError(e, where, paths.backups);
    }
    const check = await checkCopyOffThread(plain, ports.database.nativeBinding);
    let finished = plain;
    if (passphrase) {
      try {
        await encryptStream(createReadStream(plain), io.openWrite(sealed), passphrase);
      } catch (e) {
        throw describeFileError(e, where, paths.backups);
      }
      finished = sealed;
    }
    // Private like the database (DESIGN §13): a backup holds the same data.
    chmodSync(finished, 0o600);
    renameSync(finished, join(paths.backups, name));
    updateCatalog(paths.backups, (c) => {
      c.entries[name] = { check: check.ok ? 'ok' : 'failed', checkMessage: check.message, copy: null };
    });
    if (!check.ok) ports.logger.error('A backup failed its check', { file: name, message: check.message });
    await copyToSecondFolder(paths, name, io);
    prune(ports, paths, name);
    const item = listBackups(ports).items.find((i) => i.file === name);
    if (!item) throw new AppError('INTERNAL', 'The backup was written but cannot be found.');
    return item;
  } finally {
    rmSync(plain, { force: true });
    rmSync(sealed, { force: true });
  }
}

async function copyToSecondFolder(paths: BackupPaths, name: string, io: BackupIo): Promise<void> {
  const folder = readCatalog(paths.backups).secondFolder;
  if (!folder) return;
  let copy: CatalogEntry['copy'];
  const part = join(folder, `${name}.part`);
  try {
    io.mkdir(folder);
    await pipeline(createReadStream(join(paths.backups, name)), io.openWrite(part));
    renameSync(part, join(folder, name));
    copy = { ok: true, message: null };
  } catch (e) {
    rmSync(part, { force: true });
    copy = { ok: false, message: describeFileError(e, 'the second backup folder', folder).message };
  }
  updateCatalog(paths.backups, (c) => {
    const entry = c.entries[name];
    if (entry) entry.copy = copy;
  });
}

/**
 * Applies the retention ladder to the backups folder and to the second folder. A backup that failed
 * its check never takes a rung from a good one.
 */
function prune(ports: CorePorts, paths: BackupPaths, justTaken: string): void {
  const zone = timeZoneOf(ports);
  const catalog = readCatalog(paths.backups);
  const all = backupFiles(paths.backups);
  const good = all.filter((f) => catalog.entries[f.file]?.check !== 'failed');
  // The one just taken stays whatever the clock says (a clock set back would make it look old).
  const keep = new Set([justTaken, ...[...backupsToKeep(good, zone)].map((f) => f.file)]);
  const newestGood = good[0]?.createdAt ?? '';
  for (const f of all) {
    const failedButRecent = catalog.entries[f.file]?.check === 'failed' && f.createdAt > newestGood;
    if (keep.has(f.file) || failedButRecent) continue;
    rmSync(join(paths.backups, f.file), { force: true });
  }
  updateCatalog(paths.backups, (c) => {
    for (const file of Object.keys(c.entries))
      if (!existsSync(join(paths.backups, file))) delete c.entries[file];
  });
  if (catalog.secondFolder) {
    const second = backupFiles(catalog.secondFolder);
    const keepSecond = backupsToKeep(second, zone);
    for (const f of second) {
      if (!keepSecond.has(f) && f.file !== justTaken)
        rmSync(join(catalog.secondFolder, f.file), { force: true });
    }
  }
}

export function recordAutomaticResult(ports: CorePorts, error: string | null): void {
  const paths = pathsOf(ports);
  try {
    updateCatalog(paths.backups, (c) => {
      c.lastError = error;
    });
  } catch {
    // The folder itself is the problem; the log has it.
  }
}

export function newestBackupAt(ports: CorePorts): string | null {
  const paths = pathsOf(ports);
  return backupFiles(paths.backups)[0]?.createdAt ?? null;
}
