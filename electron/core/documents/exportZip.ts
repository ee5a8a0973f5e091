import { randomUUID } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, asc, between, gte, isNotNull, lte, ne } from 'drizzle-orm';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import Papa from 'papaparse';
import { creditNotes, invoices } from '../../../db/schema';
import type { DocumentExport, ExportChunk } from '../../../shared/contract';
import { dateInZone } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import type { Ctx } from '../context';
import { getSettings } from '../settings/repo';
import { docFormat } from './format';
import { creditNoteSnapshot, invoiceSnapshot } from './loader';
import { render } from './render';

/*
 * The accountant's ZIP (DESIGN §10): every invoice and credit note issued in a range, as PDFs, with an
 * index.csv. Made in small steps (one document, then the event loop breathes) so searches and other
 * calls keep answering; streamed to a file in the data folder's exports/, never held in memory; read
 * back in chunks by the renderer, which saves it as a download.
 */

const JOB = 'documents.exportZip';
const KEEP_MS = 24 * 60 * 60 * 1000;
const CHUNK = 1024 * 1024;
const running = new Map<string, { cancelled: boolean }>();

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

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

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-');

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
  const job = { cancelled: false };
  running.set(input.jobId, job);
  const fd = openSync(path, 'w', 0o600);
  let failure: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else writeSync(fd, chunk);
  });
  const index: Record<string, string | number>[] = [];
  let counts = { invoices: 0, creditNotes: 0 };
  try {
    for (let i = 0; i < items.length; i++) {
      if (job.cancelled) throw new AppError('CONFLICT', 'The export was cancelled.');
      const item = items[i]!;
      const entry = documentEntry(ctx, item);
      const file = new ZipPassThrough(entry.filename); // PDFs are compressed already
      zip.add(file);
      file.push(entry.bytes, true);
      index.push(entry.row);
      counts = {
        invoices: counts.invoices + (item.kind === 'invoice' ? 1 : 0),
        creditNotes: counts.creditNotes + (item.kind === 'creditNote' ? 1 : 0),
      };
      if (failure) throw failure;
      if (i % 5 === 4 || i === items.length - 1) ctx.progress(JOB, i + 1, items.length + 1);
      await yieldToLoop();
    }
    const csv = new ZipDeflate('index.csv', { level: 6 });
    zip.add(csv);
    // A BOM so spreadsheet programs read the names (ł, ü) as UTF-8.
    csv.push(new TextEncoder().encode(`\uFEFF${Papa.unparse(index)}\r\n`), true);
    zip.end();
    if (failure) throw failure;
    ctx.progress(JOB, items.length + 1, items.length + 1);
  } catch (e) {
    zip.terminate();
    closeSync(fd);
    rmSync(path, { force: true });
    throw e;
  } finally {
    running.delete(input.jobId);
  }
  closeSync(fd);
  return {
    exportId,
    filename: `documents-${input.from}-to-${input.to}.zip`,
    ...counts,
    size: statSync(path).size,
  };
}

function documentEntry(ctx: Ctx, item: Item) {
  if (item.kind === 'invoice') {
    const s = invoiceSnapshot(ctx.db, item.id);
    const filename = `invoices/${safe(s.number!)}.pdf`;
    return {
      filename,
      bytes: render(s),
      row: {
        type: 'invoice',
        number: s.number ?? '',
        date: s.issueDate ?? '',
        member: s.customer.name,
        member_number: s.customer.number ?? '',
        member_tax_id: s.customer.taxId ?? '',
        currency: s.currency,
        net: s.totals.subtotal - s.totals.discount,
        tax: s.totals.tax,
        total: s.totals.total,
        paid: s.totals.paid,
        due: s.totals.due,
        status: s.mark === 'PAID' ? 'paid' : s.mark === 'VOID' ? 'void' : 'open',
        corrects: '',
        file: filename,
      },
    };
  }
  const s = creditNoteSnapshot(ctx.db, item.id);
  const filename = `credit-notes/${safe(s.number)}.pdf`;
  const tax = s.taxRows.reduce((a, r) => a + r.tax, 0);
  return {
    filename,
    bytes: render(s),
    row: {
      type: 'credit note',
      number: s.number,
      date: dateInZone(new Date(s.issuedAt), s.timeZone),
      member: s.customer.name,
      member_number: s.customer.number ?? '',
      member_tax_id: s.customer.taxId ?? '',
      currency: s.currency,
      net: -(s.amount - tax),
      tax: -tax,
      total: -s.amount,
      paid: 0,
      due: 0,
      status: s.destination === 'refund' ? 'refunded' : 'credited',
      corrects: s.invoice.number ?? '',
      file: filename,
    },
  };
}

/** Asks a running export to stop; it deletes its partial file and answers CONFLICT. */
export function cancelExport(jobId: string): boolean {
  const job = running.get(jobId);
  if (!job) return false;
  job.cancelled = true;
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
