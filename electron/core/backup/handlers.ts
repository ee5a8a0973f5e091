import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors';
import { recordAudit } from '../audit/record';
import type { Ctx } from '../context';
import type { DomainHandlers } from '../handler';
import { updateCatalog } from './catalog';
import { exportEverything, readExportChunk } from './export-all';
import { describeFolderError, nodeIo } from './io';
import { inspectBackup, restoreBackup } from './restore';
import { createBackup, listBackups, PASSPHRASE_SECRET, pathsOf } from './store';
import { receiveUpload } from './upload';

/** Backups are settings-grade actions: the log says who took one, changed where they go, restored. */
const audit = (ctx: Ctx, action: string, after: Record<string, unknown>) =>
  ctx.write((tx) => recordAudit(tx, ctx, { entity: 'settings', entityId: null, action, after }));

/**
 * The second folder must exist and take a file before it is saved: found out now, not at 3 am. A
 * refusal leaves nothing behind: folders made on the way are removed again.
 */
function probeFolder(folder: string): void {
  let made: string | undefined;
  try {
    made = nodeIo.mkdir(folder);
  } catch (e) {
    throw refused(describeFolderError(e, folder, 'create'));
  }
  const probe = join(folder, `.recur-probe-${process.pid}`);
  try {
    writeFileSync(probe, 'ok');
    rmSync(probe, { force: true });
  } catch (e) {
    if (made) rmSync(made, { recursive: true, force: true });
    throw refused(describeFolderError(e, folder, 'write'));
  }
}

const refused = (error: AppError) =>
  new AppError('VALIDATION', error.message, { secondFolder: error.message });

export const backupHandlers: DomainHandlers<'backups'> = {
  'backups.list': (ctx) => listBackups(ctx.ports),
  'backups.create': async (ctx) => {
    const item = await createBackup(ctx.ports, 'manual', {
      onProgress: (done, total) => ctx.progress('backup', done, total),
    });
    audit(ctx, 'backup.created', { file: item.file, check: item.check });
    ctx.changed('backups', []);
    return item;
  },
  'backups.settings': (ctx, input) => {
    const paths = pathsOf(ctx.ports);
    if (input.secondFolder !== undefined) {
      const folder = input.secondFolder?.trim() || null;
      if (folder) probeFolder(folder);
      nodeIo.mkdir(paths.backups);
      updateCatalog(paths.backups, (c) => {
        c.secondFolder = folder;
      });
    }
    if (input.passphrase !== undefined) {
      if (input.passphrase === null) ctx.ports.secrets.delete(PASSPHRASE_SECRET);
      else ctx.ports.secrets.set(PASSPHRASE_SECRET, input.passphrase);
    }
    const list = listBackups(ctx.ports);
    audit(ctx, 'backup.settings', { secondFolder: list.secondFolder, encrypted: list.passphraseSet });
    ctx.changed('backups', []);
    return list;
  },
  'backups.inspect': (ctx, input) => inspectBackup(ctx.ports, input.file, input.passphrase),
  'backups.restore': async (ctx, input) => {
    const result = await restoreBackup(ctx.ports, input.file, input.passphrase, (done, total) =>
      ctx.progress('restore', done, total),
    );
    // Everything changed; every window reloads its data (and signs in again: sessions ended).
    ctx.changed('*', []);
    return result;
  },
  'backups.upload': (ctx, input) => receiveUpload(ctx.ports, input),
  'backups.exportAll': async (ctx) => {
    const result = await exportEverything(ctx.ports, (done, total) => ctx.progress('export', done, total));
    audit(ctx, 'backup.exported', { file: result.filename });
    return result;
  },
  'backups.exportChunk': (ctx, input) => readExportChunk(ctx.ports, input.exportId, input.offset),
};
