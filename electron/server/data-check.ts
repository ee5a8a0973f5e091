import { AppError } from '../../shared/errors';
import {
  checkDataFolder,
  describeForConsole,
  markDataFolder,
  restoreBeforeStart,
} from '../core/backup/startup';

/**
 * Headless start-up checks (DESIGN §13), before the database is opened: `--restore FILE` first, then
 * the quick check. A problem prints what happened and the command that gets out of it, and exits 1
 * without a stack: this is the owner's data talking, not a crash.
 */
export async function checkDataBeforeServing(options: {
  dataFolder: string;
  databaseFile: string;
  migrationsFolder: string;
  restore: string | null;
  now: Date;
}): Promise<void> {
  if (options.restore) {
    try {
      const done = await restoreBeforeStart({
        dataFolder: options.dataFolder,
        databaseFile: options.databaseFile,
        migrationsFolder: options.migrationsFolder,
        source: options.restore,
        passphrase: process.env.BACKUP_PASSPHRASE ?? null,
        now: options.now,
      });
      console.log(
        `Restored ${options.restore}: ${done.contents.members} members, ${done.contents.invoices} invoices.` +
          (done.keptAs ? ` The previous database was kept as ${done.keptAs}.` : ''),
      );
    } catch (e) {
      console.error(`Could not restore ${options.restore}: ${e instanceof AppError ? e.message : String(e)}`);
      process.exit(1);
    }
  }
  const problem = checkDataFolder(options);
  if (problem) {
    console.error(describeForConsole(problem, options.dataFolder));
    process.exit(1);
  }
}

export { markDataFolder };
