import { randomUUID } from 'node:crypto';
import { and, asc, eq, ne } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/open';
import { cardSetups, gatewayCustomers, paymentMethods } from '../../../db/schema';
import type { CardSetup, PaymentMethod } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { recordAudit } from '../audit/record';
import { businessToday } from '../billing/today';
import type { Ctx } from '../context';
import type { DomainHandlers } from '../handler';
import { cardUpdated } from '../dunning/cases';
import { getMemberRow } from '../members/repo';
import { getSettings } from '../settings/repo';
import { customerOf, gatewayOf, installationId, readState, viaGateway } from './access';
import type { CardDetails } from './gateways/gateway';

type CardRow = typeof paymentMethods.$inferSelect;
type SetupRow = typeof cardSetups.$inferSelect;

/** A card expiring this month or next is flagged so the desk asks for a new one in time. */
export function toPaymentMethod(row: CardRow, today: string): PaymentMethod {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const monthsLeft = (row.expYear - y) * 12 + (row.expMonth - m);
  return {
    id: row.id,
    memberId: row.memberId,
    brand: row.brand,
    last4: row.last4,
    expMonth: row.expMonth,
    expYear: row.expYear,
    isDefault: row.isDefault,
    expiringSoon: monthsLeft >= 0 && monthsLeft <= 1,
    expired: monthsLeft < 0,
    mode: row.mode,
  };
}

const todayOf = (ctx: Ctx) => businessToday(ctx.db, ctx.now());

function toSetup(ctx: Ctx, row: SetupRow): CardSetup {
  const card = row.paymentMethodId
    ? ctx.db.select().from(paymentMethods).where(eq(paymentMethods.id, row.paymentMethodId)).get()
    : null;
  return {
    id: row.id,
    memberId: row.memberId,
    url: row.url,
    status: row.status,
    expiresAt: row.expiresAt,
    paymentMethod: card ? toPaymentMethod(card, todayOf(ctx)) : null,
    failureMessage: row.failureMessage,
  };
}

function getSetup(db: DbOrTx, id: number): SetupRow {
  const row = db.select().from(cardSetups).where(eq(cardSetups.id, id)).get();
  if (!row) throw new AppError('NOT_FOUND', 'That card request does not exist.');
  return row;
}

/** Stores a captured card (once, whoever sees the completion first) and makes it the default if asked. */
function storeCard(tx: DbOrTx, ctx: Ctx, setup: SetupRow, card: CardDetails): number {
  const existing = tx.select().from(paymentMethods).where(eq(paymentMethods.gatewayId, card.gatewayId)).get();
  const hasDefault = tx
    .select({ id: paymentMethods.id })
    .from(paymentMethods)
    .where(
      and(
        eq(paymentMethods.memberId, setup.memberId),
        eq(paymentMethods.status, 'active'),
        eq(paymentMethods.isDefault, true),
      ),
    )
    .get();
  const makeDefault = setup.makeDefault || !hasDefault;
  if (makeDefault) {
    tx.update(paymentMethods)
      .set({ isDefault: false })
      .where(eq(paymentMethods.memberId, setup.memberId))
      .run();
  }
  const id =
    existing?.id ??
    tx
      .insert(paymentMethods)
      .values({
        memberId: setup.memberId,
        gateway: 'stripe',
        mode: setup.mode,
        gatewayId: card.gatewayId,
        brand: card.brand,
        last4: card.last4,
        expMonth: card.expMonth,
        expYear: card.expYear,
        isDefault: makeDefault,
        createdAt: ctx.nowIso(),
      })
      .returning({ id: paymentMethods.id })
      .get().id;
  if (existing && makeDefault)
    tx.update(paymentMethods)
      .set({ isDefault: true, status: 'active' })
      .where(eq(paymentMethods.id, id))
      .run();
  recordAudit(tx as never, ctx, {
    entity: 'member',
    entityId: setup.memberId,
    action: 'card added',
    after: { card: `${card.brand} •••• ${card.last4}` },
  });
  return id;
}

/** Asks the gateway about one open capture and records what it says. */
export async function pollSetup(ctx: Ctx, id: number): Promise<SetupRow> {
  const setup = getSetup(ctx.db, id);
  if (setup.status !== 'open') return setup;
  const gateway = gatewayOf(ctx);
  const answer = await viaGateway(() => gateway.getCardSetup(setup.sessionId));
  const expiredLocally = Date.parse(setup.expiresAt) <= ctx.now().getTime();
  ctx.write((tx) => {
    const fresh = getSetup(tx, id);
    if (fresh.status !== 'open') return;
    if (answer.status === 'complete' && answer.card) {
      const cardId = storeCard(tx, ctx, fresh, answer.card);
      // A new card ends the wait of any invoice being chased: it is retried at once (DESIGN §11).
      cardUpdated(tx, ctx, fresh.memberId);
      tx.update(cardSetups)
        .set({ status: 'complete', paymentMethodId: cardId, finishedAt: ctx.nowIso() })
        .where(eq(cardSetups.id, id))
        .run();
    } else if (answer.status === 'expired' || (answer.status === 'open' && expiredLocally)) {
      tx.update(cardSetups)
        .set({
          status: 'expired',
          failureMessage: 'The link expired before the card was added. Start again to send a new one.',
          finishedAt: ctx.nowIso(),
        })
        .where(eq(cardSetups.id, id))
        .run();
    }
    ctx.changed('members', [fresh.memberId]);
  });
  return getSetup(ctx.db, id);
}

