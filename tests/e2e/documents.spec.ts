import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, OWNER, type RunningApp, setUpBusiness, type SmtpCapture, startApp } from './support/app';
import type { RunningServer } from './support/server';
import { dismissToasts, field, navTo, printOpensPdf, toast } from './support/ui';

/**
 * Documents end to end (issue 7): an invoice downloaded as INV-00001.pdf, a receipt shown and printed
 * (headless: the PDF opens in a new tab), an invoice emailed with its PDF attached (captured by the
 * SMTP stand-in), Settings → Documents refusing a logo that is not an image, and the accountant's ZIP
 * made by the built documents worker (out/main/documentsWorker.js). Screenshots: doc01…
 */
const START = '2026-03-02T15:00:00Z';

let app: RunningApp;
let server: RunningServer;
let page: Page;
let shot: RunningApp['shot'];
let smtp: SmtpCapture;

beforeAll(async () => {
  app = await startApp({ start: START, shots: 'doc', smtp: true });
  ({ server, page, shot } = app);
  smtp = app.smtp!;
});

afterAll(() => app?.close());

const { call, logIn } = apiClient(() => server.url);

/** A real PNG (one colour): signature, IHDR, IDAT and IEND with their CRCs. */
function solidPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x22)]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

let invoiceId = 0;
let paymentId = 0;

