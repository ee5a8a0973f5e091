import { epcPayload } from '../../../electron/core/documents/epc';
import type {
  CreditNoteSnapshot,
  DocumentCommon,
  InvoiceSnapshot,
  LineItem,
  ReceiptSnapshot,
} from '../../../electron/core/documents/snapshot';

/** Literal snapshots: a document is a pure function of one of these (STYLE "Documents"). */
export const common: DocumentCommon = {
  paper: 'a4',
  locale: 'de-DE',
  currency: 'EUR',
  timeZone: 'Europe/Berlin',
  business: {
    name: 'Studio Łódź & Söhne GmbH',
    address: ['Hauptstraße 5', '10115 Berlin', 'Germany'],
    taxId: 'DE123456789',
    registration: 'Amtsgericht Berlin HRB 12345',
    email: 'hallo@studio.example',
    phone: '+49 30 1234567',
  },
  customer: {
    name: 'Zoë Müller-Łukasiewicz',
    address: ['Straße der Pariser Kommune 7', '10243 Berlin'],
    number: 'M00042',
    taxId: null,
    email: 'zoe@example.com',
  },
  logo: null,
  footer:
    'Bank: Sparkasse Berlin · IBAN DE89 3704 0044 0532 0130 00 · Geschäftsführer: Jürgen Weiß · € £ ł ü ß',
};

const line = (
  description: string,
  amount: number,
  tax: string | null,
  extra: Partial<LineItem> = {},
): LineItem => ({
  description,
  periodStart: null,
  periodEnd: null,
  quantity: 1,
  unitAmount: amount,
  discount: 0,
  taxLabel: tax,
  amount,
  ...extra,
});

export const invoice: InvoiceSnapshot = {
  ...common,
  kind: 'invoice',
  number: 'INV-00042',
  mark: null,
  issueDate: '2026-03-01',
  dueDate: '2026-03-15',
  periodStart: '2026-03-01',
  periodEnd: '2026-04-01',
  lines: [
    line('Gold membership – monthly', 4500, 'MwSt. 19%', {
      periodStart: '2026-03-01',
      periodEnd: '2026-04-01',
      discount: 500,
      unitAmount: 5000,
    }),
    line('Towel rental', 200, 'MwSt. 7%', { quantity: 3, unitAmount: 200, amount: 600 }),
  ],
  taxRows: [
    { label: 'MwSt. 19%', rateBps: 1900, inclusive: false, taxable: 4500, tax: 855 },
    { label: 'MwSt. 7%', rateBps: 700, inclusive: false, taxable: 600, tax: 42 },
  ],
  totals: {
    subtotal: 5600,
    discount: 500,
    tax: 897,
    total: 5997,
    balanceApplied: 0,
    credited: 0,
    paid: 1000,
    refunded: 0,
    due: 4997,
  },
  payments: [
    { at: '2026-03-02T09:30:00.000Z', method: 'Cash', amount: 1000, transactionId: 'desk-7', refunded: 0 },
  ],
  creditNotes: [],
  memo: 'Danke für Ihren Besuch!',
  bankTransfer: {
    iban: 'DE89370400440532013000',
    bic: 'COBADEFFXXX',
    payload: epcPayload({
      name: 'Studio Łódź & Söhne GmbH',
      iban: 'DE89370400440532013000',
      bic: 'COBADEFFXXX',
      amountMinor: 4997,
      reference: 'INV-00042',
    }),
  },
};

export const longInvoice: InvoiceSnapshot = {
  ...invoice,
  number: 'INV-00043',
  lines: Array.from({ length: 70 }, (_, i) =>
    line(`Personal training session ${i + 1} – Łukasz Żółć`, 3000, 'MwSt. 19%', {
      periodStart: '2026-03-01',
      periodEnd: '2026-04-01',
    }),
  ),
  taxRows: [{ label: 'MwSt. 19%', rateBps: 1900, inclusive: false, taxable: 210000, tax: 39900 }],
  totals: {
    ...invoice.totals,
    subtotal: 210000,
    discount: 0,
    tax: 39900,
    total: 249900,
    paid: 0,
    due: 249900,
  },
  payments: [],
};

export const receipt: ReceiptSnapshot = {
  ...common,
  kind: 'receipt',
  layout: 'page',
  number: 'R-00007',
  mark: 'PAID',
  payment: {
    at: '2026-03-02T09:30:00.000Z',
    method: 'Card (Visa •••• 4242)',
    amount: 5997,
    transactionId: 'pi_3Nabc123',
    refunded: 0,
  },
  invoice: {
    number: 'INV-00042',
    issueDate: '2026-03-01',
    lines: invoice.lines,
    taxRows: invoice.taxRows,
    total: 5997,
    paid: 5997,
    due: 0,
  },
};

export const creditNote: CreditNoteSnapshot = {
  ...common,
  kind: 'creditNote',
  number: 'CN-00003',
  issuedAt: '2026-03-05T10:00:00.000Z',
  amount: 1190,
  reason: 'Studio closed for a week (Wasserschaden)',
  destination: 'balance',
  invoice: { number: 'INV-00042', issueDate: '2026-03-01', total: 5997 },
  taxRows: [{ label: 'MwSt. 19%', rateBps: 1900, inclusive: true, taxable: 1000, tax: 190 }],
};
