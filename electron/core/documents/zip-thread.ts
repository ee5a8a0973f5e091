import { Worker } from 'node:worker_threads';
import { AppError, ERROR_CODES, type ErrorCode } from '../../../shared/errors';
import type { Logo } from './snapshot';
import type { FromZipWorker, ToZipWorker, ZipWorkerData } from './zip-worker';
import { zipWorkerScript } from './zip-worker-script';
import { zipWriter, type ZipDocument } from './zip-writer';

/*
 * Where the accountant's PDFs are rendered. A one-page PDF costs ~13 ms of CPU: on the main thread a
 * thousand of them hold up every search, so they go to a worker thread (zip-worker.ts). Should no
 * worker start (a missing bundle file), the same writer runs here in small steps, as before.
 */

export interface ZipSink {
  /** Queues documents; resolves once there is room for more, so few snapshots wait in memory. */
  add(docs: ZipDocument[]): Promise<void>;
  /** Writes index.csv and the ZIP's end; resolves when the file is complete. */
  finish(): Promise<void>;
  /** Stops at once (cancel, failure); pending calls reject. The caller closes and deletes the file. */
  stop(): Promise<void>;
}

export interface SinkOptions {
  fd: number;
  fontsFolder: string | null;
  /** How many documents are in the file so far. */
  onRendered(count: number): void;
  /** Aborted by a cancel: the sink stops at once. */
  signal: AbortSignal;
}

/** Documents sent to the worker but not yet rendered, at most: bounds memory, keeps it busy. */
const IN_FLIGHT = 8;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const stopped = () => new Error('The document export was stopped.');

/** Starts the worker and resolves once it is ready; rejects when it cannot start. */
export function startWorkerSink(options: SinkOptions): Promise<ZipSink> {
  const script = zipWorkerScript();
  if (!script) return Promise.reject(new Error('The documents worker file is missing.'));
  const data: ZipWorkerData = { recurZipWorker: true, fd: options.fd, fontsFolder: options.fontsFolder };
  const { signal } = options;
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(script.filename, {
        ...script.options,
        workerData: { ...(script.options.workerData as object | undefined), ...data },
        // A small nursery and a capped old space: V8's defaults let the worker add ~185 MB to the RSS
        // of a 1,000-invoice ZIP; these ~80 MB at the same speed (bench, DESIGN §9: RSS < 300 MB in a
        // process opened on the 100k database: 279 MB). A worker that dies of the cap is not the end
        // of the export: exportZip makes it again on the main thread.
        resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 96 },
      });
    } catch (e) {
      reject(e);
      return;
    }
    let ready = false;
    let finished = false;
    let failure: Error | null = null;
    let sent = 0;
    let rendered = 0;
    let lastLogo: Logo | null | undefined;
    let waiter: { until: () => boolean; resolve(): void; reject(e: Error): void } | null = null;

    const settle = () => {
      if (!waiter) return;
      const w = waiter;
      if (failure) w.reject(failure);
      else if (w.until()) w.resolve();
      else return;
      waiter = null;
    };
    const fail = (e: Error) => {
      failure ??= e;
      if (!ready) reject(failure);
      settle();
    };
    const wait = (until: () => boolean) =>
      new Promise<void>((res, rej) => {
        waiter = { until, resolve: res, reject: rej };
        settle();
      });
    const stop = async () => {
      fail(stopped());
      await worker.terminate();
    };
    const onAbort = () => void stop();
    signal.addEventListener('abort', onAbort, { once: true });

    worker.on('message', (m: FromZipWorker) => {
      switch (m.type) {
        case 'ready':
          ready = true;
          resolve(sink);
          break;
        case 'rendered':
          rendered += m.count;
          // Nothing more to report once stopped: a cancelled export has no progress.
          if (!failure) options.onRendered(rendered);
          break;
        case 'finished':
          finished = true;
          break;
        case 'failed':
          fail(asError(m.code, m.message));
          break;
      }
      settle();
    });
    worker.on('error', (e) => fail(e));
    worker.on('exit', (code) => {
      signal.removeEventListener('abort', onAbort);
      fail(new Error(`The documents worker stopped (exit code ${code}).`));
    });

    const post = (m: ToZipWorker) => worker.postMessage(m);
    const sink: ZipSink = {
      async add(docs) {
        if (failure) throw failure;
        // The logo (up to 2 MB) is the same for every document: it crosses once, not once per PDF.
        let group: ZipDocument[] = [];
        let logo = lastLogo;
        const flush = () => {
          if (group.length === 0) return;
          post(logo === lastLogo ? { type: 'docs', docs: group } : { type: 'docs', docs: group, logo });
          lastLogo = logo;
          group = [];
        };
        for (const doc of docs) {
          if (doc.logo !== logo) {
            flush();
            logo = doc.logo;
          }
          group.push({ ...doc, logo: null });
        }
        flush();
        sent += docs.length;
        await wait(() => sent - rendered < IN_FLIGHT);
      },
      async finish() {
        if (failure) throw failure;
        post({ type: 'finish' });
        await wait(() => finished);
        signal.removeEventListener('abort', onAbort);
        await worker.terminate();
      },
      stop,
    };
    if (signal.aborted) onAbort();
  });
}

function asError(code: string | null, message: string): Error {
  return code && (ERROR_CODES as readonly string[]).includes(code)
    ? new AppError(code as ErrorCode, message)
    : new Error(message);
}

/** Today's way, kept for when no worker starts: one document, then the event loop breathes. */
export function inThreadSink(options: SinkOptions): ZipSink {
  const writer = zipWriter(options.fd);
  let rendered = 0;
  return {
    async add(docs) {
      for (const doc of docs) {
        if (options.signal.aborted) throw stopped();
        writer.add(doc);
        options.onRendered(++rendered);
        await yieldToLoop();
      }
    },
    async finish() {
      if (options.signal.aborted) throw stopped();
      writer.finish();
    },
    async stop() {
      writer.abort();
    },
  };
}
