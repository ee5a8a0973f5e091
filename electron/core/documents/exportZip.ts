import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { and, asc, between, gte, isNotNull, lte, ne } from 'drizzle-orm';
import { creditNotes, invoices } from '../../../db/schema';
import type { DocumentExport, ExportChunk } from '../../../shared/contract';
import { dateInZone } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import type { Ctx } from '../context';
import { getSettings } from '../settings/repo';
import { configuredFontFolder } from './fonts';
import { docFormat } from './format';
import { creditNoteSnapshot, invoiceSnapshot } from './loader';
import { inThreadSink, startWorkerSink, type SinkOptions, type ZipSink } from './zip-thread';
import type { ZipDocument } from './zip-writer';

/*
 * The accountant's ZIP (DESIGN §10): every invoice and credit note issued in a range, as PDFs, with an
 * index.csv. The main thread reads the snapshots in slices of about a millisecond; a worker thread
 * renders the PDFs and streams the ZIP to a file in the data folder's exports/ (zip-thread.ts), so
 * searches and other calls keep answering and memory stays flat. The renderer reads it back in chunks
 * and saves it as a download.
 */

const JOB = 'documents.exportZip';
const KEEP_MS = 24 * 60 * 60 * 1000;
const CHUNK = 1024 * 1024;
const running = new Map<string, AbortController>();
/** How long the main thread reads snapshots before it lets other calls in (one snapshot is ~0.4 ms). */
const SLICE_MS = 1;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const cancelled = () => new AppError('CONFLICT', 'The export was cancelled.');

function exportsFolder(ctx: Ctx): string {
  const folder = ctx.ports.dataFolder
    ? join(ctx.ports.dataFolder, 'exports')
    : join(tmpdir(), 'recur-exports');
  mkdirSync(folder, { recursive: true });
  return folder;
}

/** Exports older than a day are forgotten: the accountant got them, or can make them again. */
function sweepOld(folder: string, now: Date): void {
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    try {
      if (now.getTime() - statSync(path).mtimeMs > KEEP_MS) rmSync(path, { force: true });
    } catch {
      // A file another export is writing, or already gone: leave it.
    }
  }
}

interface Item {
  kind: 'invoice' | 'creditNote';
  id: number;
}

function itemsIn(ctx: Ctx, from: string, to: string): Item[] {
  const invoiceIds = ctx.db
    .select({ id: invoices.id })
    .from(invoices)
    .where(
      and(isNotNull(invoices.number), ne(invoices.status, 'draft'), between(invoices.issueDate, from, to)),
    )
    .orderBy(asc(invoices.issueDate), asc(invoices.id))
    .all();
  // Credit notes carry an instant: take a generous window, then keep those whose business day fits.
  const zone = getSettings(ctx.db).timeZone;
  const wide = ctx.db
    .select({ id: creditNotes.id, createdAt: creditNotes.createdAt })
    .from(creditNotes)
    .where(
      and(gte(creditNotes.createdAt, `${shift(from, -2)}`), lte(creditNotes.createdAt, `${shift(to, 2)}`)),
    )
    .orderBy(asc(creditNotes.id))
    .all();
  const notes = wide.filter((n) => {
    const day = dateInZone(new Date(n.createdAt), zone);
    return day >= from && day <= to;
  });
  return [
    ...invoiceIds.map((r) => ({ kind: 'invoice' as const, id: r.id })),
    ...notes.map((n) => ({ kind: 'creditNote' as const, id: n.id })),
  ];
}

const shift = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

