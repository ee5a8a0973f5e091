import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as RenderModule from '../../../electron/core/documents/render';
import type { DocumentSnapshot } from '../../../electron/core/documents/snapshot';
import type * as ScriptModule from '../../../electron/core/documents/zip-worker-script';
import { billingFixture, type BillingFixture } from '../../support/billing';
import { pdfText } from './pdf-text';

/*
 * The accountant's ZIP renders its PDFs on a worker thread (issue 7: search stays under 10 ms while a
 * thousand invoices are zipped). `render` is counted on this thread: with the worker it is never
 * called here; the in-thread fallback (no worker file) calls it once per document.
 */
const spy = vi.hoisted(() => ({ renders: 0, brokenWorker: false, dyingWorker: false }));

vi.mock('../../../electron/core/documents/render', async (importOriginal) => {
  const real = await importOriginal<typeof RenderModule>();
  return {
    render: (s: DocumentSnapshot) => {
      spy.renders++;
      return real.render(s);
    },
  };
});

vi.mock('../../../electron/core/documents/zip-worker-script', async (importOriginal) => {
  const real = await importOriginal<typeof ScriptModule>();
  return {
    ...real,
    zipWorkerScript: () =>
      spy.brokenWorker
        ? { filename: new URL('file:///nonexistent/recur/out/main/documentsWorker.js'), options: {} }
        : spy.dyingWorker
          ? // Starts like the real one, then dies on its first documents, as out of its memory cap.
            { filename: DYING_WORKER, options: { eval: true } }
          : real.zipWorkerScript(),
  };
});

