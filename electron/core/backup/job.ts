import { findSettingsRow } from '../settings/repo';
import type { DueJob } from '../scheduler';
import { createBackup, newestBackupAt, recordAutomaticResult } from './store';

/** Automatic backups: one at start-up, then whenever the newest is 4 hours old (DESIGN §13). */
export const BACKUP_EVERY_MS = 4 * 60 * 60 * 1000;

/**
 * A due job keyed by the newest backup's time, so the 15-minute scheduler runs decide, a closed
 * laptop catches up on waking, and two runs at once take one backup. Made per core: "at start-up"
 * means once for each start.
 */
export function backupJob(): DueJob {
  let startedUp = false;
  return {
    name: 'keep a recent backup',
    run: async (ctx) => {
      const { ports } = ctx;
      // Nothing to keep before first-run setup, nor for a database in memory.
      if (!ports.dataFolder || ports.database.file === ':memory:' || !findSettingsRow(ctx.db)) return 0;
      const newest = newestBackupAt(ports);
      const due = !newest || ctx.now().getTime() - new Date(newest).getTime() >= BACKUP_EVERY_MS;
      if (startedUp && !due) return 0;
      const reason = startedUp ? 'scheduled' : 'startup';
      startedUp = true;
      try {
        await createBackup(ports, reason);
        recordAutomaticResult(ports, null);
        ctx.changed('backups', []);
        return 1;
      } catch (e) {
        recordAutomaticResult(ports, e instanceof Error ? e.message : String(e));
        throw e;
      }
    },
  };
}
