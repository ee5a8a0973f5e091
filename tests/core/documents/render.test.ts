import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { epcPayload, isValidIban, qrMatrix } from '../../../electron/core/documents/epc';
import { creditTaxRows } from '../../../electron/core/documents/loader';
import { countryCode, paperFor } from '../../../electron/core/documents/paper';
import { render } from '../../../electron/core/documents/render';
import { creditNote, invoice, longInvoice, receipt } from './fixtures';
import { pdfPages, pdfText } from './pdf-text';

const MM = 72 / 25.4;

/** Renders the QR matrix to RGBA pixels (4 px a module, white quiet zone) and decodes it with jsQR. */
function decodeQr(payload: string): string | null {
  const m = qrMatrix(payload);
  const scale = 4;
  const quiet = 4;
  const size = (m.length + 2 * quiet) * scale;
  const pixels = new Uint8ClampedArray(size * size * 4).fill(255);
  for (let r = 0; r < m.length; r++) {
    for (let c = 0; c < m.length; c++) {
      if (!m[r]![c]) continue;
      for (let y = 0; y < scale; y++) {
        for (let x = 0; x < scale; x++) {
          const i = (((r + quiet) * scale + y) * size + (c + quiet) * scale + x) * 4;
          pixels[i] = pixels[i + 1] = pixels[i + 2] = 0;
        }
      }
    }
  }
  const code = jsQR(pixels, size, size);
  return code ? new TextDecoder().decode(Uint8Array.from(code.binaryData)) : null;
}

describe('invoice PDF', () => {
  it('carries the number, dates, parties, per-rate tax rows and totals, in the business locale', async () => {
    const text = await pdfText(render(invoice));
    expect(text).toContain('INVOICE');
    expect(text).toContain('INV-00042');
    expect(text).toContain('Zoë Müller-Łukasiewicz');
    expect(text).toContain('Studio Łódź & Söhne GmbH');
    expect(text).toContain('Tax ID DE123456789');
    expect(text).toContain('Amtsgericht Berlin HRB 12345');
    expect(text).toContain('Member no. M00042');
    expect(text).toContain('01.03.2026'); // de-DE dates
    expect(text).toContain('15.03.2026');
    // Lines: unit price, discount, tax rate and net amount.
    expect(text).toMatch(/Gold membership – monthly .*50,00 € -5,00 € MwSt\. 19% 45,00 €/);
    // Per-rate taxable amount and tax.
    expect(text).toMatch(/MwSt\. 19% 45,00 € 8,55 €/);
    expect(text).toMatch(/MwSt\. 7% 6,00 € 0,42 €/);
    expect(text).toMatch(/Total 59,97 €/);
    expect(text).toMatch(/Amount due 49,97 €/);
    // Payment method, amount and transaction id.
    expect(text).toMatch(/Cash desk-7 10,00 €/);
    // Unicode in the footer, in the embedded font: € £ ł ü ß.
    expect(text).toContain('€ £ ł ü ß');
    expect(text).toContain('IBAN DE89 3704 0044 0532 0130 00');
  });

  it('marks a draft DRAFT and gives it no number', async () => {
    const text = await pdfText(render({ ...invoice, number: null, issueDate: null, mark: 'DRAFT' }));
    expect(text).toContain('DRAFT');
    expect(text).not.toContain('INV-00042');
    expect(text).not.toContain('Invoice no.');
  });

  it('marks a voided invoice VOID and a paid one PAID', async () => {
    expect(await pdfText(render({ ...invoice, mark: 'VOID' }))).toContain('VOID');
    expect(await pdfText(render({ ...invoice, mark: 'PAID' }))).toContain('PAID');
    expect(await pdfText(render(invoice))).not.toMatch(/\b(PAID|VOID|DRAFT)\b/);
  });

  it('runs onto more pages with the table header repeated and pages numbered', async () => {
    const { pages } = await pdfPages(render({ ...longInvoice, lines: longInvoice.lines.slice(0, 50) }));
    expect(pages).toHaveLength(3);
    for (const [i, page] of pages.entries()) {
      expect(page).toMatch(/Description Qty Unit price Tax Amount/);
      expect(page).toContain(`Page ${i + 1} of 3`);
    }
    expect(pages[2]).toMatch(/Total 2\.499,00 €/);
  });

  it('uses A4 or Letter as asked', async () => {
    const a4 = await pdfPages(render(invoice));
    expect(a4.width / MM).toBeCloseTo(210, 0);
    expect(a4.height / MM).toBeCloseTo(297, 0);
    const letter = await pdfPages(render({ ...invoice, paper: 'letter', locale: 'en-US' }));
    expect(letter.width / MM).toBeCloseTo(215.9, 0);
    expect(letter.height / MM).toBeCloseTo(279.4, 0);
    expect(letter.pages[0]).toContain('€49.97');
  });

  it('is the same bytes for the same snapshot (a pure function)', () => {
    const a = render(invoice);
    const b = render(invoice);
    // jsPDF stamps the creation date; everything else must agree.
    const strip = (u: Uint8Array) =>
      Buffer.from(u)
        .toString('latin1')
        .replace(/\/CreationDate \(.*?\)/, '')
        .replace(/\/ID \[.*?\]/, '');
    expect(strip(a)).toBe(strip(b));
  });
});

