import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/open';
import { creditNotes, payments } from '../../../db/schema';
import type { InvoiceDetail, PartySnapshot, Payment } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { getInvoiceRow, invoiceDetail, toPayment } from '../invoices/repo';
import { getMemberRow, toMember } from '../members/repo';
import { getSettings } from '../settings/repo';
import { epcPayload } from './epc';
import { docFormat } from './format';
import { logoOf } from './image';
import { paperFor } from './paper';
import { getDocumentSettings } from './settings';
import type {
  CreditNoteSnapshot,
  DocumentCommon,
  InvoiceSnapshot,
  LineItem,
  Mark,
  Party,
  PaymentItem,
  ReceiptSnapshot,
  TaxRow,
} from './snapshot';

/*
 * Builds document snapshots from what is stored: the invoice's frozen member and business details
 * (taken at finalization), its lines, payments and credit notes, plus the document settings (logo,
 * footer, bank details). All reads; the layout never touches the database.
 */

type Address = Record<string, string | undefined> | undefined;

function addressLines(a: Address, usStyle: boolean): string[] {
  if (!a) return [];
  const cityLine = usStyle
    ? [[a.city, a.region].filter(Boolean).join(', '), a.postalCode].filter(Boolean).join(' ')
    : [a.postalCode, a.city].filter(Boolean).join(' ');
  return [a.line1, a.line2, cityLine, usStyle ? undefined : a.region, a.country].filter(
    (l): l is string => !!l && l.trim() !== '',
  );
}

function common(db: DbOrTx, detail: Pick<InvoiceDetail, 'member' | 'business' | 'memberId'>): DocumentCommon {
  const s = getSettings(db);
  const docs = getDocumentSettings(db);
  const paper = paperFor(s.address.country, s.locale);
  const us = paper === 'letter';
  // A draft has no frozen details yet: it shows the member and business as they are now.
  const business: PartySnapshot = detail.business ?? {
    name: s.name,
    address: { ...s.address },
    taxId: s.taxId,
    email: s.email,
    phone: s.phone,
  };
  const member: PartySnapshot = detail.member ?? liveMember(db, detail.memberId);
  const businessParty: Party = {
    name: business.name,
    address: addressLines(business.address, us),
    taxId: business.taxId ?? null,
    registration: docs.registration,
    email: business.email ?? null,
    phone: business.phone ?? null,
  };
  const customer: Party = {
    name: member.name,
    address: addressLines(member.address, us),
    number: member.number ?? null,
    taxId: member.taxId ?? null,
    email: member.email ?? null,
  };
  return {
    paper,
    locale: s.locale,
    currency: s.currency,
    timeZone: s.timeZone,
    business: businessParty,
    customer,
    logo: logoOf(docs.logoDataUrl ?? s.logoDataUrl),
    footer: docs.footer,
  };
}

function liveMember(db: DbOrTx, memberId: number): PartySnapshot {
  const m = toMember(getMemberRow(db, memberId), getSettings(db).memberNumberPrefix);
  return {
    name: `${m.firstName} ${m.lastName}`,
    number: m.number,
    email: m.email,
    address: { ...m.address },
    taxId: m.taxId,
  };
}

const taxLabel = (name: string | null, bps: number, locale: string) => {
  if (!name) return null;
  return name.includes('%') ? name : `${name} ${docFormat(locale, 'EUR', 'UTC').percent(bps)}`;
};

function linesOf(d: InvoiceDetail, locale: string): LineItem[] {
  return d.lines.map((l) => ({
    description: l.description,
    periodStart: l.periodStart,
    periodEnd: l.periodEnd,
    quantity: l.quantity,
    unitAmount: l.unitAmount,
    discount: l.discountAmount,
    taxLabel: taxLabel(l.taxName, l.taxRateBps, locale),
    amount: l.amount - l.discountAmount,
  }));
}

function taxRowsOf(d: InvoiceDetail, locale: string): TaxRow[] {
  return d.taxBreakdown.map((r) => ({
    label: taxLabel(r.name, r.rateBps, locale)!,
    rateBps: r.rateBps,
    inclusive: r.inclusive,
    taxable: r.taxable,
    tax: r.tax,
  }));
}

const METHOD: Record<Payment['method'], string> = {
  card: 'Card',
  cash: 'Cash',
  bank_transfer: 'Bank transfer',
  card_terminal: 'Card terminal',
  other: 'Other',
};

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function paymentItem(p: Payment): PaymentItem {
  return {
    at: p.createdAt,
    method: p.card ? `Card (${capital(p.card.brand)} •••• ${p.card.last4})` : METHOD[p.method],
    amount: p.amount,
    transactionId: p.gatewayId ?? p.reference,
    refunded: p.amountRefunded,
  };
}

const MARKS: Record<InvoiceDetail['status'], Mark> = {
  draft: 'DRAFT',
  open: null,
  paid: 'PAID',
  void: 'VOID',
  uncollectible: null,
};

