import { createWriteStream, mkdirSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { AppError } from '../../../shared/errors';

/**
 * The file writes a backup makes besides SQLite's own (encrypting, copying to the second folder).
 * A seam so tests can make a disk full or a folder read-only without root tricks.
 */
export interface BackupIo {
  /** Makes the folder and any above it; answers the first one it made (none: it was there). */
  mkdir(folder: string): string | undefined;
  openWrite(file: string): Writable;
}

export const nodeIo: BackupIo = {
  mkdir: (folder) => mkdirSync(folder, { recursive: true }),
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

/** Why the disk refused, in a few words after a colon; null when the code says nothing useful. */
const FOLDER_REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'part of that path is a file, not a folder',
  EEXIST: 'a file with that name is in the way',
  EROFS: 'the drive is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk is full',
  ENOENT: 'the drive is not there',
  ENAMETOOLONG: 'the path is too long',
};

/**
 * A folder the owner typed (the second backup folder) that Recur could not make or write into, as
 * one sentence: "Recur could not create the folder /media/usb/recur: permission denied."
 */
export function describeFolderError(e: unknown, folder: string, step: 'create' | 'write'): AppError {
  const code = codeOf(e);
  const reason = (code && FOLDER_REASONS[code]) ?? String((e as Error)?.message ?? e);
  const what = step === 'create' ? 'could not create the folder' : 'cannot save files in the folder';
  return new AppError('VALIDATION', `Recur ${what} ${folder}: ${reason}.`);
}
