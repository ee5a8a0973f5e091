/**
 * What a document shows, as plain data (STYLE "Documents"): the layout code turns one of these into a
 * PDF and nothing else, so a document can be tested from a literal object and always prints the same.
 * Money is in minor units of `currency`; dates are calendar dates (YYYY-MM-DD) or ISO instants.
 */

export type Paper = 'a4' | 'letter';
export type Mark = 'PAID' | 'VOID' | 'DRAFT' | 'REFUNDED' | null;

export interface Party {
  name: string;
  /** Address lines, ready to print (empty lines left out). */
  address: string[];
  number?: string | null;
  taxId?: string | null;
  /** Company registration line ("Registered in England No. 1234567"). */
  registration?: string | null;
  email?: string | null;
  phone?: string | null;
}

export interface Logo {
  /** data:image/png;base64,… or data:image/jpeg;base64,… */
  dataUrl: string;
  format: 'PNG' | 'JPEG';
  width: number;
  height: number;
}

export interface DocumentCommon {
  paper: Paper;
  locale: string;
  currency: string;
  timeZone: string;
  business: Party;
  customer: Party;
  logo: Logo | null;
  /** Bank details, legal lines: printed at the foot of every page. */
  footer: string | null;
}

export interface LineItem {
  description: string;
  periodStart: string | null;
  periodEnd: string | null;
  quantity: number;
  unitAmount: number;
  discount: number;
  /** e.g. "VAT 20%"; null when the line is not taxed. */
  taxLabel: string | null;
  /** Net amount of the line: quantity × unit price − discount (tax-inclusive lines include their tax). */
  amount: number;
}

export interface TaxRow {
  label: string;
  rateBps: number;
  inclusive: boolean;
  taxable: number;
  tax: number;
}

export interface PaymentItem {
  /** ISO instant. */
  at: string;
  /** "Card (Visa •••• 4242)", "Cash", … */
  method: string;
  amount: number;
  /** The gateway's transaction id or the desk's reference. */
  transactionId: string | null;
  refunded: number;
}

export interface InvoiceTotals {
  subtotal: number;
  discount: number;
  tax: number;
  total: number;
  balanceApplied: number;
  credited: number;
  paid: number;
  refunded: number;
  due: number;
}

export interface InvoiceSnapshot extends DocumentCommon {
  kind: 'invoice';
  /** Null while a draft: a draft has no number. */
  number: string | null;
  mark: Mark;
  issueDate: string | null;
  dueDate: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  lines: LineItem[];
  taxRows: TaxRow[];
  totals: InvoiceTotals;
  payments: PaymentItem[];
  creditNotes: { number: string; at: string; amount: number }[];
  memo: string | null;
  /** EPC QR ("GiroCode") for the amount due, with the IBAN printed next to it. */
  bankTransfer: { iban: string; bic: string | null; payload: string } | null;
}

export interface ReceiptSnapshot extends DocumentCommon {
  kind: 'receipt';
  layout: 'page' | 'roll80';
  /** e.g. "R-00012" (from the payment id): a receipt is a copy of a payment, not a tax document. */
  number: string;
  mark: Mark;
  payment: PaymentItem;
  invoice: {
    number: string | null;
    issueDate: string | null;
    lines: LineItem[];
    taxRows: TaxRow[];
    total: number;
    paid: number;
    due: number;
  } | null;
}

export interface CreditNoteSnapshot extends DocumentCommon {
  kind: 'creditNote';
  number: string;
  /** ISO instant it was issued. */
  issuedAt: string;
  amount: number;
  reason: string;
  destination: 'balance' | 'refund';
  /** The invoice it corrects (EU VAT art. 219). */
  invoice: { number: string | null; issueDate: string | null; total: number };
  /** The credit split over the invoice's tax rates in proportion. */
  taxRows: TaxRow[];
}

export type DocumentSnapshot = InvoiceSnapshot | ReceiptSnapshot | CreditNoteSnapshot;
