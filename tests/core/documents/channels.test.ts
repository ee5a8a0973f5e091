import { eq } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { auditLog, outbox } from '../../../db/schema';
import { createSmtpMailer } from '../../../electron/core/notifications/mailer';
import { billingFixture, type BillingFixture } from '../../support/billing';
import { startSmtpCapture } from '../../support/smtp-capture';
import { pdfText } from './pdf-text';

let f: BillingFixture | undefined;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>> | undefined;
afterEach(async () => {
  f?.t.close();
  await smtp?.close();
  f = undefined;
  smtp = undefined;
});

const bytes = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));

/** A member with a Unicode name and an invoice of two lines at two tax rates, finalized. */
async function issuedInvoice(fx: BillingFixture, email: string | null = 'zoe@example.com') {
  const memberId = (
    await fx.t.call(fx.owner, 'members.create', {
      firstName: 'Zoë',
      lastName: 'Müller-Łukasiewicz',
      ...(email ? { email } : {}),
      address: { line1: '12 Elm St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
    })
  ).id;
  const vat = await fx.taxRate('Sales tax', 825, false);
  const reduced = await fx.taxRate('Food tax', 200, false);
  const draft = await fx.t.call(fx.owner, 'invoices.createDraft', {
    memberId,
    lines: [
      { description: 'Personal training', quantity: 2, unitAmount: 5000, taxRateId: vat },
      { description: 'Protein bar £ ß ł', quantity: 3, unitAmount: 250, taxRateId: reduced },
    ],
  });
  const inv = await fx.t.call(fx.owner, 'invoices.finalize', { id: draft.id });
  return { memberId, invoice: inv, draftId: draft.id };
}

describe('document channels', () => {
  it('invoices.pdf returns the numbered PDF with totals, tax rows and the member, in the business locale', async () => {
    f = await billingFixture();
    const { invoice } = await issuedInvoice(f);
    const pdf = await f.t.call(f.owner, 'invoices.pdf', { id: invoice.id });
    expect(pdf.filename).toBe(`${invoice.number}.pdf`);
    const text = await pdfText(bytes(pdf.base64));
    expect(text).toContain(invoice.number!);
    expect(text).toContain('Zoë Müller-Łukasiewicz');
    expect(text).toContain('Protein bar £ ß ł');
    expect(text).toMatch(/Sales tax 8\.25% \$100\.00 \$8\.25/);
    expect(text).toMatch(/Food tax 2% \$7\.50 \$0\.15/);
    expect(text).toMatch(/Total \$115\.90/);
    expect(text).toContain('Springfield, IL 62701');
    expect(text).toContain('Iron & Oak Fitness');
  });

  it('a draft prints DRAFT with no number; a missing invoice is NOT_FOUND', async () => {
    f = await billingFixture();
    const memberId = await f.member();
    const draft = await f.t.call(f.owner, 'invoices.createDraft', {
      memberId,
      lines: [{ description: 'Locker', quantity: 1, unitAmount: 1500 }],
    });
    const pdf = await f.t.call(f.owner, 'invoices.pdf', { id: draft.id });
    expect(pdf.filename).toBe(`draft-invoice-${draft.id}.pdf`);
    const text = await pdfText(bytes(pdf.base64));
    expect(text).toContain('DRAFT');
    expect(text).not.toMatch(/INV-\d/);
    expect((await f.t.fail(f.owner, 'invoices.pdf', { id: 9999 })).code).toBe('NOT_FOUND');
  });

  it('receipts (A4 and 80 mm) and credit notes come from the stored payment and refund', async () => {
    f = await billingFixture();
    const { invoice } = await issuedInvoice(f);
    const payment = await f.t.call(f.owner, 'payments.record', {
      invoiceId: invoice.id,
      amount: invoice.amountDue,
      method: 'cash',
      reference: 'till-3',
    });
    const receipt = await f.t.call(f.owner, 'payments.receiptPdf', { id: payment.id });
    expect(receipt.filename).toBe(`R-${String(payment.id).padStart(5, '0')}.pdf`);
    const text = await pdfText(bytes(receipt.base64));
    expect(text).toMatch(/Cash/);
    expect(text).toContain('till-3');
    expect(text).toContain('$115.90');
    expect(text).toContain('PAID');
    const roll = await f.t.call(f.owner, 'payments.receiptPdf', { id: payment.id, layout: '80mm' });
    expect(roll.filename).toMatch(/-80mm\.pdf$/);

    await f.t.call(f.owner, 'refunds.create', {
      paymentId: payment.id,
      amount: 2000,
      reason: 'Cancelled session',
      method: 'cash',
    });
    const notes = await f.t.call(f.owner, 'creditNotes.list', { invoiceId: invoice.id });
    expect(notes).toHaveLength(1);
    const cn = await f.t.call(f.owner, 'creditNotes.pdf', { id: notes[0]!.id });
    const cnText = await pdfText(bytes(cn.base64));
    expect(cnText).toContain(notes[0]!.number);
    expect(cnText).toContain(`Corrects invoice ${invoice.number}`);
    expect(cnText).toContain('-$20.00');
  });

  it('emails an invoice with the PDF attached and a text and HTML body; the activity shows it', async () => {
    smtp = await startSmtpCapture();
    f = await billingFixture('2026-03-02', { mailer: createSmtpMailer });
    const { invoice, memberId } = await issuedInvoice(f);
    await f.t.call(f.owner, 'email.saveSettings', {
      host: '127.0.0.1',
      port: smtp.port,
      from: 'desk@ironoak.test',
    });
    const { outboxId } = await f.t.call(f.owner, 'invoices.email', { id: invoice.id });
    const row = f.t.database.db.select().from(outbox).where(eq(outbox.id, outboxId)).get()!;
    expect(row).toMatchObject({
      to: 'zoe@example.com',
      subject: `Invoice ${invoice.number} from Iron & Oak Fitness`,
    });
    expect(JSON.parse(row.attachments!)).toEqual([{ kind: 'invoice', id: invoice.id }]);
    expect(row.body).toContain('Amount due: $115.90');
    expect(row.html).toContain('<p>Amount due: $115.90');

    const activity = await f.t.call(f.owner, 'audit.forEntity', { entity: 'member', entityId: memberId });
    expect(activity.items[0]).toMatchObject({ action: 'invoice emailed' });
    expect(activity.items[0]!.summary).toContain('zoe@example.com');

    await f.t.core.scheduler.runDue();
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.raw).toContain(`filename=${invoice.number}.pdf`);
    expect(smtp.received[0]!.raw).toContain('Content-Type: application/pdf');
    expect(smtp.received[0]!.raw).toContain('text/html');
  });

  it('sends to another address when given; refuses a bad or missing address and queues nothing', async () => {
    f = await billingFixture();
    const { invoice } = await issuedInvoice(f, null);
    const before = f.t.database.db.select().from(outbox).all().length;
    const missing = await f.t.fail(f.owner, 'invoices.email', { id: invoice.id });
    expect(missing.code).toBe('VALIDATION');
    expect(missing.message).toMatch(/no email address/);
    const bad = await f.t.fail(f.owner, 'invoices.email', { id: invoice.id, to: 'not-an-address' });
    expect(bad.code).toBe('VALIDATION');
    expect(bad.fields?.to).toBe('That is not a valid email address');
    expect(f.t.database.db.select().from(outbox).all()).toHaveLength(before);
    const ok = await f.t.call(f.owner, 'invoices.email', { id: invoice.id, to: 'Accounts@Example.com' });
    expect(f.t.database.db.select().from(outbox).where(eq(outbox.id, ok.outboxId)).get()!.to).toBe(
      'accounts@example.com',
    );
  });

  it('emails each invoice when issued if the setting is on (once), and never when it is off', async () => {
    f = await billingFixture();
    await issuedInvoice(f);
    expect(f.t.database.db.select().from(outbox).all()).toHaveLength(0);
    const settings = await f.t.call(f.owner, 'documents.saveSettings', { emailInvoices: true });
    expect(settings.emailInvoices).toBe(true);
    const { invoice } = await issuedInvoice(f, 'second@example.com');
    const rows = f.t.database.db.select().from(outbox).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ to: 'second@example.com', dedupeKey: `invoice-issued:${invoice.id}` });
    // A member without an address: the invoice is still issued, nothing is queued.
    const { invoice: third } = await issuedInvoice(f, null);
    expect(third.status).toBe('open');
    expect(f.t.database.db.select().from(outbox).all()).toHaveLength(1);
  });
});