const DYING_WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', () => process.exit(134));
parentPort.postMessage({ type: 'ready' });
`;

let f: BillingFixture | undefined;
let dataFolder: string | undefined;
afterEach(() => {
  f?.t.close();
  f = undefined;
  spy.renders = 0;
  spy.brokenWorker = false;
  spy.dyingWorker = false;
  if (dataFolder) rmSync(dataFolder, { recursive: true, force: true });
  dataFolder = undefined;
});

/** `count` finalized invoices of one member, issued on 2 March 2026: $50.00 + 8.25% tax = $54.13 each. */
async function invoices(fx: BillingFixture, count: number) {
  const memberId = (
    await fx.t.call(fx.owner, 'members.create', {
      firstName: 'Zoë',
      lastName: 'Müller-Łukasiewicz',
      email: 'zoe@example.com',
    })
  ).id;
  const tax = await fx.taxRate('Sales tax', 825, false);
  const made = [];
  for (let i = 0; i < count; i++) {
    const draft = await fx.t.call(fx.owner, 'invoices.createDraft', {
      memberId,
      lines: [{ description: `Monthly membership ${i + 1}`, quantity: 1, unitAmount: 5000, taxRateId: tax }],
    });
    made.push(await fx.t.call(fx.owner, 'invoices.finalize', { id: draft.id }));
  }
  return made;
}

async function fetchZip(fx: BillingFixture, exportId: string) {
  const parts: Buffer[] = [];
  let offset: number | null = 0;
  while (offset !== null) {
    const chunk: { base64: string; nextOffset: number | null } = await fx.t.call(
      fx.owner,
      'documents.exportChunk',
      { exportId, offset },
    );
    parts.push(Buffer.from(chunk.base64, 'base64'));
    offset = chunk.nextOffset;
  }
  return unzipSync(new Uint8Array(Buffer.concat(parts)));
}

const MARCH = { from: '2026-03-01', to: '2026-03-31' };
/** Invoices made through the core, then a worker started through tsx: slow on a busy machine. */
const SLOW = 60_000;

describe('accountant ZIP on the documents worker', () => {
  it(
    'renders 100 invoices off the main thread, which stays free for searches',
    async () => {
      f = await billingFixture();
      const made = await invoices(f, 100);
      const progress: number[] = [];
      const off = f.t.core.events.on((e) => {
        if (e.type === 'progress' && e.job === 'documents.exportZip') progress.push(e.done);
      });
      spy.renders = 0;
      const before = performance.eventLoopUtilization();
      const result = await f.t.call(f.owner, 'documents.exportZip', { ...MARCH, jobId: 'job-worker-100' });
      const busy = performance.eventLoopUtilization(before);
      off();

      // Every PDF came from the worker: not one was rendered on this thread.
      expect(spy.renders).toBe(0);
      expect(result).toMatchObject({ invoices: 100, creditNotes: 0 });
      expect(progress.at(-1)).toBe(101);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      // Rendered here in small steps, the loop was busy 95–98% of the export (measured on a loaded
      // 2-core machine); with the worker it only reads snapshots (~0.4 ms each) and waits: 5–7%. The
      // loop's longest delay tells them apart less well (~25 ms either way once the font is loaded).
      expect(busy.utilization).toBeLessThan(0.5);

      const files = await fetchZip(f, result.exportId);
      expect(Object.keys(files)).toHaveLength(101);
      const last = made.at(-1)!;
      const text = await pdfText(files[`invoices/${last.number}.pdf`]!);
      expect(text).toContain('Monthly membership 100');
      expect(text).toContain('Zoë Müller-Łukasiewicz');
      expect(text).toMatch(/Total \$54\.13/);
      const rows = strFromU8(files['index.csv']!)
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(rows).toHaveLength(101);
      expect(rows[100]).toContain(`invoice,${last.number},2026-03-02,Zoë Müller-Łukasiewicz`);
      expect(rows[100]).toContain(',USD,5000,413,5413,0,5413,open,');
    },
    SLOW,
  );

  it(
    'a cancel stops the worker at once and deletes the half-written file',
    async () => {
      dataFolder = mkdtempSync(join(tmpdir(), 'recur-zip-cancel-'));
      f = await billingFixture('2026-03-02', { dataFolder });
      await invoices(f, 40);
      const exportsDir = join(dataFolder, 'exports');
      const progress: number[] = [];
      let partial: { files: number; size: number } | null = null;
      let cancelled: Promise<unknown> | null = null;
      const off = f.t.core.events.on((e) => {
        if (e.type !== 'progress' || e.job !== 'documents.exportZip') return;
        progress.push(e.done);
        // Mid-way: the worker has written PDFs to the file when the owner presses Cancel.
        if (partial) return;
        const names = readdirSync(exportsDir);
        partial = { files: names.length, size: statSync(join(exportsDir, names[0]!)).size };
        cancelled = f!.t.call(f!.owner, 'documents.cancelExport', { jobId: 'job-cancel-mid' });
      });
      const r = await f.t.send(f.owner, 'documents.exportZip', { ...MARCH, jobId: 'job-cancel-mid' });
      expect(await cancelled).toEqual({ cancelled: true });
      expect(r).toEqual({ ok: false, error: { code: 'CONFLICT', message: 'The export was cancelled.' } });
      expect(progress[0]).toBe(5);
      expect(partial!.files).toBe(1);
      expect(partial!.size).toBeGreaterThan(5 * 10_000); // five PDFs of ~90 KB each were in it
      const seen = progress.length;
      await new Promise((done) => setTimeout(done, 300));
      off();
      expect(progress.length).toBe(seen); // the worker renders nothing more
      expect(readdirSync(exportsDir)).toEqual([]);
      // The same job id can run again, to the end.
      const again = await f.t.call(f.owner, 'documents.exportZip', { ...MARCH, jobId: 'job-cancel-mid' });
      expect(again.invoices).toBe(40);
      expect(readdirSync(exportsDir)).toEqual([`${again.exportId}.zip`]);
    },
    SLOW,
  );

  it('makes the ZIP again on the main thread when the worker dies part-way, with every document once', async () => {
    f = await billingFixture();
    const [a, b] = await invoices(f, 2);
    spy.dyingWorker = true;
    spy.renders = 0;
    const result = await f.t.call(f.owner, 'documents.exportZip', { ...MARCH, jobId: 'job-dying-1' });
    expect(result).toMatchObject({ invoices: 2, creditNotes: 0 });
    expect(spy.renders).toBe(2);
    expect(f.t.logger.entries).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'documents worker failed; making the ZIP again on the main thread',
      }),
    );
    const files = await fetchZip(f, result.exportId);
    expect(Object.keys(files).sort()).toEqual(
      [`invoices/${a!.number}.pdf`, `invoices/${b!.number}.pdf`, 'index.csv'].sort(),
    );
    expect(await pdfText(files[`invoices/${b!.number}.pdf`]!)).toContain('Müller-Łukasiewicz');
    expect(strFromU8(files['index.csv']!).trim().split('\r\n')).toHaveLength(3);
  });

  it('renders on the main thread in small steps when no worker can start, and says so in the log', async () => {
    f = await billingFixture();
    const [a, b] = await invoices(f, 2);
    const payment = await f.t.call(f.owner, 'payments.record', {
      invoiceId: b!.id,
      amount: 5413,
      method: 'cash',
    });
    await f.t.call(f.owner, 'refunds.create', {
      paymentId: payment.id,
      amount: 413,
      reason: 'Tax charged twice',
      method: 'cash',
    });
    spy.brokenWorker = true;
    spy.renders = 0;
    const result = await f.t.call(f.owner, 'documents.exportZip', { ...MARCH, jobId: 'job-fallback-1' });
    expect(result).toMatchObject({ invoices: 2, creditNotes: 1 });
    expect(spy.renders).toBe(3);
    expect(f.t.logger.entries).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'documents worker could not start; rendering the ZIP on the main thread',
      }),
    );
    const files = await fetchZip(f, result.exportId);
    expect(Object.keys(files).sort()).toEqual(
      [
        'credit-notes/CN-00001.pdf',
        `invoices/${a!.number}.pdf`,
        `invoices/${b!.number}.pdf`,
        'index.csv',
      ].sort(),
    );
    expect(await pdfText(files['credit-notes/CN-00001.pdf']!)).toContain('Tax charged twice');
    const rows = strFromU8(files['index.csv']!)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    // $4.13 back of a $54.13 invoice at 8.25%: $0.31 of it is tax.
    expect(rows[3]).toMatch(
      new RegExp(
        `^credit note,CN-00001,2026-03-02,.*,USD,-382,-31,-413,0,0,refunded,${b!.number},credit-notes/CN-00001.pdf$`,
      ),
    );
  });
});
