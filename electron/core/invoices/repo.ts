import { asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../../db/open';
import { creditNotes, invoiceLines, invoices, members, paymentMethods, payments } from '../../../db/schema';
import { addDays } from '../../../shared/calendar';
import type {
  CreditNote,
  Invoice,
  InvoiceDetail,
  InvoiceLine,
  PartySnapshot,
  Payment,
  TaxBreakdownRow,
} from '../../../shared/contract';
import type { CouponTerms } from '../../../shared/billing-math';
import { AppError } from '../../../shared/errors';
import { addBalanceEntry, memberBalance } from '../billing/balance';
import { recordEvent } from '../billing/events';
import { nextDocumentNumber } from '../billing/numbering';
import { businessToday } from '../billing/today';
import type { Ctx } from '../context';
import { emailInvoiceOnIssue } from '../documents/autoEmail';
import { getMemberRow, toMember } from '../members/repo';
import { getSettings } from '../settings/repo';
import { computeLines, totalsOf, type LineSpec } from './lines';
import { prepared } from '../prepared';

export type InvoiceRow = typeof invoices.$inferSelect;
type LineRow = typeof invoiceLines.$inferSelect;

export const amountDueOf = (
  r: Pick<InvoiceRow, 'total' | 'balanceApplied' | 'amountPaid' | 'amountCredited'>,
) => Math.max(0, r.total - r.balanceApplied - r.amountPaid - r.amountCredited);

export function toInvoice(r: InvoiceRow, memberName: string): Invoice {
  return {
    id: r.id,
    number: r.number,
    memberId: r.memberId,
    memberName,
    subscriptionId: r.subscriptionId,
    status: r.status,
    reason: r.reason,
    currency: r.currency,
    subtotal: r.subtotal,
    discountTotal: r.discountTotal,
    taxTotal: r.taxTotal,
    total: r.total,
    balanceApplied: r.balanceApplied,
    amountPaid: r.amountPaid,
    amountRefunded: r.amountRefunded,
    amountCredited: r.amountCredited,
    amountDue: r.status === 'open' || r.status === 'draft' ? amountDueOf(r) : 0,
    issueDate: r.issueDate,
    dueDate: r.dueDate,
    periodStart: r.periodStart,
    periodEnd: r.periodEnd,
    memo: r.memo,
    createdAt: r.createdAt,
    finalizedAt: r.finalizedAt,
    paidAt: r.paidAt,
    voidedAt: r.voidedAt,
  };
}

const toLine = (l: LineRow): InvoiceLine => ({
  id: l.id,
  kind: l.kind,
  description: l.description,
  periodStart: l.periodStart,
  periodEnd: l.periodEnd,
  quantity: l.quantity,
  unitAmount: l.unitAmount,
  amount: l.amount,
  discountAmount: l.discountAmount,
  taxRateId: l.taxRateId,
  taxName: l.taxName,
  taxRateBps: l.taxRateBps,
  taxInclusive: l.taxInclusive,
  taxAmount: l.taxAmount,
  total: l.total,
});

export function getInvoiceRow(db: DbOrTx, id: number): InvoiceRow {
  const row = prepared(db, 'invoices.byId', (d) =>
    d
      .select()
      .from(invoices)
      .where(eq(invoices.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id });
  if (!row) throw new AppError('NOT_FOUND', 'That invoice does not exist.');
  return row;
}

export const memberDisplayName = (db: DbOrTx, memberId: number) => {
  const m = db
    .select({ f: members.firstName, l: members.lastName })
    .from(members)
    .where(eq(members.id, memberId))
    .get();
  return m ? `${m.f} ${m.l}` : '';
};

export interface NewInvoice {
  memberId: number;
  subscriptionId: number | null;
  reason: InvoiceRow['reason'];
  currency: string;
  lines: LineSpec[];
  coupon: CouponTerms | null;
  billingKey?: string | null;
  periodStart?: string | null;
  periodEnd?: string | null;
  memo?: string | null;
  dueDate?: string | null;
}

/** Writes a draft invoice with its computed lines and totals. */
export function insertDraft(tx: Tx, ctx: Ctx, input: NewInvoice): InvoiceRow {
  const lines = computeLines(input.lines, input.coupon);
  const totals = totalsOf(lines);
  // Renewals write these on every period: prepared once (see prepared.ts).
  const insert = prepared(tx, 'invoices.insertDraft', (d) =>
    d
      .insert(invoices)
      .values({
        memberId: sql.placeholder('memberId'),
        subscriptionId: sql.placeholder('subscriptionId'),
        status: 'draft',
        reason: sql.placeholder('reason'),
        currency: sql.placeholder('currency'),
        subtotal: sql.placeholder('subtotal'),
        discountTotal: sql.placeholder('discountTotal'),
        taxTotal: sql.placeholder('taxTotal'),
        total: sql.placeholder('total'),
        periodStart: sql.placeholder('periodStart'),
        periodEnd: sql.placeholder('periodEnd'),
        memo: sql.placeholder('memo'),
        dueDate: sql.placeholder('dueDate'),
        billingKey: sql.placeholder('billingKey'),
        createdAt: sql.placeholder('createdAt'),
      })
      .returning({ id: invoices.id })
      .prepare(),
  );
  const { id } = insert.get({
    memberId: input.memberId,
    subscriptionId: input.subscriptionId,
    reason: input.reason,
    currency: input.currency,
    ...totals,
    periodStart: input.periodStart ?? null,
    periodEnd: input.periodEnd ?? null,
    memo: input.memo ?? null,
    dueDate: input.dueDate ?? null,
    billingKey: input.billingKey ?? null,
    createdAt: ctx.nowIso(),
  })!;
  const row = getInvoiceRow(tx, id);
  writeLines(tx, row.id, lines);
  recordEvent(tx, ctx, {
    type: 'invoice.created',
    effectiveDate: businessToday(tx, ctx.now()),
    subscriptionId: input.subscriptionId,
    memberId: input.memberId,
    invoiceId: row.id,
    data: { total: totals.total, currency: input.currency, reason: input.reason },
  });
  return row;
}

function writeLines(tx: Tx, invoiceId: number, lines: ReturnType<typeof computeLines>) {
  const insert = prepared(tx, 'invoiceLines.insert', (d) =>
    d
      .insert(invoiceLines)
      .values({
        invoiceId: sql.placeholder('invoiceId'),
        kind: sql.placeholder('kind'),
        description: sql.placeholder('description'),
        periodStart: sql.placeholder('periodStart'),
        periodEnd: sql.placeholder('periodEnd'),
        quantity: sql.placeholder('quantity'),
        unitAmount: sql.placeholder('unitAmount'),
        amount: sql.placeholder('amount'),
        discountAmount: sql.placeholder('discountAmount'),
        taxRateId: sql.placeholder('taxRateId'),
        taxName: sql.placeholder('taxName'),
        taxRateBps: sql.placeholder('taxRateBps'),
        taxInclusive: sql.placeholder('taxInclusive'),
        taxAmount: sql.placeholder('taxAmount'),
        total: sql.placeholder('total'),
        planId: sql.placeholder('planId'),
      })
      .prepare(),
  );
  for (const l of lines) {
    insert.run({
      invoiceId,
      kind: l.kind,
      description: l.description,
      periodStart: l.periodStart ?? null,
      periodEnd: l.periodEnd ?? null,
      quantity: l.quantity,
      unitAmount: l.unitAmount,
      amount: l.amount,
      discountAmount: l.discountAmount,
      taxRateId: l.tax?.id ?? null,
      taxName: l.tax?.name ?? null,
      taxRateBps: l.tax?.rateBps ?? 0,
      // A placeholder bypasses drizzle's boolean mapping: SQLite stores booleans as 0/1.
      taxInclusive: l.tax?.inclusive ? 1 : 0,
      taxAmount: l.taxAmount,
      total: l.total,
      planId: l.planId ?? null,
    });
  }
}

/** Replaces a draft's lines. A finalized invoice never changes (DESIGN §5). */
export function replaceDraftLines(
  tx: Tx,
  row: InvoiceRow,
  specs: LineSpec[],
  memo: string | null,
  dueDate: string | null,
) {
  if (row.status !== 'draft') {
    throw new AppError(
      'CONFLICT',
      'This invoice is finalized and cannot change. Issue a credit note or void it instead.',
    );
  }
  tx.delete(invoiceLines).where(eq(invoiceLines.invoiceId, row.id)).run();
  const lines = computeLines(specs, null);
  writeLines(tx, row.id, lines);
  return tx
    .update(invoices)
    .set({ ...totalsOf(lines), memo, dueDate })
    .where(eq(invoices.id, row.id))
    .returning()
    .get()!;
}

function memberSnapshot(db: DbOrTx, memberId: number): PartySnapshot {
  const m = toMember(getMemberRow(db, memberId), getSettings(db).memberNumberPrefix);
  return {
    name: `${m.firstName} ${m.lastName}`,
    number: m.number,
    email: m.email,
    phone: m.phone,
    address: { ...m.address },
    // Frozen with the rest: a tax id added or changed later never rewrites an issued invoice.
    taxId: m.taxId,
  };
}

function businessSnapshot(db: DbOrTx): PartySnapshot {
  const s = getSettings(db);
  return { name: s.name, email: s.email, phone: s.phone, address: { ...s.address }, taxId: s.taxId };
}

/**
 * draft → open: a gapless number, the member's and business's details frozen, the due date set and
 * the member's credit balance applied. Settles at once when nothing is left to pay.
 */
export function finalizeInvoice(tx: Tx, ctx: Ctx, id: number): InvoiceRow {
  const row = getInvoiceRow(tx, id);
  if (row.status !== 'draft') throw new AppError('CONFLICT', 'This invoice is already finalized.');
  if (row.total < 0)
    throw new AppError('VALIDATION', 'An invoice cannot total less than zero. Use a credit note.');
  const settings = getSettings(tx);
  const today = businessToday(tx, ctx.now());
  const balance = memberBalance(tx, row.memberId, row.currency);
  const balanceApplied = Math.max(0, Math.min(balance, row.total));
  const number = nextDocumentNumber(tx, 'invoice', settings.invoicePrefix);
  const finalize = prepared(tx, 'invoices.finalize', (d) =>
    d
      .update(invoices)
      .set({
        number: sql`${sql.placeholder('number')}`,
        status: 'open',
        issueDate: sql`${sql.placeholder('issueDate')}`,
        dueDate: sql`${sql.placeholder('dueDate')}`,
        memberSnapshot: sql`${sql.placeholder('memberSnapshot')}`,
        businessSnapshot: sql`${sql.placeholder('businessSnapshot')}`,
        balanceApplied: sql`${sql.placeholder('balanceApplied')}`,
        finalizedAt: sql`${sql.placeholder('finalizedAt')}`,
      })
      .where(eq(invoices.id, sql.placeholder('id')))
      .prepare(),
  );
  finalize.run({
    id,
    number,
    issueDate: today,
    dueDate: row.dueDate ?? addDays(today, settings.invoiceDueDays),
    memberSnapshot: JSON.stringify(memberSnapshot(tx, row.memberId)),
    businessSnapshot: JSON.stringify(businessSnapshot(tx)),
    balanceApplied,
    finalizedAt: ctx.nowIso(),
  });
  if (balanceApplied > 0) {
    addBalanceEntry(tx, {
      memberId: row.memberId,
      amount: -balanceApplied,
      currency: row.currency,
      reason: `Applied to invoice ${number}`,
      invoiceId: id,
      createdAt: ctx.nowIso(),
    });
  }
  recordEvent(tx, ctx, {
    type: 'invoice.finalized',
    effectiveDate: today,
    subscriptionId: row.subscriptionId,
    memberId: row.memberId,
    invoiceId: id,
    data: { number, total: row.total, balanceApplied },
  });
  emailInvoiceOnIssue(tx, ctx, id);
  return getInvoiceRow(tx, id);
}

export function invoiceDetail(db: DbOrTx, row: InvoiceRow): InvoiceDetail {
  const lines = db
    .select()
    .from(invoiceLines)
    .where(eq(invoiceLines.invoiceId, row.id))
    .orderBy(asc(invoiceLines.id))
    .all();
  const breakdown = new Map<string, TaxBreakdownRow>();
  for (const l of lines) {
    if (!l.taxName) continue;
    const key = `${l.taxName}|${l.taxRateBps}|${l.taxInclusive}`;
    const b = breakdown.get(key) ?? {
      name: l.taxName,
      rateBps: l.taxRateBps,
      inclusive: l.taxInclusive,
      taxable: 0,
      tax: 0,
    };
    // Taxable base: net of discount and, for inclusive tax, net of the tax itself.
    b.taxable += l.amount - l.discountAmount - (l.taxInclusive ? l.taxAmount : 0);
    b.tax += l.taxAmount;
    breakdown.set(key, b);
  }
  const name = memberDisplayName(db, row.memberId);
  const paymentRows = db
    .select()
    .from(payments)
    .where(eq(payments.invoiceId, row.id))
    .orderBy(asc(payments.id))
    .all();
  const notes = db
    .select()
    .from(creditNotes)
    .where(eq(creditNotes.invoiceId, row.id))
    .orderBy(asc(creditNotes.id))
    .all();
  return {
    ...toInvoice(row, name),
    lines: lines.map(toLine),
    taxBreakdown: [...breakdown.values()],
    payments: paymentRows.map((p) => toPayment(db, p, row.number, name)),
    creditNotes: notes.map((n) => toCreditNote(n, row.number)),
    member: row.memberSnapshot ? (JSON.parse(row.memberSnapshot) as PartySnapshot) : null,
    business: row.businessSnapshot ? (JSON.parse(row.businessSnapshot) as PartySnapshot) : null,
  };
}

/** The card a payment used (prepared: payment lists look one up per row). */
function cardOf(db: DbOrTx, paymentMethodId: number | null) {
  if (paymentMethodId === null) return null;
  const row = prepared(db, 'paymentMethods.brandById', (d) =>
    d
      .select({ brand: paymentMethods.brand, last4: paymentMethods.last4 })
      .from(paymentMethods)
      .where(eq(paymentMethods.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id: paymentMethodId });
  return row ?? null;
}

export const toPayment = (
  db: DbOrTx,
  p: typeof payments.$inferSelect,
  invoiceNumber: string | null,
  memberName: string,
): Payment => ({
  id: p.id,
  invoiceId: p.invoiceId,
  invoiceNumber,
  memberId: p.memberId,
  memberName,
  amount: p.amount,
  currency: p.currency,
  method: p.method,
  status: p.status,
  reference: p.reference,
  failureCode: p.failureCode,
  declineCode: p.declineCode,
  failureMessage: p.failureMessage,
  amountRefunded: p.amountRefunded,
  card: cardOf(db, p.paymentMethodId),
  gatewayId: p.gatewayId,
  createdAt: p.createdAt,
});

export const toCreditNote = (
  n: typeof creditNotes.$inferSelect,
  invoiceNumber: string | null,
): CreditNote => ({
  id: n.id,
  number: n.number,
  invoiceId: n.invoiceId,
  invoiceNumber,
  amount: n.amount,
  currency: n.currency,
  reason: n.reason,
  destination: n.destination,
  createdAt: n.createdAt,
});