export async function exportDocumentsZip(
  ctx: Ctx,
  input: { from: string; to: string; jobId: string },
): Promise<DocumentExport> {
  if (running.has(input.jobId)) throw new AppError('CONFLICT', 'This export is already running.');
  const items = itemsIn(ctx, input.from, input.to);
  const f = docFormat(getSettings(ctx.db).locale, 'EUR', 'UTC');
  if (items.length === 0) {
    throw new AppError(
      'VALIDATION',
      `There are no invoices or credit notes issued between ${f.date(input.from)} and ${f.date(input.to)}.`,
      { from: 'Nothing was issued in this range' },
    );
  }
  const folder = exportsFolder(ctx);
  sweepOld(folder, ctx.now());
  const exportId = randomUUID();
  const path = join(folder, `${exportId}.zip`);
  const job = new AbortController();
  running.set(input.jobId, job);
  const total = items.length + 1; // the documents, then index.csv
  let fd = openSync(path, 'w', 0o600);
  const optionsFor = (file: number): SinkOptions => ({
    fd: file,
    fontsFolder: configuredFontFolder(),
    signal: job.signal,
    onRendered: (done) => {
      if (done % 5 === 0 || done === items.length) ctx.progress(JOB, done, total);
    },
  });
  let sink: ZipSink | null = null;
  try {
    sink = await openSink(ctx, optionsFor(fd));
    try {
      await writeAll(ctx, sink, items, job.signal);
    } catch (e) {
      if (job.signal.aborted || !offThread.has(sink)) throw e;
      // The worker died (its memory cap is small, and a logo of huge dimensions can pass it): the
      // accountant still gets the ZIP, made again from the start on the main thread in small steps.
      ctx.ports.logger.warn('documents worker failed; making the ZIP again on the main thread', {
        error: e instanceof Error ? e.message : String(e),
      });
      await sink.stop();
      // Opened (and truncated) before the old descriptor is closed: whatever fails, `fd` is open once.
      const fresh = openSync(path, 'w', 0o600);
      closeSync(fd);
      fd = fresh;
      sink = inThreadSink(optionsFor(fd));
      await writeAll(ctx, sink, items, job.signal);
    }
    ctx.progress(JOB, total, total);
  } catch (e) {
    await sink?.stop();
    closeSync(fd);
    rmSync(path, { force: true });
    throw job.signal.aborted ? cancelled() : e;
  } finally {
    running.delete(input.jobId);
  }
  closeSync(fd);
  const counts = {
    invoices: items.filter((i) => i.kind === 'invoice').length,
    creditNotes: items.filter((i) => i.kind === 'creditNote').length,
  };
  return {
    exportId,
    filename: `documents-${input.from}-to-${input.to}.zip`,
    ...counts,
    size: statSync(path).size,
  };
}

/** Snapshots in slices of about a millisecond of the main thread, each handed to the sink. */
async function writeAll(ctx: Ctx, sink: ZipSink, items: Item[], signal: AbortSignal): Promise<void> {
  for (let i = 0; i < items.length;) {
    if (signal.aborted) throw cancelled();
    const batch: ZipDocument[] = [];
    const start = performance.now();
    do batch.push(snapshotOf(ctx, items[i++]!));
    while (i < items.length && performance.now() - start < SLICE_MS);
    await sink.add(batch);
    await yieldToLoop();
  }
  if (signal.aborted) throw cancelled();
  await sink.finish();
}

/** Sinks that render on the worker: only those are worth a second try on the main thread. */
const offThread = new WeakSet<ZipSink>();

/** The worker; the main thread in small steps only when no worker can start. */
async function openSink(ctx: Ctx, options: SinkOptions): Promise<ZipSink> {
  try {
    const sink = await startWorkerSink(options);
    offThread.add(sink);
    return sink;
  } catch (e) {
    if (options.signal.aborted) throw cancelled();
    ctx.ports.logger.warn('documents worker could not start; rendering the ZIP on the main thread', {
      error: e instanceof Error ? e.message : String(e),
    });
    return inThreadSink(options);
  }
}

const snapshotOf = (ctx: Ctx, item: Item): ZipDocument =>
  item.kind === 'invoice' ? invoiceSnapshot(ctx.db, item.id) : creditNoteSnapshot(ctx.db, item.id);

/** Asks a running export to stop; it deletes its partial file and answers CONFLICT. */
export function cancelExport(jobId: string): boolean {
  const job = running.get(jobId);
  if (!job) return false;
  job.abort();
  return true;
}

/** One piece of a finished export, base64 (a transport message stays small whatever the ZIP's size). */
export function readExportChunk(ctx: Ctx, exportId: string, offset: number): ExportChunk {
  const path = join(exportsFolder(ctx), `${exportId}.zip`);
  if (!/^[0-9a-f-]{36}$/.test(exportId) || !existsSync(path)) {
    throw new AppError('NOT_FOUND', 'That export is no longer available. Make it again.');
  }
  const size = statSync(path).size;
  if (offset > size) throw new AppError('VALIDATION', 'Past the end of the export.');
  const length = Math.min(CHUNK, size - offset);
  const buffer = Buffer.alloc(length);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buffer, 0, length, offset);
  } finally {
    closeSync(fd);
  }
  const next = offset + length;
  return { base64: buffer.toString('base64'), nextOffset: next < size ? next : null, size };
}
