import { z } from 'zod';
import { channel } from './define';
import { empty } from './common';
import type { ExportChunk } from './documents';

/** Why a backup was taken; part of its file name. */
export type BackupReason = 'startup' | 'scheduled' | 'manual' | 'before-upgrade' | 'before-restore';

/** One backup file in the backups folder, as the Backups page lists it. */
export interface BackupItem {
  /** The file name inside the backups folder (also its id on the other channels). */
  file: string;
  createdAt: string;
  reason: BackupReason;
  bytes: number;
  encrypted: boolean;
  /** `integrity_check` of the copy when it was taken; `unchecked` for files Recur did not make. */
  check: 'ok' | 'failed' | 'unchecked';
  checkMessage: string | null;
  /** The copy to the second folder: null when none is set. */
  copy: { ok: boolean; message: string | null } | null;
}

export interface BackupList {
  /** Where the data lives (the database, the backups folder, logs). */
  dataFolder: string | null;
  folder: string | null;
  secondFolder: string | null;
  passphraseSet: boolean;
  items: BackupItem[];
  /** The last automatic backup's failure, shown until one succeeds. */
  lastError: string | null;
}

/** What a backup holds, so the owner can confirm a restore knowing what they get back. */
export interface BackupContents {
  file: string;
  createdAt: string | null;
  members: number;
  invoices: number;
  payments: number;
  lastPaymentAt: string | null;
  businessName: string | null;
  /** `older`: made by an earlier version of Recur; it is upgraded after the restore. */
  schema: 'current' | 'older';
}

export interface ExportEverything {
  exportId: string;
  filename: string;
  size: number;
}

/** A name inside the backups folder (or its `incoming/` uploads): never a path elsewhere. */
export const backupFileName = z
  .string()
  .trim()
  .regex(/^(incoming\/)?[A-Za-z0-9][A-Za-z0-9._-]{0,150}$/, 'Choose a backup from the list');

const passphrase = z.string().min(8, 'Use at least 8 characters').max(200, 'Use at most 200 characters');

const MAX_CHUNK_BASE64 = 6 * 1024 * 1024;

export const backupChannels = {
  'backups.list': channel<BackupList>()(empty, 'owner'),
  'backups.create': channel<BackupItem>()(empty, 'owner'),
  'backups.settings': channel<BackupList>()(
    z.object({
      /** An absolute folder, or null for none. */
      secondFolder: z
        .string()
        .trim()
        .max(1000, 'That folder path is too long')
        .refine((v) => v === '' || /^([A-Za-z]:[\\/]|\/|\\\\)/.test(v), 'Use a full folder path')
        .nullable()
        .optional(),
      /** A new passphrase, null to stop encrypting, absent to keep as it is. */
      passphrase: passphrase.nullable().optional(),
    }),
    'owner',
  ),
  'backups.inspect': channel<BackupContents>()(
    z.object({ file: backupFileName, passphrase: passphrase.optional() }),
    'owner',
  ),
  'backups.restore': channel<{ restoredFrom: string; keptAs: string }>()(
    z.object({ file: backupFileName, passphrase: passphrase.optional() }),
    'owner',
  ),
  /**
   * A backup file from elsewhere, sent in pieces (first without an uploadId) so neither side holds it
   * whole; the last piece has `done`. Answers the name to inspect and restore.
   */
  'backups.upload': channel<{ uploadId: string; file: string | null; bytes: number }>()(
    z.object({
      uploadId: z
        .string()
        .regex(/^[a-f0-9]{32}$/, 'Unknown upload')
        .nullable(),
      base64: z.string().max(MAX_CHUNK_BASE64, 'Send the file in smaller pieces'),
      done: z.boolean(),
    }),
    'owner',
  ),
  /** Everything as CSV files plus a copy of the database in one ZIP, written to the exports folder. */
  'backups.exportAll': channel<ExportEverything>()(empty, 'owner'),
  'backups.exportChunk': channel<ExportChunk>()(
    z.object({
      exportId: z.string().regex(/^[A-Za-z0-9-]{8,80}$/, 'Unknown export'),
      offset: z.number().int().min(0).default(0),
    }),
    'owner',
  ),
};
