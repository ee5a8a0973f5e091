import { and, count, eq } from 'drizzle-orm';
import { billingEvents } from '../../../db/schema';
import type { BulkOutcome, Debtor } from '../../../shared/contract/dunning';
import { AppError } from '../../../shared/errors';
import { formatMoney } from '../../../shared/money';
import { recordAudit } from '../audit/record';
import { recordEvent } from '../billing/events';
import { businessToday } from '../billing/today';
import type { Ctx } from '../context';
import type { DomainHandlers } from '../handler';
import { paymentHandlers } from '../invoices/handlers';
import { amountDueOf, getInvoiceRow } from '../invoices/repo';
import { closeInvoice } from '../invoices/settle';
import { notifyMember } from '../messages/notify';
import { chargeInvoice } from '../payments/charge';
import { getSettings } from '../settings/repo';
import { debtorsToCsv, filterDebtors, listDebtors, type DebtorFilter } from './debtors';
import { invoiceVars, payLinkFor } from './job';
import { getPolicy, savePolicy } from './policy';

const debtorsOf = (ctx: Ctx, filter: DebtorFilter) => {
  const settings = getSettings(ctx.db);
  return filterDebtors(
    listDebtors(ctx.db, businessToday(ctx.db, ctx.now()), settings.memberNumberPrefix),
    filter,
  );
};

/** The chosen members' debts, or NOT_FOUND in the desk's words for one who no longer owes. */
function debtsOf(ctx: Ctx, memberIds: number[]): Array<{ memberId: number; debtor: Debtor | null }> {
  const all = debtorsOf(ctx, { stage: 'all', access: 'all' });
  return memberIds.map((memberId) => ({
    memberId,
    debtor: all.find((d) => d.memberId === memberId) ?? null,
  }));
}

const NOT_OWING = 'No longer owes anything.';

/** Runs one member's part of a bulk action; a refusal becomes that member's line, not the whole call's. */
async function each(
  ctx: Ctx,
  memberIds: number[],
  act: (debtor: Debtor) => Promise<string> | string,
): Promise<BulkOutcome[]> {
  const out: BulkOutcome[] = [];
  for (const { memberId, debtor } of debtsOf(ctx, memberIds)) {
    if (!debtor) {
      out.push({ memberId, ok: false, message: NOT_OWING });
      continue;
    }
    try {
      out.push({ memberId, ok: true, message: await act(debtor) });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      out.push({ memberId, ok: false, message: e.message });
    }
  }
  return out;
}

const money = (ctx: Ctx, amount: number, currency: string) =>
  formatMoney(amount, currency, getSettings(ctx.db).locale);

export const dunningHandlers: DomainHandlers<'dunning'> & DomainHandlers<'debtors'> = {
  'dunning.policy': (ctx) => getPolicy(ctx.db),
  'dunning.savePolicy': (ctx, input) => ctx.write((tx) => savePolicy(tx, ctx, input)),

  'debtors.list': (ctx, { limit, offset, ...filter }) => {
    const list = debtorsOf(ctx, filter);
    const currency = getSettings(ctx.db).currency;
    return {
      items: list.slice(offset, offset + limit),
      total: list.length,
      totalDue: list.filter((d) => d.currency === currency).reduce((n, d) => n + d.amountDue, 0),
      currency,
    };
  },

  'debtors.exportCsv': (ctx, filter) => {
    const list = debtorsOf(ctx, filter);
    return {
      filename: `debtors-${businessToday(ctx.db, ctx.now())}.csv`,
      csv: debtorsToCsv(list),
      count: list.length,
    };
  },

  'debtors.retry': (ctx, { memberIds }) =>
    each(ctx, memberIds, async (d) => {
      const messages: string[] = [];
      for (const id of d.invoiceIds) messages.push((await chargeInvoice(ctx, id)).message);
      return messages.join(' ');
    }),

  'debtors.remind': (ctx, { memberIds }) =>
    each(ctx, memberIds, async (d) => {
      let queued = 0;
      for (const invoiceId of d.invoiceIds) {
        const payLink = await payLinkFor(ctx, invoiceId, null);
        queued += ctx.write((tx) => {
          const { invoice, vars } = invoiceVars(ctx, invoiceId);
          // The n-th reminder of this invoice: each click is a new cause, a repeated run is not.
          const n =
            (tx
              .select({ n: count() })
              .from(billingEvents)
              .where(and(eq(billingEvents.invoiceId, invoiceId), eq(billingEvents.type, 'dunning.reminded')))
              .get()?.n ?? 0) + 1;
          const rows = notifyMember(tx, ctx, {
            topic: 'payment_reminder',
            memberId: d.memberId,
            causeKey: `invoice:${invoiceId}:reminder:${n}`,
            vars: { ...vars, payLink },
          });
          recordEvent(tx, ctx, {
            type: 'dunning.reminded',
            effectiveDate: businessToday(tx, ctx.now()),
            invoiceId,
            memberId: d.memberId,
            subscriptionId: invoice.subscriptionId,
            data: { reminder: n, queued: rows },
          });
          ctx.changed('outbox', []);
          return rows;
        });
      }
      if (queued === 0)
        throw new AppError(
          'CONFLICT',
          'Nothing was sent: the member has no email or phone we may use, or messages are turned off.',
        );
      return `Reminder queued (${queued} message${queued === 1 ? '' : 's'}).`;
    }),

  'debtors.recordPayment': (ctx, { memberIds, method, reference }) =>
    each(ctx, memberIds, async (d) => {
      let total = 0;
      for (const invoiceId of d.invoiceIds) {
        const amount = amountDueOf(getInvoiceRow(ctx.db, invoiceId));
        if (amount <= 0) continue;
        // The desk's own channel, so the payment is recorded exactly as "Record payment" does it.
        await paymentHandlers['payments.record'](ctx, {
          invoiceId,
          amount,
          method,
          reference,
          confirmOverpayment: false,
        } as never);
        total += amount;
      }
      return `${money(ctx, total, d.currency)} recorded.`;
    }),

  'debtors.writeOff': (ctx, { memberIds, reason }) =>
    each(ctx, memberIds, (d) =>
      ctx.write((tx) => {
        for (const invoiceId of d.invoiceIds) closeInvoice(tx, ctx, invoiceId, 'uncollectible', reason);
        recordAudit(tx, ctx, {
          entity: 'member',
          entityId: d.memberId,
          action: 'debt written off',
          after: { invoices: d.invoiceNumbers, amount: d.amountDue, reason },
        });
        ctx.changed('debtors', [d.memberId]);
        return `${money(ctx, d.amountDue, d.currency)} written off.`;
      }),
    ),
};
