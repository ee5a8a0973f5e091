import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';

/**
 * A consistent copy of the open database with SQLite's online backup, in steps between which the app
 * keeps answering (DESIGN §13). Writes made through the same connection during the copy are carried
 * into it by SQLite, so the copy is the database as of the end of the backup. Never a file copy.
 */
export async function copyDatabase(
  sqlite: Database.Database,
  target: string,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  // Steps sized by time, not pages: about 4 ms each keeps search answering under 10 ms while the copy
  // still runs at hundreds of MB/s on a desk computer's disk.
  let pages = 256;
  let last = performance.now();
  await sqlite.backup(target, {
    progress: ({ totalPages, remainingPages }) => {
      const now = performance.now();
      const took = now - last;
      if (took > 0) pages = Math.max(64, Math.min(16_384, Math.round((pages * 4) / took)));
      onProgress?.(totalPages - remainingPages, totalPages);
      last = performance.now();
      return pages;
    },
  });
}

/**
 * `integrity_check` reads every page, most of them more than once (each index against its table).
 * Mapped into memory, the scratch copy is read without a system call per page; the mapping is the OS
 * file cache's, gone when the check's connection closes.
 */
const CHECK_MMAP_BYTES = 512 * 1024 * 1024;

export interface CheckResult {
  ok: boolean;
  message: string | null;
}

/**
 * Makes a copy a self-contained single file (rollback journal, not WAL) and runs `integrity_check`
 * on it. The copy is Recur's own scratch file, so opening it for writing changes nothing of value.
 */
export function checkCopy(file: string, nativeBinding?: string): CheckResult {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    db.pragma('journal_mode = DELETE');
    db.pragma(`mmap_size = ${CHECK_MMAP_BYTES}`);
    const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
    const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    return problems.length === 0
      ? { ok: true, message: null }
      : { ok: false, message: `The copy is damaged: ${problems.slice(0, 3).join('; ')}` };
  } catch (e) {
    return { ok: false, message: `The copy could not be read: ${(e as Error).message}` };
  } finally {
    db?.close();
  }
}

/**
 * `integrity_check` reads every page: on a large database that is a second or more of work, which
 * must not freeze search meanwhile. It runs in a worker thread with its own connection; where a worker
 * cannot start, it runs here.
 */
export function checkCopyOffThread(file: string, nativeBinding?: string): Promise<CheckResult> {
  let worker: Worker;
  try {
    const modulePath = createRequire(import.meta.url).resolve('better-sqlite3');
    worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, nativeBinding, modulePath, mmapBytes: CHECK_MMAP_BYTES },
    });
  } catch {
    return Promise.resolve(checkCopy(file, nativeBinding));
  }
  return new Promise((resolve) => {
    worker.once('message', (result: CheckResult) => resolve(result));
    worker.once('error', () => resolve(checkCopy(file, nativeBinding)));
  });
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
let db = null;
try {
  db = new Database(workerData.file, { fileMustExist: true, ...(workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {}) });
  db.pragma('journal_mode = DELETE');
  db.pragma('mmap_size = ' + workerData.mmapBytes);
  const problems = db.pragma('integrity_check').map((r) => r.integrity_check).filter((r) => r !== 'ok');
  parentPort.postMessage(problems.length === 0
    ? { ok: true, message: null }
    : { ok: false, message: 'The copy is damaged: ' + problems.slice(0, 3).join('; ') });
} catch (e) {
  parentPort.postMessage({ ok: false, message: 'The copy could not be read: ' + e.message });
} finally {
  if (db) db.close();
}
`;
