import { afterEach, describe, expect, it } from 'vitest';
import { billingFixture, type BillingFixture } from '../../support/billing';
import { pdfText } from './pdf-text';

let f: BillingFixture | undefined;
afterEach(() => {
  f?.t.close();
  f = undefined;
});

const bytes = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));

async function invoiceFor(fx: BillingFixture, taxId?: string) {
  const memberId = (
    await fx.t.call(fx.owner, 'members.create', {
      firstName: 'Zoë',
      lastName: 'Müller-Łukasiewicz',
      address: { line1: '12 Elm St', city: 'Springfield' },
      ...(taxId ? { taxId } : {}),
    })
  ).id;
  const draft = await fx.t.call(fx.owner, 'invoices.createDraft', {
    memberId,
    lines: [{ description: 'Personal training', quantity: 1, unitAmount: 5000 }],
  });
  return { memberId, draftId: draft.id };
}

const pdfOf = async (fx: BillingFixture, id: number) =>
  pdfText(bytes((await fx.t.call(fx.owner, 'invoices.pdf', { id })).base64));

describe("the member's tax id on documents (EU VAT art. 226)", () => {
  it('prints it under the member on the invoice and the credit note, frozen at finalization', async () => {
    f = await billingFixture();
    const { memberId, draftId } = await invoiceFor(f, 'DE 811 907 980');
    // A draft shows the member as they are now.
    expect(await pdfOf(f, draftId)).toMatch(/Müller-Łukasiewicz .*Tax ID DE 811 907 980/);
    const invoice = await f.t.call(f.owner, 'invoices.finalize', { id: draftId });
    expect(invoice.member?.taxId).toBe('DE 811 907 980');

    // A later edit of the member never rewrites the issued invoice…
    await f.t.call(f.owner, 'members.update', { id: memberId, taxId: 'DE 999 999 999' });
    const issued = await pdfOf(f, invoice.id);
    expect(issued).toContain('Tax ID DE 811 907 980');
    expect(issued).not.toContain('DE 999 999 999');
    expect((await f.t.call(f.owner, 'invoices.get', { id: invoice.id })).member?.taxId).toBe(
      'DE 811 907 980',
    );

    // …and the credit note that corrects it names the member as the invoice does.
    const payment = await f.t.call(f.owner, 'payments.record', {
      invoiceId: invoice.id,
      amount: invoice.amountDue,
      method: 'cash',
    });
    await f.t.call(f.owner, 'refunds.create', {
      paymentId: payment.id,
      amount: 1000,
      reason: 'Goodwill',
      method: 'cash',
    });
    const [note] = await f.t.call(f.owner, 'creditNotes.list', { invoiceId: invoice.id });
    const cn = await f.t.call(f.owner, 'creditNotes.pdf', { id: note!.id });
    expect(await pdfText(bytes(cn.base64))).toContain('Tax ID DE 811 907 980');
  });

  it('prints no tax id line for a member without one', async () => {
    f = await billingFixture();
    const business = await f.t.call(f.owner, 'settings.get', {});
    const { draftId } = await invoiceFor(f);
    const invoice = await f.t.call(f.owner, 'invoices.finalize', { id: draftId });
    expect(invoice.member?.taxId ?? null).toBeNull();
    const text = await pdfOf(f, invoice.id);
    expect(text).toContain('Zoë Müller-Łukasiewicz');
    // Only the business's own tax id, if it has one, carries the label.
    expect(text.match(/Tax ID/g)?.length ?? 0).toBe(business.taxId ? 1 : 0);
  });
});
