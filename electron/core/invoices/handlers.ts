import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, inArray, like, or, sql } from 'drizzle-orm';
import type { Tx } from '../../../db/open';
import type { ParsedInputOf } from '../../../shared/contract';
import { creditNotes, invoiceLines, invoices, payments } from '../../../db/schema';
import { formatMoney } from '../../../shared/money';
import { AppError } from '../../../shared/errors';
import { recordAudit } from '../audit/record';
import { addBalanceEntry, memberBalance } from '../billing/balance';
import { recordEvent } from '../billing/events';
import { businessToday } from '../billing/today';
import type { Ctx } from '../context';
import type { DocumentChannelName } from '../documents/handlers';
import type { DomainHandlers } from '../handler';
import { contains } from '../like';
import { getMemberRow } from '../members/repo';
import { buildSearchQuery } from '../members/search';
import { resolveTaxRate } from '../plans/taxes';
import { getSettings } from '../settings/repo';
import type { LineSpec } from './lines';
import {
  amountDueOf,
  finalizeInvoice,
  getInvoiceRow,
  insertDraft,
  invoiceDetail,
  memberDisplayName,
  replaceDraftLines,
  toCreditNote,
  toInvoice,
  toPayment,
} from './repo';
import { closeInvoice, settleIfPaid } from './settle';
import { notifyPaymentReceived } from '../messages/fire';

type CustomLine = { description: string; quantity: number; unitAmount: number; taxRateId: number | null };

function customSpecs(tx: Tx, lines: CustomLine[]): LineSpec[] {
  return lines.map((l) => {
    const rate = resolveTaxRate(tx, l.taxRateId);
    return {
      kind: 'custom',
      description: l.description,
      quantity: l.quantity,
      unitAmount: l.unitAmount,
      tax: rate ? { id: rate.id, name: rate.name, rateBps: rate.rateBps, inclusive: rate.inclusive } : null,
      discountable: false,
    };
  });
}

const detail = (ctx: Ctx, id: number) => invoiceDetail(ctx.db, getInvoiceRow(ctx.db, id));

function invoiceWhere(
  ctx: Ctx,
  f: {
    memberId?: number | undefined;
    subscriptionId?: number | undefined;
    status: string;
    query?: string | undefined;
  },
) {
  let queryCond;
  if (f.query) {
    const digits = f.query.replace(/\D/g, '');
    const fts = buildSearchQuery(f.query, getSettings(ctx.db).memberNumberPrefix);
    queryCond = or(
      contains(invoices.number, f.query),
      digits ? like(invoices.number, `%${digits}`) : undefined,
      fts
        ? sql`${invoices.memberId} IN (SELECT rowid FROM members_fts WHERE members_fts MATCH ${fts})`
        : undefined,
    );
  }
  return and(
    f.memberId ? eq(invoices.memberId, f.memberId) : undefined,
    f.subscriptionId ? eq(invoices.subscriptionId, f.subscriptionId) : undefined,
    f.status === 'all' ? undefined : eq(invoices.status, f.status as 'open'),
    queryCond,
  );
}

type PaymentFilter = Omit<ParsedInputOf<'payments.list'>, 'limit' | 'offset' | 'status'> & {
  status: ParsedInputOf<'payments.list'>['status'];
};

/** The payments list's filter (searched through the invoice number too: callers left-join invoices). */
function paymentWhere(ctx: Ctx, { memberId, invoiceId, status, method, query }: PaymentFilter) {
  let queryCond;
  if (query) {
    const fts = buildSearchQuery(query, getSettings(ctx.db).memberNumberPrefix);
    queryCond = or(
      contains(invoices.number, query),
      contains(payments.gatewayId, query),
      contains(payments.reference, query),
      fts
        ? sql`${payments.memberId} IN (SELECT rowid FROM members_fts WHERE members_fts MATCH ${fts})`
        : undefined,
    );
  }
  return and(
    memberId ? eq(payments.memberId, memberId) : undefined,
    invoiceId ? eq(payments.invoiceId, invoiceId) : undefined,
    status === 'all'
      ? undefined
      : status === 'refunded'
        ? sql`${payments.amountRefunded} > 0`
        : eq(payments.status, status),
    method ? eq(payments.method, method) : undefined,
    queryCond,
  );
}

