import { and, asc, count, desc, eq, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/open';
import { invoices, members, paymentLinks, payments, plans, sales, subscriptions } from '../../../db/schema';
import type { Page, Sale } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { amountDueOf, toPayment } from '../invoices/repo';

export type SaleRow = typeof sales.$inferSelect;

export function getSaleRow(db: DbOrTx, id: number): SaleRow {
  const row = db.select().from(sales).where(eq(sales.id, id)).get();
  if (!row) throw new AppError('NOT_FOUND', 'That sale does not exist.');
  return row;
}

export const saleByRequestKey = (db: DbOrTx, key: string) =>
  db.select().from(sales).where(eq(sales.requestKey, key)).get() ?? null;

export function toSale(db: DbOrTx, row: SaleRow): Sale {
  const member = db.select().from(members).where(eq(members.id, row.memberId)).get()!;
  const sub = db.select().from(subscriptions).where(eq(subscriptions.id, row.subscriptionId)).get()!;
  const plan = db.select({ name: plans.name }).from(plans).where(eq(plans.id, sub.planId)).get()!;
  const invoice = row.invoiceId
    ? (db.select().from(invoices).where(eq(invoices.id, row.invoiceId)).get() ?? null)
    : null;
  const memberName = `${member.firstName} ${member.lastName}`;
  const paymentRows = invoice
    ? db.select().from(payments).where(eq(payments.invoiceId, invoice.id)).orderBy(asc(payments.id)).all()
    : [];
  const link = invoice
    ? db
        .select()
        .from(paymentLinks)
        .where(eq(paymentLinks.invoiceId, invoice.id))
        .orderBy(desc(paymentLinks.id))
        .get()
    : undefined;
  const settled = paymentRows.filter((p) => p.status === 'succeeded').at(-1);
  return {
    id: row.id,
    status: row.status,
    outcome: row.outcome,
    memberId: row.memberId,
    memberName,
    memberEmail: member.email,
    subscriptionId: row.subscriptionId,
    subscriptionStatus: sub.status,
    planName: plan.name,
    invoiceId: invoice?.id ?? null,
    invoiceNumber: invoice?.number ?? null,
    currency: invoice?.currency ?? sub.currency,
    total: invoice?.total ?? 0,
    amountDue: invoice && invoice.status === 'open' ? amountDueOf(invoice) : 0,
    payments: paymentRows.map((p) => toPayment(db, p, invoice?.number ?? null, memberName)),
    receiptPaymentId: settled?.id ?? null,
    paymentLink: link ? { url: link.url, status: link.status, expiresAt: link.expiresAt } : null,
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
    completedAt: row.completedAt,
    endedAt: row.endedAt,
    endReason: row.endReason,
  };
}

export const getSale = (db: DbOrTx, id: number) => toSale(db, getSaleRow(db, id));

export interface SaleFilter {
  memberId?: number | undefined;
  subscriptionId?: number | undefined;
  status?: SaleRow['status'] | undefined;
  limit: number;
  offset: number;
}

/**
 * A member's sales (by the member index), newest first. A subscription's sale is found among its
 * member's, so that look-up needs no index of its own.
 */
export function listSales(db: DbOrTx, filter: SaleFilter): Page<Sale> {
  let memberId = filter.memberId;
  if (filter.subscriptionId !== undefined) {
    const sub = db
      .select({ memberId: subscriptions.memberId })
      .from(subscriptions)
      .where(eq(subscriptions.id, filter.subscriptionId))
      .get();
    if (!sub) throw new AppError('NOT_FOUND', 'That subscription does not exist.');
    if (memberId !== undefined && memberId !== sub.memberId) return { items: [], total: 0 };
    memberId = sub.memberId;
  } else if (!db.select({ id: members.id }).from(members).where(eq(members.id, memberId!)).get()) {
    throw new AppError('NOT_FOUND', 'That member does not exist. They may have been removed.');
  }
  const where: SQL[] = [eq(sales.memberId, memberId!)];
  if (filter.subscriptionId !== undefined) where.push(eq(sales.subscriptionId, filter.subscriptionId));
  if (filter.status) where.push(eq(sales.status, filter.status));
  const rows = db
    .select()
    .from(sales)
    .where(and(...where))
    .orderBy(desc(sales.id))
    .limit(filter.limit)
    .offset(filter.offset)
    .all();
  const total = db
    .select({ n: count() })
    .from(sales)
    .where(and(...where))
    .get()!.n;
  return { items: rows.map((r) => toSale(db, r)), total };
}
