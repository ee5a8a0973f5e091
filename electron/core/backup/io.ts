import { createWriteStream, mkdirSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { AppError } from '../../../shared/errors';

/**
 * The file writes a backup makes besides SQLite's own (encrypting, copying to the second folder).
 * A seam so tests can make a disk full or a folder read-only without root tricks.
 */
export interface BackupIo {
  mkdir(folder: string): void;
  openWrite(file: string): Writable;
}

export const nodeIo: BackupIo = {
  mkdir: (folder) => void mkdirSync(folder, { recursive: true }),
  openWrite: (file) => createWriteStream(file, { flags: 'w', mode: 0o600 }),
};

/** The code of a Node or SQLite error, when it has one. */
const codeOf = (e: unknown): string | undefined =>
  e && typeof e === 'object' && 'code' in e ? String((e as { code: unknown }).code) : undefined;

/**
 * Turns what the disk said into a sentence the owner can act on. `where` names the folder in their
 * words: "the backups folder", "the second backup folder".
 */
export function describeFileError(e: unknown, where: string, folder: string): AppError {
  if (e instanceof AppError) return e;
  const code = codeOf(e);
  if (code === 'ENOSPC' || code === 'SQLITE_FULL' || code === 'EDQUOT') {
    return new AppError(
      'CONFLICT',
      `The disk of ${where} is full (${folder}). Free some space and try again.`,
    );
  }
  if (code === 'EROFS') {
    return new AppError(
      'CONFLICT',
      `${capital(where)} is read-only (${folder}). Choose a folder Recur can write to.`,
    );
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN') {
    return new AppError(
      'CONFLICT',
      `Recur is not allowed to write to ${where} (${folder}). Check the folder's permissions.`,
    );
  }
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new AppError('CONFLICT', `${capital(where)} is not there (${folder}). Is the drive connected?`);
  }
  return new AppError(
    'INTERNAL',
    `Recur could not write to ${where} (${folder}): ${String((e as Error)?.message ?? e)}`,
  );
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