/** Scheduler job: every open capture is asked about, so a card added while nobody watched still lands. */
export async function pollOpenSetups(ctx: Ctx): Promise<number> {
  if (!ctx.ports.cardGateway || !ctx.ports.secrets.get('stripeSecretKey')) return 0;
  const open = ctx.db
    .select({ id: cardSetups.id })
    .from(cardSetups)
    .where(eq(cardSetups.status, 'open'))
    .orderBy(asc(cardSetups.id))
    .all();
  let done = 0;
  for (const { id } of open) {
    const before = getSetup(ctx.db, id).status;
    if ((await pollSetup(ctx, id)).status !== before) done++;
  }
  return done;
}

export const paymentMethodHandlers: Omit<
  DomainHandlers<'paymentMethods'>,
  'paymentMethods.emailSetupLink'
> = {
  'paymentMethods.list': (ctx, { memberId }) => {
    getMemberRow(ctx.db, memberId);
    const today = todayOf(ctx);
    return ctx.db
      .select()
      .from(paymentMethods)
      .where(and(eq(paymentMethods.memberId, memberId), eq(paymentMethods.status, 'active')))
      .orderBy(asc(paymentMethods.id))
      .all()
      .map((r) => toPaymentMethod(r, today));
  },

  'paymentMethods.startSetup': async (ctx, { memberId, makeDefault }) => {
    const gateway = gatewayOf(ctx);
    const member = getMemberRow(ctx.db, memberId);
    if (member.status !== 'active')
      throw new AppError('CONFLICT', 'This member is archived. Restore them first.');
    let customer = customerOf(ctx.db, memberId, gateway.mode);
    if (!customer) {
      // The key is the member: two desks adding a card at once get the same customer from Stripe.
      const customerId = await viaGateway(() =>
        gateway.createCustomer(
          { memberId, name: `${member.firstName} ${member.lastName}`, email: member.email },
          `customer:${installationId(ctx)}:${gateway.mode}:${memberId}`,
        ),
      );
      ctx.write((tx) => {
        if (!customerOf(tx, memberId, gateway.mode)) {
          tx.insert(gatewayCustomers)
            .values({ memberId, gateway: 'stripe', mode: gateway.mode, customerId, createdAt: ctx.nowIso() })
            .run();
        }
      });
      customer = customerOf(ctx.db, memberId, gateway.mode)!;
    }
    const returnUrl = readState(ctx.db, 'returnUrl') ?? 'https://stripe.com/';
    const session = await viaGateway(() =>
      gateway.startCardSetup(
        {
          customerId: customer.customerId,
          memberId,
          currency: getSettings(ctx.db).currency,
          successUrl: returnUrl,
          cancelUrl: returnUrl,
        },
        // Each request for a link is new; the key only makes stripe-node's own retry of it safe.
        `setup:${memberId}:${randomUUID()}`,
      ),
    );
    const id = ctx.write(
      (tx) =>
        tx
          .insert(cardSetups)
          .values({
            memberId,
            gateway: 'stripe',
            mode: gateway.mode,
            sessionId: session.sessionId,
            url: session.url,
            status: 'open',
            makeDefault,
            expiresAt: session.expiresAt.toISOString(),
            createdAt: ctx.nowIso(),
          })
          .returning({ id: cardSetups.id })
          .get().id,
    );
    return toSetup(ctx, getSetup(ctx.db, id));
  },

  'paymentMethods.setupStatus': async (ctx, { setupId }) => toSetup(ctx, await pollSetup(ctx, setupId)),

  'paymentMethods.setDefault': (ctx, { id }) =>
    ctx.write((tx) => {
      const card = tx
        .select()
        .from(paymentMethods)
        .where(and(eq(paymentMethods.id, id), eq(paymentMethods.status, 'active')))
        .get();
      if (!card) throw new AppError('NOT_FOUND', 'That card is not on file.');
      tx.update(paymentMethods)
        .set({ isDefault: false })
        .where(and(eq(paymentMethods.memberId, card.memberId), ne(paymentMethods.id, id)))
        .run();
      tx.update(paymentMethods).set({ isDefault: true }).where(eq(paymentMethods.id, id)).run();
      recordAudit(tx, ctx, {
        entity: 'member',
        entityId: card.memberId,
        action: 'default card changed',
        after: { card: `${card.brand} •••• ${card.last4}` },
      });
      ctx.changed('members', [card.memberId]);
      return toPaymentMethod({ ...card, isDefault: true }, todayOf(ctx));
    }),

  'paymentMethods.remove': async (ctx, { id }) => {
    const card = ctx.db
      .select()
      .from(paymentMethods)
      .where(and(eq(paymentMethods.id, id), eq(paymentMethods.status, 'active')))
      .get();
    if (!card) throw new AppError('NOT_FOUND', 'That card is not on file.');
    await viaGateway(() => gatewayOf(ctx).detachCard(card.gatewayId));
    ctx.write((tx) => {
      tx.update(paymentMethods)
        .set({ status: 'removed', isDefault: false })
        .where(eq(paymentMethods.id, id))
        .run();
      recordAudit(tx, ctx, {
        entity: 'member',
        entityId: card.memberId,
        action: 'card removed',
        before: { card: `${card.brand} •••• ${card.last4}` },
      });
      ctx.changed('members', [card.memberId]);
    });
    return null;
  },
};
