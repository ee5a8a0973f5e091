import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { paymentLinks } from '../../../db/schema';
import type { DomainHandlers } from '../handler';
import { SECRET_KEY } from '../payments/access';
import { pollPaymentLink } from '../payments/links';
import { preview } from '../subscriptions/handlers';
import { createSale } from './create';
import { endSale } from './end';
import { paySale } from './pay';
import { getSale, listSales, saleByRequestKey } from './repo';

export const saleHandlers: DomainHandlers<'sales'> = {
  'sales.preview': (ctx, input) =>
    preview(ctx, (tx, c) => {
      const { result } = createSale(tx, c, input, `preview-${randomUUID()}`);
      // The preview shows the sale once paid: `incomplete` only means "waiting for the payment".
      const status = result.sub.status === 'incomplete' ? 'active' : result.sub.status;
      return { ...result, sub: { ...result.sub, status } };
    }),

  'sales.create': (ctx, { requestKey, ...input }) => {
    // The same key again (a double click, a retried request) is the same sale, never a second one.
    const id = ctx.write(
      (tx) => saleByRequestKey(tx, requestKey)?.id ?? createSale(tx, ctx, input, requestKey).sale.id,
    );
    ctx.changed('subscriptions', []);
    ctx.changed('members', []);
    return getSale(ctx.db, id);
  },

  'sales.pay': (ctx, input) => paySale(ctx, input),

  'sales.list': (ctx, filter) => listSales(ctx.db, filter),

  'sales.get': async (ctx, { id }) => {
    const sale = getSale(ctx.db, id);
    // The member may be paying on Stripe's page right now (SCA): ask, so the desk sees it land.
    if (sale.status === 'open' && sale.paymentLink?.status === 'open' && ctx.ports.secrets.get(SECRET_KEY)) {
      const open = ctx.db
        .select({ id: paymentLinks.id })
        .from(paymentLinks)
        .where(and(eq(paymentLinks.invoiceId, sale.invoiceId!), eq(paymentLinks.status, 'open')))
        .all();
      for (const link of open) {
        await pollPaymentLink(ctx, link.id).catch((e: unknown) =>
          ctx.ports.logger.warn('Could not check a payment page', { error: String(e) }),
        );
      }
      return getSale(ctx.db, id);
    }
    return sale;
  },

  'sales.cancel': (ctx, { id, reason }) => {
    ctx.write((tx) => endSale(tx, ctx, id, 'canceled', reason ?? 'canceled at the desk'));
    ctx.changed('invoices', []);
    return getSale(ctx.db, id);
  },
};