export const invoiceHandlers: Omit<DomainHandlers<'invoices'>, 'invoices.charge' | DocumentChannelName> = {
  'invoices.list': (ctx, { limit, offset, ...filter }) => {
    const where = invoiceWhere(ctx, filter);
    const rows = ctx.db
      .select()
      .from(invoices)
      .where(where)
      .orderBy(desc(invoices.id))
      .limit(limit)
      .offset(offset)
      .all();
    const total = ctx.db.select({ n: count() }).from(invoices).where(where).get()?.n ?? 0;
    const names = new Map<number, string>();
    return {
      items: rows.map((r) => {
        if (!names.has(r.memberId)) names.set(r.memberId, memberDisplayName(ctx.db, r.memberId));
        return toInvoice(r, names.get(r.memberId)!);
      }),
      total,
    };
  },

  /** One grouped count for every status tab, under the list's other filters. */
  'invoices.counts': (ctx, filter) => {
    const rows = ctx.db
      .select({ status: invoices.status, n: count() })
      .from(invoices)
      .where(invoiceWhere(ctx, { ...filter, status: 'all' }))
      .groupBy(invoices.status)
      .all();
    const counts = { all: 0, draft: 0, open: 0, paid: 0, void: 0, uncollectible: 0 };
    for (const r of rows) {
      counts[r.status] = r.n;
      counts.all += r.n;
    }
    return counts;
  },

  'invoices.get': (ctx, { id }) => detail(ctx, id),

  'invoices.createDraft': (ctx, { memberId, lines, memo, dueDate }) => {
    const id = ctx.write((tx) => {
      getMemberRow(tx, memberId);
      const row = insertDraft(tx, ctx, {
        memberId,
        subscriptionId: null,
        reason: 'manual',
        currency: getSettings(tx).currency,
        lines: customSpecs(tx, lines),
        coupon: null,
        memo: memo ?? null,
        dueDate: dueDate ?? null,
      });
      recordAudit(tx, ctx, {
        entity: 'invoice',
        entityId: row.id,
        action: 'draft created',
        after: { total: row.total },
      });
      ctx.changed('invoices', [row.id]);
      return row.id;
    });
    return detail(ctx, id);
  },

  'invoices.updateDraft': (ctx, { id, lines, memo, dueDate }) => {
    ctx.write((tx) => {
      const row = getInvoiceRow(tx, id);
      const updated = replaceDraftLines(tx, row, customSpecs(tx, lines), memo ?? null, dueDate ?? null);
      recordAudit(tx, ctx, {
        entity: 'invoice',
        entityId: id,
        action: 'draft updated',
        before: { total: row.total },
        after: { total: updated.total },
      });
      ctx.changed('invoices', [id]);
    });
    return detail(ctx, id);
  },

  'invoices.deleteDraft': (ctx, { id }) =>
    ctx.write((tx) => {
      const row = getInvoiceRow(tx, id);
      if (row.status !== 'draft')
        throw new AppError('CONFLICT', 'Only drafts can be deleted; void a finalized invoice instead.');
      // A draft has no number yet, so deleting it leaves no gap in the sequence.
      tx.delete(invoiceLines).where(eq(invoiceLines.invoiceId, id)).run();
      tx.delete(invoices).where(eq(invoices.id, id)).run();
      recordAudit(tx, ctx, {
        entity: 'invoice',
        entityId: id,
        action: 'draft deleted',
        before: { total: row.total },
      });
      ctx.changed('invoices', [id]);
      return null;
    }),

  'invoices.finalize': (ctx, { id }) => {
    ctx.write((tx) => {
      const row = finalizeInvoice(tx, ctx, id);
      settleIfPaid(tx, ctx, id);
      recordAudit(tx, ctx, {
        entity: 'invoice',
        entityId: id,
        action: 'finalized',
        after: { number: row.number, total: row.total },
      });
      ctx.changed('invoices', [id]);
    });
    return detail(ctx, id);
  },

  'invoices.void': (ctx, { id, reason }) => {
    ctx.write((tx) => {
      closeInvoice(tx, ctx, id, 'void', reason);
      recordAudit(tx, ctx, { entity: 'invoice', entityId: id, action: 'voided', after: { reason } });
    });
    return detail(ctx, id);
  },

  'invoices.markUncollectible': (ctx, { id, reason }) => {
    ctx.write((tx) => {
      closeInvoice(tx, ctx, id, 'uncollectible', reason);
      recordAudit(tx, ctx, {
        entity: 'invoice',
        entityId: id,
        action: 'marked uncollectible',
        after: { reason },
      });
    });
    return detail(ctx, id);
  },
};

