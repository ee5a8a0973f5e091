import { setPriority } from 'node:os';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { isAppError } from '../../../shared/errors';
import { useFontFolder } from './fonts';
import type { Logo } from './snapshot';
import { zipWriter, type ZipDocument } from './zip-writer';

/*
 * The documents worker (built as out/main/documentsWorker.js): renders the accountant's ZIP off the
 * main thread, so member search keeps answering while a thousand PDFs are made (DESIGN §9/§10). The
 * main thread reads the snapshots and sends them here; this thread renders and writes the file.
 */

export interface ZipWorkerData {
  recurZipWorker: true;
  /** The export file, opened by the main thread (it owns it: closes and deletes it on cancel). */
  fd: number;
  /** The host's fonts folder (the packaged app's resources/fonts); null: found from the code. */
  fontsFolder: string | null;
}

export type ToZipWorker =
  /** Documents to add in order. Their logo is left out and sent once: it is the same for all. */
  { type: 'docs'; docs: ZipDocument[]; logo?: Logo | null } | { type: 'finish' };

export type FromZipWorker =
  | { type: 'ready' }
  /** `count` documents more are in the file. */
  | { type: 'rendered'; count: number }
  | { type: 'finished' }
  | { type: 'failed'; code: string | null; message: string };

/**
 * On a busy two-core machine the worker and a search compete for a core. On Linux a nice value belongs
 * to one thread, so this thread steps back and searches win (bench: search p95 during a 1,000-invoice
 * ZIP ~10–15 ms at nice 0, ~6–7 ms at nice 10, and the ZIP no slower). Elsewhere it would lower the
 * whole app's priority, so it is left alone.
 */
function yieldCpuToMainThread(): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(0, 10);
  } catch {
    // Not permitted here: render at normal priority.
  }
}

function serve(data: ZipWorkerData, port: NonNullable<typeof parentPort>): void {
  yieldCpuToMainThread();
  useFontFolder(data.fontsFolder);
  const writer = zipWriter(data.fd);
  let logo: Logo | null = null;
  let failed = false;
  const post = (m: FromZipWorker) => port.postMessage(m);
  port.on('message', (m: ToZipWorker) => {
    if (failed) return;
    try {
      if (m.type === 'docs') {
        if (m.logo !== undefined) logo = m.logo;
        for (const doc of m.docs) {
          writer.add({ ...doc, logo });
          post({ type: 'rendered', count: 1 });
        }
      } else {
        writer.finish();
        post({ type: 'finished' });
      }
    } catch (e) {
      failed = true;
      writer.abort();
      post({
        type: 'failed',
        code: isAppError(e) ? e.code : null,
        message: e instanceof Error ? e.message : String(e),
      });
    }
  });
  post({ type: 'ready' });
}

// Only as a worker started by zip-thread.ts; importing this file anywhere else does nothing.
const data = workerData as ZipWorkerData | undefined;
if (!isMainThread && parentPort && data?.recurZipWorker) serve(data, parentPort);