describe('documents', () => {
  it('sets up a business with an invoice, a payment and a mail server', async () => {
    await setUpBusiness(page, server.url);
    await logIn(OWNER);
    await call('email.saveSettings', { host: '127.0.0.1', port: smtp.port, from: 'desk@riverside.example' });
    const member = await call<{ id: number }>('members.create', {
      firstName: 'Zoë',
      lastName: 'Müller-Łukasiewicz',
      email: 'zoe@example.com',
    });
    const draft = await call<{ id: number }>('invoices.createDraft', {
      memberId: member.id,
      lines: [{ description: 'Personal training × 3', quantity: 3, unitAmount: 4500 }],
    });
    invoiceId = (await call<{ id: number }>('invoices.finalize', { id: draft.id })).id;
    const second = await call<{ id: number }>('invoices.createDraft', {
      memberId: member.id,
      lines: [{ description: 'Towel service', quantity: 1, unitAmount: 1200 }],
    });
    await call('invoices.finalize', { id: second.id });
    paymentId = (
      await call<{ id: number }>('payments.record', { invoiceId: second.id, amount: 1200, method: 'cash' })
    ).id;
  });

  it('downloads an invoice as INV-00001.pdf and shows it on the page', async () => {
    await page.goto(`${server.url}/#/invoices/${invoiceId}`);
    await page.getByRole('heading', { name: 'Invoice INV-00001' }).waitFor();
    const panel = page.getByTestId('document-panel');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel.getByRole('button', { name: 'Download' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('INV-00001.pdf');
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await panel.getByRole('button', { name: 'Show PDF' }).click();
    await panel.locator('iframe[title="Document preview"]').waitFor();
    expect(await panel.locator('iframe').getAttribute('src')).toMatch(/^blob:/);
    await panel.locator('iframe').scrollIntoViewIfNeeded();
    await page.waitForTimeout(1500); // the PDF viewer draws the page
    await shot('01-invoice-with-pdf');
  });

  it('emails the invoice to the member with the PDF attached', async () => {
    const panel = page.getByTestId('document-panel');
    await panel.getByRole('button', { name: 'Email' }).click();
    const dialog = page.getByRole('dialog', { name: 'Email this invoice' });
    await dialog.getByText('It goes to zoe@example.com unless you enter another address.').waitFor();
    await field(dialog, 'Send to').fill('not an address');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await dialog.getByText('That is not a valid email address').waitFor();
    await shot('02-email-bad-address');
    await field(dialog, 'Send to').fill('');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await toast(page, /goes out to zoe@example\.com with the PDF attached/);
    await dismissToasts(page);
    // Headers may be folded onto more lines. (The desk payment's own receipt mail may be there too.)
    const subject = (raw: string) => raw.replace(/\r?\n[ \t]+/g, ' ').match(/^Subject: (.*)$/m)?.[1];
    const isInvoice = (raw: string) => subject(raw) === 'Invoice INV-00001 from Riverside Fitness';
    await expect
      .poll(() => smtp.received.filter((m) => isInvoice(m.raw)).length, { timeout: 20_000 })
      .toBe(1);
    const mail = smtp.received.find((m) => isInvoice(m.raw))!;
    expect(mail.to).toEqual(['zoe@example.com']);
    expect(mail.raw).toMatch(/filename="?INV-00001\.pdf"?/);
    expect(mail.raw).toContain('Content-Type: application/pdf');
    expect(mail.raw).toContain('text/html');
  });

  it('shows a receipt and prints it (headless: the PDF opens in a new tab)', async () => {
    await page.goto(`${server.url}/#/payments/${paymentId}`);
    await page.getByRole('heading', { name: `Receipt R-${String(paymentId).padStart(5, '0')}` }).waitFor();
    const panel = page.getByTestId('document-panel');
    await panel.locator('iframe[title="Document preview"]').waitFor();
    await panel.getByText('80 mm receipt').click();
    await page.waitForTimeout(1500);
    await shot('03-receipt-80mm');
    await printOpensPdf(page, 'payments.receiptPdf', () =>
      panel.getByRole('button', { name: 'Print' }).click(),
    );
  });

  it('refuses a logo that is not an image and takes a real one (Settings → Documents)', async () => {
    await navTo(page, 'Settings');
    await page.getByRole('tab', { name: 'Documents' }).click();
    await page.getByRole('heading', { name: 'Logo on documents' }).waitFor();
    const chooser = page.locator('input[type="file"]').first();
    await chooser.setInputFiles({
      name: 'logo.png',
      mimeType: 'image/png',
      buffer: Buffer.from('<html>not an image</html>'),
    });
    await page.getByText('The logo must be a PNG or JPEG image').waitFor();
    await shot('04-settings-documents-bad-logo');
    const png = solidPng(64, 16);
    await chooser.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: png });
    await toast(page, 'The logo now prints on every document.');
    await dismissToasts(page);
    await field(page, 'IBAN').fill('DE89 3704 0044 0532 0130 01');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('That IBAN is not valid: check for a typo').waitFor();
    await field(page, 'IBAN').fill('DE89 3704 0044 0532 0130 00');
    await field(page, 'Footer').fill('Riverside Fitness · 1 River Rd · Thank you!');
    await page.getByRole('button', { name: 'Save' }).click();
    await toast(page, 'Document settings saved.');
    await dismissToasts(page);
    await shot('05-settings-documents');
  });

  it("exports March's invoices as a ZIP for the accountant, rendered by the built worker", async () => {
    await page.getByRole('heading', { name: 'For the accountant' }).waitFor();
    await field(page, 'From').fill('2026-03-01');
    await field(page, 'To').fill('2026-03-31');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export ZIP' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('documents-2026-03-01-to-2026-03-31.zip');
    await toast(page, '2 invoices and 0 credit notes, with index.csv.');
    const files = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
    expect(Object.keys(files).sort()).toEqual([
      'index.csv',
      'invoices/INV-00001.pdf',
      'invoices/INV-00002.pdf',
    ]);
    for (const name of ['invoices/INV-00001.pdf', 'invoices/INV-00002.pdf']) {
      const pdf = Buffer.from(files[name]!).toString('latin1');
      expect(pdf.startsWith('%PDF-')).toBe(true);
      expect(pdf).toContain('/Subtype /Image'); // the logo, sent to the worker once for both
    }
    const rows = strFromU8(files['index.csv']!)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(rows.map((r) => r.split(',').slice(0, 4).join(','))).toEqual([
      'type,number,date,member',
      'invoice,INV-00001,2026-03-02,Zoë Müller-Łukasiewicz',
      'invoice,INV-00002,2026-03-02,Zoë Müller-Łukasiewicz',
    ]);
    // The main-thread fallback would have said so in the log: the built worker file made this ZIP.
    const log = join(server.dataDir, 'logs', 'recur.log');
    expect(existsSync(log) ? readFileSync(log, 'utf8') : '').not.toContain(
      'documents worker could not start',
    );
    expect(server.output()).not.toContain('documents worker could not start');
    await dismissToasts(page);
  });
});
