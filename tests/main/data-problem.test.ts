// The desktop's start-up problem dialog (DESIGN §13) without Electron: which box is shown for each
// kind of problem, and what each button does (restore which file, or quit having opened nothing).
import { describe, expect, it, vi } from 'vitest';
import type { DataProblem } from '../../electron/core/backup/startup';
import { DAMAGED, EMPTIED, NEWER, NEWEST_GOOD } from './data-problems';
import { CHOOSE_BUTTON, offerRestore, problemDialog } from '../../electron/main/data-problem';

const NEWEST = NEWEST_GOOD;
const [damaged, emptied, newer] = [DAMAGED, EMPTIED, NEWER];
const RESTORE_BUTTON = 'Restore the newest good backup (Mar 1, 2026, 9:30 AM)';

function harness(problem: DataProblem, answers: number[], picked: string[] = []) {
  const dialog = {
    showMessageBox: vi.fn(async (_o: object) => ({ response: answers.shift() ?? 0, checkboxChecked: false })),
    showOpenDialog: vi.fn(async (_o: object) => ({ canceled: picked.length === 0, filePaths: picked })),
  };
  const restore = vi.fn(async (_o: { source: string; dataFolder: string; databaseFile: string }) => ({
    contents: {
      file: 'x',
      createdAt: null,
      members: 5,
      invoices: 2,
      payments: 1,
      lastPaymentAt: null,
      businessName: null,
      schema: 'current' as const,
    },
    keptAs: '/data/Recur/backups/replaced.sqlite',
  }));
  const run = () =>
    offerRestore({
      dialog: dialog as never,
      problem,
      dataFolder: '/data/Recur',
      databaseFile: '/data/Recur/recur.sqlite',
      migrationsFolder: '/app/db/migrations',
      passphrase: null,
      now: () => new Date('2026-03-02T15:00:00Z'),
      log: () => {},
      restore: restore as never,
    });
  return { dialog, restore, run };
}

describe('problemDialog', () => {
  it('damaged, with a checked backup: restore the newest, choose a file, or quit (Esc quits)', () => {
    const { options, choices } = problemDialog(damaged, '/data/Recur', 'UTC');
    expect(options).toMatchObject({
      type: 'error',
      message: 'Recur’s data file is damaged',
      buttons: [RESTORE_BUTTON, CHOOSE_BUTTON, 'Quit'],
      defaultId: 0,
      cancelId: 2,
    });
    expect(options.detail).toContain('Data folder: /data/Recur');
    expect(choices).toEqual([{ kind: 'restore', path: NEWEST.path }, { kind: 'choose' }, { kind: 'quit' }]);
  });

  it('zero-length where a database existed, no backup: choose a file or quit', () => {
    const { options, choices } = problemDialog(emptied, '/data/Recur', 'UTC');
    expect(options).toMatchObject({
      message: 'Recur’s data file is missing or empty',
      buttons: [CHOOSE_BUTTON, 'Quit'],
      cancelId: 1,
    });
    expect(options.detail).toContain('empty (0 bytes)');
    expect(choices).toEqual([{ kind: 'choose' }, { kind: 'quit' }]);
  });

  it('a newer schema: only Quit, and no backup is offered', () => {
    const { options, choices } = problemDialog(newer, '/data/Recur', 'UTC');
    expect(options).toMatchObject({ message: 'This data is from a newer Recur', buttons: ['Quit'] });
    expect(choices).toEqual([{ kind: 'quit' }]);
  });

  it('shows the backup time in the computer’s own zone', () => {
    expect(problemDialog(damaged, '/d', 'Europe/Berlin').options.buttons![0]).toBe(
      'Restore the newest good backup (Mar 1, 2026, 10:30 AM)',
    );
  });
});

describe('offerRestore', () => {
  it('“Restore the newest good backup” restores that file, says what came back, and asks to restart', async () => {
    const h = harness(damaged, [0, 0]);
    expect(await h.run()).toBe(true);
    expect(h.restore).toHaveBeenCalledOnce();
    expect(h.restore.mock.calls[0]![0]).toMatchObject({
      source: NEWEST.path,
      dataFolder: '/data/Recur',
      databaseFile: '/data/Recur/recur.sqlite',
    });
    expect(h.dialog.showMessageBox.mock.calls[1]![0]).toMatchObject({
      message: 'Backup restored',
      detail: expect.stringContaining('5 members and 2 invoices'),
      buttons: ['Start Recur'],
    });
  });

  it('“Quit” restores nothing and answers false', async () => {
    const h = harness(damaged, [2]);
    expect(await h.run()).toBe(false);
    expect(h.restore).not.toHaveBeenCalled();
    expect(h.dialog.showMessageBox).toHaveBeenCalledOnce();
  });

  it('a newer schema quits at once', async () => {
    const h = harness(newer, [0]);
    expect(await h.run()).toBe(false);
    expect(h.restore).not.toHaveBeenCalled();
  });

  it('a chosen file is restored; a cancelled choice goes back to the dialog', async () => {
    const cancelled = harness(emptied, [0, 1]);
    expect(await cancelled.run()).toBe(false);
    expect(cancelled.dialog.showOpenDialog).toHaveBeenCalledOnce();
    expect(cancelled.dialog.showMessageBox).toHaveBeenCalledTimes(2);
    expect(cancelled.restore).not.toHaveBeenCalled();

    const chosen = harness(emptied, [0, 0], ['/media/usb/recur-old.sqlite']);
    expect(await chosen.run()).toBe(true);
    expect(chosen.dialog.showOpenDialog.mock.calls[0]![0]).toMatchObject({ properties: ['openFile'] });
    expect(chosen.restore.mock.calls[0]![0].source).toBe('/media/usb/recur-old.sqlite');
  });

  it('a backup that fails its checks is explained, and the owner is back at the choice', async () => {
    const h = harness(damaged, [0, 0, 2]);
    h.restore.mockRejectedValueOnce(new Error('That file is not a Recur backup.'));
    expect(await h.run()).toBe(false);
    expect(h.dialog.showMessageBox.mock.calls[1]![0]).toMatchObject({
      message: 'That backup could not be restored',
      detail: 'That file is not a Recur backup.',
    });
    expect(h.dialog.showMessageBox).toHaveBeenCalledTimes(3);
  });
});
