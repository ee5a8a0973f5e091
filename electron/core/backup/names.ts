import { join } from 'node:path';
import type { BackupReason } from '../../../shared/contract';

/**
 * Backup files are named for when and why they were taken, so a folder of them makes sense to a person
 * and the list can be rebuilt from the names alone: `recur-2026-03-02T15-00-00-000Z-manual.sqlite`,
 * `.sqlite.enc` when encrypted with the passphrase.
 */
const NAME = /^recur-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z-([a-z-]+)\.sqlite(\.enc)?$/;

const REASONS: readonly BackupReason[] = [
  'startup',
  'scheduled',
  'manual',
  'before-upgrade',
  'before-restore',
];

export function backupName(at: Date, reason: BackupReason, encrypted: boolean): string {
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  return `recur-${stamp}-${reason}.sqlite${encrypted ? '.enc' : ''}`;
}

export interface ParsedName {
  createdAt: string;
  reason: BackupReason;
  encrypted: boolean;
}

export function parseBackupName(file: string): ParsedName | null {
  const m = NAME.exec(file);
  if (!m) return null;
  const reason = m[6] as BackupReason;
  if (!REASONS.includes(reason)) return null;
  return {
    createdAt: `${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`,
    reason,
    encrypted: Boolean(m[7]),
  };
}

/** The folders Recur keeps next to its database. */
export interface BackupPaths {
  dataFolder: string;
  backups: string;
  /** Uploaded files waiting to be inspected and restored. */
  incoming: string;
  /** Copies being written: never listed, so a crash leaves nothing that looks like a backup. */
  work: string;
  exports: string;
}

export function backupPaths(dataFolder: string, backupsFolder?: string): BackupPaths {
  const backups = backupsFolder ?? join(dataFolder, 'backups');
  return {
    dataFolder,
    backups,
    incoming: join(backups, 'incoming'),
    work: join(backups, '.work'),
    exports: join(dataFolder, 'exports'),
  };
}