export const paymentHandlers: Omit<DomainHandlers<'payments'>, DocumentChannelName> = {
  'payments.record': (ctx, { invoiceId, amount, method, reference, confirmOverpayment }) =>
    ctx.write((tx) => {
      const invoice = getInvoiceRow(tx, invoiceId);
      const settings = getSettings(tx);
      const refuse: Record<string, string> = {
        void: 'This invoice is void and cannot be paid.',
        paid: 'This invoice is already paid.',
        draft: 'This invoice is a draft: finalize it before taking payment.',
      };
      if (refuse[invoice.status]) throw new AppError('CONFLICT', refuse[invoice.status]!);
      const due = amountDueOf(invoice);
      const excess = Math.max(0, amount - due);
      if (excess > 0 && !confirmOverpayment) {
        const words = formatMoney(excess, invoice.currency, settings.locale);
        throw new AppError(
          'CONFLICT',
          `That is ${words} more than is due. Confirm to put ${words} on the member's balance.`,
          {
            amount: `${formatMoney(due, invoice.currency, settings.locale)} is due`,
          },
        );
      }
      const me = ctx.me();
      const row = tx
        .insert(payments)
        .values({
          invoiceId,
          memberId: invoice.memberId,
          amount,
          currency: invoice.currency,
          method,
          status: 'succeeded',
          reference: reference ?? null,
          idempotencyKey: `desk:${randomUUID()}`,
          operatorId: me.operator.id,
          createdAt: ctx.nowIso(),
          settledAt: ctx.nowIso(),
        })
        .returning()
        .get();
      tx.update(invoices)
        .set({ amountPaid: invoice.amountPaid + (amount - excess) })
        .where(eq(invoices.id, invoiceId))
        .run();
      if (excess > 0) {
        addBalanceEntry(tx, {
          memberId: invoice.memberId,
          amount: excess,
          currency: invoice.currency,
          reason: `Overpayment on invoice ${invoice.number}`,
          invoiceId,
          paymentId: row.id,
          createdAt: ctx.nowIso(),
        });
      }
      recordEvent(tx, ctx, {
        type: 'payment.succeeded',
        effectiveDate: businessToday(tx, ctx.now()),
        subscriptionId: invoice.subscriptionId,
        memberId: invoice.memberId,
        invoiceId,
        data: { amount, method, reference, toBalance: excess },
      });
      settleIfPaid(tx, ctx, invoiceId);
      notifyPaymentReceived(tx, ctx, row.id);
      recordAudit(tx, ctx, {
        entity: 'payment',
        entityId: row.id,
        action: 'recorded',
        after: { invoice: invoice.number, amount, method, reference },
      });
      ctx.changed('payments', [row.id]);
      ctx.changed('invoices', [invoiceId]);
      ctx.changed('members', [invoice.memberId]);
      return toPayment(tx, row, invoice.number, memberDisplayName(tx, invoice.memberId));
    }),

  /** Each status tab's count in one pass; `refunded` counts any payment with a refund, as its tab shows. */
  'payments.counts': (ctx, filter) => {
    const base = ctx.db
      .select({
        all: count(),
        pending: sql<number>`coalesce(sum(${payments.status} = 'pending'), 0)`,
        succeeded: sql<number>`coalesce(sum(${payments.status} = 'succeeded'), 0)`,
        failed: sql<number>`coalesce(sum(${payments.status} = 'failed'), 0)`,
        requires_action: sql<number>`coalesce(sum(${payments.status} = 'requires_action'), 0)`,
        refunded: sql<number>`coalesce(sum(${payments.amountRefunded} > 0), 0)`,
      })
      .from(payments);
    const where = paymentWhere(ctx, { ...filter, status: 'all' });
    // Only a search reads the invoice number; without one the join is work for nothing.
    const row = filter.query
      ? base.leftJoin(invoices, eq(invoices.id, payments.invoiceId)).where(where).get()
      : base.where(where).get();
    return row ?? { all: 0, pending: 0, succeeded: 0, failed: 0, requires_action: 0, refunded: 0 };
  },

  'payments.list': (ctx, { limit, offset, ...filter }) => {
    const where = paymentWhere(ctx, filter);
    const rows = ctx.db
      .select({ p: payments, number: invoices.number })
      .from(payments)
      .leftJoin(invoices, eq(invoices.id, payments.invoiceId))
      .where(where)
      .orderBy(desc(payments.id))
      .limit(limit)
      .offset(offset)
      .all();
    const total =
      ctx.db
        .select({ n: count() })
        .from(payments)
        .leftJoin(invoices, eq(invoices.id, payments.invoiceId))
        .where(where)
        .get()?.n ?? 0;
    return {
      items: rows.map((r) => toPayment(ctx.db, r.p, r.number, memberDisplayName(ctx.db, r.p.memberId))),
      total,
    };
  },
};

export const creditNoteHandlers: Omit<DomainHandlers<'creditNotes'>, DocumentChannelName> = {
  'creditNotes.list': (ctx, { memberId, invoiceId }) =>
    ctx.db
      .select({ n: creditNotes, number: invoices.number })
      .from(creditNotes)
      .innerJoin(invoices, eq(invoices.id, creditNotes.invoiceId))
      .where(
        and(
          memberId ? eq(creditNotes.memberId, memberId) : undefined,
          invoiceId ? eq(creditNotes.invoiceId, invoiceId) : undefined,
        ),
      )
      .orderBy(desc(creditNotes.id))
      .all()
      .map((r) => toCreditNote(r.n, r.number)),
};

export const billingSummaryHandlers: DomainHandlers<'billing'> = {
  'billing.memberSummary': (ctx, { memberId }) => {
    getMemberRow(ctx.db, memberId);
    const currency = getSettings(ctx.db).currency;
    const open = ctx.db
      .select()
      .from(invoices)
      .where(and(eq(invoices.memberId, memberId), inArray(invoices.status, ['open'])))
      .all();
    return {
      balance: memberBalance(ctx.db, memberId, currency),
      currency,
      openInvoices: open.length,
      amountDue: open.reduce((s, r) => s + amountDueOf(r), 0),
    };
  },
};
