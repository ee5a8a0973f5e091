/**
 * Documents (issue 7, DESIGN §9): a one-page invoice PDF (median), 1,000 invoices zipped for the
 * accountant (time and peak RSS), and member search as you type while that ZIP is being made.
 *
 *   npm run bench -- --only documents [--members N]
 */
import { rmSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { renderDocumentRef } from '../../electron/core/documents/refs';
import { buildBenchCore, openBenchDatabase, setupOwner } from './core';
import { runFresh } from './fresh-process';
import { insertMembers } from './generate';
import { mb, median, summarize } from './measure';
import type { Row } from './report';
import { typedSequences } from './scenarios';

const INVOICES = 1000;
const SEED = 20260301;

/** 1,000 issued invoices of March 2026 (two lines, two tax rates), written as the core writes them. */
function seedInvoices(sqlite: Database.Database, count: number): void {
  const now = '2026-03-01T12:00:00.000Z';
  const business = JSON.stringify({
    name: 'Bench Fitness Club',
    email: 'desk@bench.example.com',
    phone: '+1 555 0100',
    address: { line1: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
    taxId: 'US-12-3456789',
  });
  const member = sqlite.prepare('SELECT id, number, first_name, last_name, email FROM members WHERE id = ?');
  const invoice = sqlite.prepare(
    `INSERT INTO invoices (number, member_id, status, reason, currency, subtotal, discount_total, tax_total, total,
       amount_paid, issue_date, due_date, period_start, period_end, member_snapshot, business_snapshot, created_at, finalized_at)
     VALUES (?, ?, ?, 'manual', 'USD', 5750, 0, 465, 6215, ?, ?, ?, '2026-03-01', '2026-04-01', ?, ?, ?, ?)`,
  );
  const line = sqlite.prepare(
    `INSERT INTO invoice_lines (invoice_id, kind, description, period_start, period_end, quantity, unit_amount, amount,
       discount_amount, tax_name, tax_rate_bps, tax_inclusive, tax_amount, total)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 0, ?, ?)`,
  );
  sqlite.transaction(() => {
    for (let i = 1; i <= count; i++) {
      const m = member.get(i) as {
        id: number;
        number: number;
        first_name: string;
        last_name: string;
        email: string;
      };
      const day = String(1 + (i % 28)).padStart(2, '0');
      const snapshot = JSON.stringify({
        name: `${m.first_name} ${m.last_name}`,
        number: `M${String(m.number).padStart(5, '0')}`,
        email: m.email,
        address: { line1: `${i} Oak Avenue`, city: 'Springfield', region: 'IL', postalCode: '62704' },
      });
      const paid = i % 3 === 0 ? 6215 : 0;
      const id = Number(
        invoice.run(
          `INV-${String(i).padStart(5, '0')}`,
          m.id,
          paid ? 'paid' : 'open',
          paid,
          `2026-03-${day}`,
          `2026-03-${day}`,
          snapshot,
          business,
          now,
          now,
        ).lastInsertRowid,
      );
      line.run(
        id,
        'plan',
        'Monthly membership',
        '2026-03-01',
        '2026-04-01',
        1,
        5000,
        5000,
        'Sales tax',
        825,
        413,
        5413,
      );
      line.run(id, 'custom', 'Towel service', null, null, 3, 250, 750, 'Food tax', 700, 52, 802);
    }
  })();
}

export async function benchDocuments(options: {
  members: number;
  workDir: string;
}): Promise<{ rows: Row[] }> {
  const file = join(options.workDir, `recur-bench-documents-${options.members}.sqlite`);
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  const database = openBenchDatabase(file);
  const bench = buildBenchCore(database);
  let closed = false;
  const rows: Row[] = [];
  try {
    // The owner the fresh process signs in as.
    await setupOwner(bench);
    insertMembers(database.sqlite, options.members, { seed: SEED });
    seedInvoices(database.sqlite, INVOICES);

    // A one-page invoice, rendered from the database as the channel does (after a warm-up).
    for (let i = 1; i <= 5; i++) renderDocumentRef(database.db, { kind: 'invoice', id: i });
    const pdfMs: number[] = [];
    const cpuBefore = process.cpuUsage();
    for (let i = 0; i < 100; i++) {
      const start = performance.now();
      renderDocumentRef(database.db, { kind: 'invoice', id: 1 + (i % 50) });
      pdfMs.push(performance.now() - start);
    }
    const cpu = process.cpuUsage(cpuBefore);
    rows.push({
      metric: 'invoice PDF, one page, CPU time (mean)',
      value: (cpu.user + cpu.system) / 1000 / pdfMs.length,
      unit: 'ms',
      note: 'the work itself, without waiting for a busy machine',
    });
    rows.push({
      metric: 'invoice PDF, one page (median)',
      value: median(pdfMs),
      unit: 'ms',
      target: 20,
      targetSource: 'DESIGN §9',
      note: `p95 ${summarize(pdfMs).p95.toFixed(1)} ms over ${pdfMs.length} invoices`,
    });

    // Member search as you type, alone first (the baseline), then while the ZIP is being made — in a
    // fresh process that opened this database as the app does, so its RSS is the app's, not that of
    // the process that generated 100k members (fresh-process.ts).
    const queries = typedSequences(database.sqlite, options.members, 'M').flatMap((s) => s.keystrokes);
    database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    bench.close();
    closed = true;
    const fresh = await runFresh({ task: 'zip', file, queries, from: '2026-03-01', to: '2026-03-31' });
    const { alone, during, inCall, zipMs } = fresh;
    const result = { invoices: fresh.invoices, size: fresh.size };
    const rssBefore = fresh.rssBefore;
    const peakRss = fresh.peakRss;
    rows.push(
      {
        metric: `${INVOICES.toLocaleString('en-US')} invoices zipped`,
        value: zipMs / 1000,
        unit: 's',
        target: 30,
        targetSource: 'DESIGN §9',
        note: `${result.invoices} PDFs + index.csv, ${mb(result.size).toFixed(1)} MB`,
      },
      {
        metric: 'RSS while zipping (peak)',
        value: mb(peakRss),
        unit: 'MB',
        target: 300,
        targetSource: 'DESIGN §9',
        note: `a fresh process on this database, as the app runs: ${mb(rssBefore).toFixed(0)} MB before the export started`,
      },
      {
        metric: 'search as you type p95 while the ZIP runs',
        value: summarize(during).p95,
        unit: 'ms',
        target: 10,
        targetSource: 'issue 7',
        note: `${during.length} keystrokes, from typed to answered (in the call alone p95 ${summarize(inCall).p95.toFixed(2)} ms); no ZIP p95 ${summarize(alone).p95.toFixed(2)} ms`,
      },
    );
    return { rows };
  } finally {
    if (!closed) bench.close();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  }
}
