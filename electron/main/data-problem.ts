import type { Dialog } from 'electron';
import { formatDateTime } from '../../shared/dates';
import { restoreBeforeStart, type DataProblem } from '../core/backup/startup';

/**
 * The desktop app's screen for a damaged, emptied or newer database (DESIGN §13): what happened in
 * plain words and a way out: the newest good backup, a backup file chosen by the owner, or quit.
 * Resolves true when a backup was restored (the caller relaunches on it).
 */
export async function offerRestore(options: {
  dialog: Dialog;
  problem: DataProblem;
  dataFolder: string;
  databaseFile: string;
  migrationsFolder: string;
  nativeBinding?: string;
  passphrase: string | null;
  now: () => Date;
  log: (message: string, data?: Record<string, unknown>) => void;
}): Promise<boolean> {
  const { dialog, problem } = options;
  if (problem.kind === 'newer') {
    await dialog.showMessageBox({
      type: 'error',
      title: problem.title,
      message: problem.title,
      detail: problem.message,
      buttons: ['Quit'],
    });
    return false;
  }
  for (;;) {
    const newest = problem.newestGood;
    const buttons = [
      ...(newest ? [`Restore the backup of ${formatDateTime(newest.createdAt)}`] : []),
      'Choose a backup file…',
      'Quit',
    ];
    const { response } = await dialog.showMessageBox({
      type: 'error',
      title: problem.title,
      message: problem.title,
      detail: `${problem.message}\n\nData folder: ${options.dataFolder}`,
      buttons,
      defaultId: 0,
      cancelId: buttons.length - 1,
      noLink: true,
    });
    const choice = buttons[response];
    let source: string | null = null;
    if (newest && response === 0) source = newest.path;
    else if (choice === 'Choose a backup file…') {
      const picked = await dialog.showOpenDialog({
        title: 'Choose a Recur backup',
        properties: ['openFile'],
        filters: [
          { name: 'Recur backups', extensions: ['sqlite', 'enc', 'bak'] },
          { name: 'All files', extensions: ['*'] },
        ],
      });
      source = picked.canceled ? null : (picked.filePaths[0] ?? null);
      if (!source) continue;
    } else return false;
    try {
      const done = await restoreBeforeStart({
        dataFolder: options.dataFolder,
        databaseFile: options.databaseFile,
        migrationsFolder: options.migrationsFolder,
        source,
        passphrase: options.passphrase,
        ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
        now: options.now(),
      });
      options.log('restored a backup at start-up', { source, keptAs: done.keptAs });
      await dialog.showMessageBox({
        type: 'info',
        title: 'Backup restored',
        message: 'Backup restored',
        detail:
          `Recur now holds ${done.contents.members} members and ${done.contents.invoices} invoices from that backup.` +
          (done.keptAs ? `\n\nThe previous file was kept as ${done.keptAs}.` : '') +
          '\n\nRecur will now start again.',
        buttons: ['Start Recur'],
      });
      return true;
    } catch (e) {
      options.log('restore at start-up failed', { source, error: e });
      await dialog.showMessageBox({
        type: 'warning',
        title: 'That backup could not be restored',
        message: 'That backup could not be restored',
        detail: e instanceof Error ? e.message : String(e),
        buttons: ['Back'],
      });
    }
  }
}