describe('document settings', () => {
  const png = (extra = 0) =>
    `data:image/png;base64,${Buffer.concat([
      Buffer.from('89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61', 'hex'),
      Buffer.alloc(extra),
    ]).toString('base64')}`;

  it('refuses a logo that is not an image or is over 2 MB, and changes nothing', async () => {
    f = await billingFixture();
    const notImage = await f.t.fail(f.owner, 'documents.setLogo', {
      dataUrl: `data:image/png;base64,${Buffer.from('<html>hello</html>').toString('base64')}`,
    });
    expect(notImage).toMatchObject({
      code: 'VALIDATION',
      fields: { dataUrl: 'The logo must be a PNG or JPEG image' },
    });
    const tooBig = await f.t.fail(f.owner, 'documents.setLogo', { dataUrl: png(2 * 1024 * 1024) });
    expect(tooBig.fields?.dataUrl).toMatch(/larger than 2 MB/);
    expect((await f.t.call(f.owner, 'documents.settings', {})).logoDataUrl).toBeNull();
    const ok = await f.t.call(f.owner, 'documents.setLogo', { dataUrl: png() });
    expect(ok.logoDataUrl).toBe(png());
  });

  it('checks the IBAN and BIC; only the owner may change them', async () => {
    f = await billingFixture();
    const bad = await f.t.fail(f.owner, 'documents.saveSettings', { iban: 'DE89 3704 0044 0532 0130 01' });
    expect(bad.fields?.iban).toMatch(/not valid/);
    const badBic = await f.t.fail(f.owner, 'documents.saveSettings', {
      iban: 'DE89370400440532013000',
      bic: 'XX',
    });
    expect(badBic.fields?.bic).toMatch(/8 or 11/);
    const ok = await f.t.call(f.owner, 'documents.saveSettings', {
      iban: 'de89 3704 0044 0532 0130 00',
      bic: 'cobadeffxxx',
      footer: 'Bank: Commerzbank',
    });
    expect(ok).toMatchObject({
      iban: 'DE89370400440532013000',
      bic: 'COBADEFFXXX',
      footer: 'Bank: Commerzbank',
    });
    const staff = await (await import('../../support/core')).signInAs(f.t, f.owner, 'staff');
    expect((await f.t.fail(staff, 'documents.saveSettings', { footer: 'x' })).code).toBe('FORBIDDEN');
    const audit = f.t.database.db.select().from(auditLog).all();
    expect(audit.some((a) => a.action === 'document settings changed')).toBe(true);
  });
});

