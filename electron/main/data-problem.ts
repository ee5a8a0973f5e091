import type { Dialog, MessageBoxOptions } from 'electron';
import { formatDateTime } from '../../shared/dates';
import { restoreBeforeStart, type DataProblem } from '../core/backup/startup';

/** What each button of the start-up problem dialog does, in the order of its buttons. */
export type StartupChoice = { kind: 'restore'; path: string } | { kind: 'choose' } | { kind: 'quit' };

export const CHOOSE_BUTTON = 'Choose a backup file…';

/**
 * The dialog for a start-up problem (pure: the tests check every kind without Electron). A newer
 * schema can only be quit (a backup would be older data still); a damaged or emptied file offers the
 * newest good backup first, then a file the owner picks, then Quit (also what Esc does).
 */
export function problemDialog(
  problem: DataProblem,
  dataFolder: string,
  timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone,
): { options: MessageBoxOptions; choices: StartupChoice[] } {
  if (problem.kind === 'newer') {
    return {
      options: {
        type: 'error',
        title: problem.title,
        message: problem.title,
        detail: problem.message,
        buttons: ['Quit'],
      },
      choices: [{ kind: 'quit' }],
    };
  }
  const newest = problem.newestGood;
  const choices: StartupChoice[] = [
    ...(newest ? [{ kind: 'restore' as const, path: newest.path }] : []),
    { kind: 'choose' },
    { kind: 'quit' },
  ];
  const buttons = choices.map((c) =>
    c.kind === 'restore'
      ? `Restore the newest good backup (${formatDateTime(newest!.createdAt, 'en-US', timeZone)})`
      : c.kind === 'choose'
        ? CHOOSE_BUTTON
        : 'Quit',
  );
  return {
    options: {
      type: 'error',
      title: problem.title,
      message: problem.title,
      detail: `${problem.message}\n\nData folder: ${dataFolder}`,
      buttons,
      defaultId: 0,
      cancelId: buttons.length - 1,
      noLink: true,
    },
    choices,
  };
}

/**
 * The desktop app's screen for a damaged, emptied or newer database (DESIGN §13): what happened in
 * plain words and a way out: the newest good backup, a backup file chosen by the owner, or quit.
 * Resolves true when a backup was restored (the caller relaunches on it); nothing is opened here.
 */
export async function offerRestore(options: {
  dialog: Pick<Dialog, 'showMessageBox' | 'showOpenDialog'>;
  problem: DataProblem;
  dataFolder: string;
  databaseFile: string;
  migrationsFolder: string;
  nativeBinding?: string;
  passphrase: string | null;
  now: () => Date;
  log: (message: string, data?: Record<string, unknown>) => void;
  /** The restore itself (a seam for the shell's tests). */
  restore?: typeof restoreBeforeStart;
}): Promise<boolean> {
  const { dialog, problem } = options;
  const restore = options.restore ?? restoreBeforeStart;
  const screen = problemDialog(problem, options.dataFolder);
  for (;;) {
    const { response } = await dialog.showMessageBox(screen.options);
    // Closing the box any other way than a button answers cancelId: Quit.
    const choice = screen.choices[response] ?? { kind: 'quit' };
    let source: string;
    if (choice.kind === 'quit') return false;
    if (choice.kind === 'restore') source = choice.path;
    else {
      const picked = await dialog.showOpenDialog({
        title: 'Choose a Recur backup',
        properties: ['openFile'],
        filters: [
          { name: 'Recur backups', extensions: ['sqlite', 'enc', 'bak'] },
          { name: 'All files', extensions: ['*'] },
        ],
      });
      const file = picked.canceled ? undefined : picked.filePaths[0];
      if (!file) continue;
      source = file;
    }
    try {
      const done = await restore({
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