export function invoiceSnapshot(db: DbOrTx, invoiceId: number): InvoiceSnapshot {
  const d = invoiceDetail(db, getInvoiceRow(db, invoiceId));
  const c = common(db, d);
  const docs = getDocumentSettings(db);
  const due = d.status === 'open' || d.status === 'draft' ? d.amountDue : 0;
  const paid = d.payments.filter((p) => p.status === 'succeeded');
  const bankTransfer =
    docs.iban && d.currency === 'EUR' && d.status === 'open' && d.number && due > 0
      ? {
          iban: docs.iban,
          bic: docs.bic,
          payload: epcPayload({
            name: c.business.name,
            iban: docs.iban,
            bic: docs.bic,
            amountMinor: due,
            reference: d.number,
          }),
        }
      : null;
  return {
    ...c,
    currency: d.currency,
    kind: 'invoice',
    number: d.status === 'draft' ? null : d.number,
    mark: MARKS[d.status],
    issueDate: d.issueDate,
    dueDate: d.dueDate,
    periodStart: d.periodStart,
    periodEnd: d.periodEnd,
    lines: linesOf(d, c.locale),
    taxRows: taxRowsOf(d, c.locale),
    totals: {
      subtotal: d.subtotal,
      discount: d.discountTotal,
      tax: d.taxTotal,
      total: d.total,
      balanceApplied: d.balanceApplied,
      credited: d.amountCredited,
      paid: d.amountPaid,
      refunded: d.amountRefunded,
      due,
    },
    payments: paid.map(paymentItem),
    creditNotes: d.creditNotes.map((n) => ({ number: n.number, at: n.createdAt, amount: n.amount })),
    memo: d.memo,
    bankTransfer,
  };
}

export const receiptNumber = (paymentId: number) => `R-${String(paymentId).padStart(5, '0')}`;

export function receiptSnapshot(db: DbOrTx, paymentId: number, layout: 'page' | 'roll80'): ReceiptSnapshot {
  const row = db.select().from(payments).where(eq(payments.id, paymentId)).get();
  if (!row) throw new AppError('NOT_FOUND', 'That payment does not exist.');
  if (row.status !== 'succeeded') {
    throw new AppError('CONFLICT', 'This payment has not gone through, so there is no receipt for it.');
  }
  const d = row.invoiceId ? invoiceDetail(db, getInvoiceRow(db, row.invoiceId)) : null;
  const c = common(db, d ?? { member: null, business: null, memberId: row.memberId });
  const payment = paymentItem(toPayment(db, row, d?.number ?? null, c.customer.name));
  return {
    ...c,
    currency: row.currency,
    kind: 'receipt',
    layout,
    number: receiptNumber(row.id),
    mark: row.amountRefunded >= row.amount ? 'REFUNDED' : 'PAID',
    payment,
    invoice: d
      ? {
          number: d.number,
          issueDate: d.issueDate,
          lines: linesOf(d, c.locale),
          taxRows: taxRowsOf(d, c.locale),
          total: d.total,
          paid: d.amountPaid,
          due: d.status === 'open' ? d.amountDue : 0,
        }
      : null,
  };
}

export function creditNoteSnapshot(db: DbOrTx, creditNoteId: number): CreditNoteSnapshot {
  const n = db.select().from(creditNotes).where(eq(creditNotes.id, creditNoteId)).get();
  if (!n) throw new AppError('NOT_FOUND', 'That credit note does not exist.');
  const d = invoiceDetail(db, getInvoiceRow(db, n.invoiceId));
  const c = common(db, d);
  return {
    ...c,
    currency: n.currency,
    kind: 'creditNote',
    number: n.number,
    issuedAt: n.createdAt,
    amount: n.amount,
    reason: n.reason,
    destination: n.destination,
    invoice: { number: d.number, issueDate: d.issueDate, total: d.total },
    taxRows: creditTaxRows(taxRowsOf(d, c.locale), n.amount, d.total),
  };
}

/**
 * The credit spread over the invoice's tax rates in proportion to each rate's gross amount (largest
 * remainder, so the shares add up to the credit), each share split into net and tax at its rate.
 */
export function creditTaxRows(rows: TaxRow[], amount: number, invoiceTotal: number): TaxRow[] {
  if (rows.length === 0 || invoiceTotal <= 0) return [];
  const gross = rows.map((r) => r.taxable + r.tax);
  const exact = gross.map((g) => (amount * g) / invoiceTotal);
  const shares = exact.map(Math.floor);
  const target = Math.min(amount, Math.round(exact.reduce((a, b) => a + b, 0)));
  let left = target - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left <= 0) break;
    shares[i]!++;
    left--;
  }
  return rows.map((r, i) => {
    const share = shares[i]!;
    const tax = Math.round((share * r.rateBps) / (10_000 + r.rateBps));
    return { ...r, inclusive: true, taxable: share - tax, tax };
  });
}