describe('accountant ZIP', () => {
  async function fetchZip(fx: BillingFixture, exportId: string) {
    const parts: Buffer[] = [];
    let offset: number | null = 0;
    while (offset !== null) {
      const chunk: { base64: string; nextOffset: number | null } = await fx.t.call(
        fx.owner,
        'documents.exportChunk',
        {
          exportId,
          offset,
        },
      );
      parts.push(Buffer.from(chunk.base64, 'base64'));
      offset = chunk.nextOffset;
    }
    return unzipSync(new Uint8Array(Buffer.concat(parts)));
  }

  it('holds every invoice and credit note of the range as PDFs, with a CSV index', async () => {
    f = await billingFixture();
    const a = await issuedInvoice(f);
    const b = await issuedInvoice(f, 'b@example.com');
    const payment = await f.t.call(f.owner, 'payments.record', {
      invoiceId: b.invoice.id,
      amount: 11590,
      method: 'cash',
    });
    await f.t.call(f.owner, 'refunds.create', {
      paymentId: payment.id,
      amount: 590,
      reason: 'Bar returned',
      method: 'cash',
    });
    const progress: number[] = [];
    const off = f.t.core.events.on((e) => {
      if (e.type === 'progress' && e.job === 'documents.exportZip') progress.push(e.done);
    });
    const result = await f.t.call(f.owner, 'documents.exportZip', {
      from: '2026-03-01',
      to: '2026-03-31',
      jobId: 'job-12345678',
    });
    off();
    expect(result).toMatchObject({
      invoices: 2,
      creditNotes: 1,
      filename: 'documents-2026-03-01-to-2026-03-31.zip',
    });
    expect(progress.at(-1)).toBe(4);
    const files = await fetchZip(f, result.exportId);
    expect(Object.keys(files).sort()).toEqual(
      [
        `invoices/${a.invoice.number}.pdf`,
        `invoices/${b.invoice.number}.pdf`,
        'credit-notes/CN-00001.pdf',
        'index.csv',
      ].sort(),
    );
    expect(await pdfText(files[`invoices/${a.invoice.number}.pdf`]!)).toContain('Zoë Müller-Łukasiewicz');
    const csv = strFromU8(files['index.csv']!)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(csv[0]).toBe(
      'type,number,date,member,member_number,member_tax_id,currency,net,tax,total,paid,due,status,corrects,file',
    );
    expect(csv[1]).toContain(`invoice,${a.invoice.number},2026-03-02,Zoë Müller-Łukasiewicz`);
    expect(csv[1]).toContain(',USD,10750,840,11590,0,11590,open,');
    expect(csv[3]).toMatch(
      new RegExp(
        `^credit note,CN-00001,2026-03-02,.*,-590,0,0,refunded,${b.invoice.number},credit-notes/CN-00001.pdf$`,
      ),
    );
  });

  it('an empty range is a clear message and writes nothing', async () => {
    f = await billingFixture();
    await issuedInvoice(f);
    const e = await f.t.fail(f.owner, 'documents.exportZip', {
      from: '2025-01-01',
      to: '2025-12-31',
      jobId: 'job-empty-1',
    });
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toMatch(/no invoices or credit notes issued between/);
    const reversed = await f.t.fail(f.owner, 'documents.exportZip', {
      from: '2026-03-31',
      to: '2026-03-01',
      jobId: 'job-rev-01',
    });
    expect(reversed.fields?.to).toMatch(/start date is after the end date/);
  });

  it('can be cancelled while it runs', async () => {
    f = await billingFixture();
    for (let i = 0; i < 6; i++) await issuedInvoice(f, `m${i}@example.com`);
    const running = f.t.send(f.owner, 'documents.exportZip', {
      from: '2026-03-01',
      to: '2026-03-31',
      jobId: 'job-cancel-1',
    });
    await new Promise((r) => setImmediate(r));
    expect(await f.t.call(f.owner, 'documents.cancelExport', { jobId: 'job-cancel-1' })).toEqual({
      cancelled: true,
    });
    const r = await running;
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toMatch(/cancelled/);
  });
});