describe('receipts and credit notes', () => {
  it('prints a receipt with method, amount, transaction id and the invoice paid', async () => {
    const text = await pdfText(render(receipt));
    expect(text).toContain('RECEIPT');
    expect(text).toContain('R-00007');
    expect(text).toContain('Card (Visa •••• 4242)');
    expect(text).toContain('pi_3Nabc123');
    expect(text).toContain('59,97 €');
    expect(text).toContain('INV-00042');
    expect(text).toContain('PAID');
  });

  it('prints the 80 mm receipt on an 80 mm roll', async () => {
    const { pages, width, height } = await pdfPages(render({ ...receipt, layout: 'roll80' }));
    expect(pages).toHaveLength(1);
    expect(width / MM).toBeCloseTo(80, 0);
    expect(height / MM).toBeLessThan(250);
    expect(pages[0]).toContain('Zoë Müller-Łukasiewicz');
    expect(pages[0]).toMatch(/PAID 59,97 €/);
  });

  it('keeps a short 80 mm receipt 80 mm wide (wider than tall)', async () => {
    const short = { ...receipt, layout: 'roll80' as const, footer: null, invoice: null };
    const { width, height } = await pdfPages(
      render({ ...short, business: { ...short.business, address: [] } }),
    );
    expect(width / MM).toBeCloseTo(80, 0);
    expect(height / MM).toBeLessThan(80);
  });

  it('names the invoice a credit note corrects', async () => {
    const text = await pdfText(render(creditNote));
    expect(text).toContain('CREDIT NOTE');
    expect(text).toContain('CN-00003');
    expect(text).toMatch(/Corrects invoice INV-00042/);
    expect(text).toContain('This credit note corrects invoice INV-00042 of 01.03.2026');
    expect(text).toContain('-11,90 €');
    expect(text).toMatch(/MwSt\. 19% \(included\) 10,00 € 1,90 €/);
  });

  it('splits a credit over the invoice rates in proportion, adding up exactly', () => {
    const rows = creditTaxRows(invoice.taxRows, 1000, invoice.totals.total);
    expect(rows.reduce((a, r) => a + r.taxable + r.tax, 0)).toBe(1000);
    expect(rows[0]).toMatchObject({ taxable: 750, tax: 143 }); // 893 of 53,55 € gross at 19%
    expect(rows[1]).toMatchObject({ taxable: 100, tax: 7 }); // 107 of 6,42 € gross at 7%
  });
});

describe('EPC QR code (GiroCode)', () => {
  it('encodes BCD 002, UTF-8, SCT, BIC, name, IBAN, EUR amount and the invoice number', () => {
    const decoded = decodeQr(invoice.bankTransfer!.payload);
    expect(decoded).not.toBeNull();
    const fields = decoded!.split('\n');
    expect(fields).toEqual([
      'BCD',
      '002',
      '1',
      'SCT',
      'COBADEFFXXX',
      'Studio Łódź & Söhne GmbH',
      'DE89370400440532013000',
      'EUR49.97',
      '',
      '',
      'INV-00042',
    ]);
    expect(Buffer.byteLength(decoded!, 'utf8')).toBeLessThanOrEqual(331);
  });

  it('writes whole euros and cents exactly', () => {
    const p = (amountMinor: number) =>
      epcPayload({ name: 'A', iban: 'DE89370400440532013000', bic: null, amountMinor, reference: 'X' }).split(
        '\n',
      )[7];
    expect(p(5)).toBe('EUR0.05');
    expect(p(100)).toBe('EUR1.00');
    expect(p(123456789)).toBe('EUR1234567.89');
  });

  it('checks IBANs by their check digits', () => {
    expect(isValidIban('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(isValidIban('GB82WEST12345698765432')).toBe(true);
    expect(isValidIban('DE89370400440532013001')).toBe(false);
    expect(isValidIban('not an iban')).toBe(false);
  });
});

describe('paper size by country', () => {
  it('gives Letter to the Americas and the Philippines, A4 elsewhere', () => {
    expect(paperFor('US', 'en-US')).toBe('letter');
    expect(paperFor('Canada', 'en-CA')).toBe('letter');
    expect(paperFor('Philippines', 'en-PH')).toBe('letter');
    expect(paperFor('Germany', 'de-DE')).toBe('a4');
    expect(paperFor('United Kingdom', 'en-GB')).toBe('a4');
    expect(paperFor(null, 'en-US')).toBe('letter');
    expect(paperFor(undefined, 'fr-FR')).toBe('a4');
    expect(countryCode('mx', 'es-MX')).toBe('MX');
  });
});
