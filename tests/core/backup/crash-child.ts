/**
 * A core in its own process that backs up or restores and is killed with SIGKILL part-way (crash tests,
 * DESIGN §6). env: DATA (the data folder), ACTION (backup|restore), FILE (the backup to restore).
 * Prints `started` when the work begins, so the parent knows the kill lands inside it.
 */
import { createBackup } from '../../../electron/core/backup/store';
import { restoreBackup } from '../../../electron/core/backup/restore';
import { fileCore } from './support';

async function main() {
  const t = fileCore(process.env.DATA!);
  process.stdout.write('started\n');
  if (process.env.ACTION === 'backup') await createBackup(t.ports, 'manual');
  else await restoreBackup(t.ports, process.env.FILE!, undefined);
  process.stdout.write('finished\n');
  t.close();
}

void main();
