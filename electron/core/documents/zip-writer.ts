import { writeSync } from 'node:fs';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import Papa from 'papaparse';
import { dateInZone } from '../../../shared/dates';
import { render } from './render';
import type { CreditNoteSnapshot, InvoiceSnapshot } from './snapshot';

/*
 * The accountant's ZIP as a stream of snapshots in, ZIP bytes out to an open file: no database and no
 * clock, so the same code runs in the documents worker and, when no worker can start, on the main
 * thread (exportZip.ts).
 */

export type ZipDocument = InvoiceSnapshot | CreditNoteSnapshot;

export interface ZipWriter {
  /** Renders one document and appends its PDF (and its index.csv row). */
  add(doc: ZipDocument): void;
  /** Appends index.csv and the ZIP's central directory; the file is then complete. */
  finish(): void;
  /** Drops whatever is half-written; the caller deletes the file. */
  abort(): void;
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-');

/** Writes to `fd` (opened by the caller, who also closes it: a worker may be stopped at any moment). */
export function zipWriter(fd: number): ZipWriter {
  let failure: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else writeSync(fd, chunk);
  });
  const index: Record<string, string | number>[] = [];
  const check = () => {
    if (failure) throw failure;
  };
  return {
    add(doc) {
      const entry = zipEntry(doc);
      const file = new ZipPassThrough(entry.filename); // PDFs are compressed already
      zip.add(file);
      file.push(render(doc), true);
      index.push(entry.row);
      check();
    },
    finish() {
      const csv = new ZipDeflate('index.csv', { level: 6 });
      zip.add(csv);
      // A BOM so spreadsheet programs read the names (ł, ü) as UTF-8.
      csv.push(new TextEncoder().encode(`\uFEFF${Papa.unparse(index)}\r\n`), true);
      zip.end();
      check();
    },
    abort: () => zip.terminate(),
  };
}

/** A document's path in the ZIP and its row in index.csv (amounts in minor units, credits negative). */
export function zipEntry(s: ZipDocument): { filename: string; row: Record<string, string | number> } {
  if (s.kind === 'invoice') {
    const filename = `invoices/${safe(s.number!)}.pdf`;
    return {
      filename,
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
  const filename = `credit-notes/${safe(s.number)}.pdf`;
  const tax = s.taxRows.reduce((a, r) => a + r.tax, 0);
  return {
    filename,
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
