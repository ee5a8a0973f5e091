import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/open';
import { gatewayCustomers, gatewayState, paymentMethods } from '../../../db/schema';
import { AppError } from '../../../shared/errors';
import type { Ctx } from '../context';
import type { CardGateway } from './gateways/gateway';

export const SECRET_KEY = 'stripeSecretKey';

const built = new WeakMap<object, { key: string; gateway: CardGateway }>();

/** The card gateway for the stored secret key, or a clear refusal when cards are not set up. */
export function gatewayOf(ctx: Ctx): CardGateway {
  const factory = ctx.ports.cardGateway;
  const key = ctx.ports.secrets.get(SECRET_KEY);
  if (!factory || !key) {
    throw new AppError(
      'CONFLICT',
      'Card payments are not set up yet. The owner adds the Stripe keys in Settings → Payments.',
    );
  }
  const cached = built.get(ctx.ports);
  if (cached?.key === key) return cached.gateway;
  const gateway = factory(key);
  built.set(ctx.ports, { key, gateway });
  return gateway;
}

export function readState(db: DbOrTx, key: string): string | null {
  return db.select().from(gatewayState).where(eq(gatewayState.key, key)).get()?.value ?? null;
}

export function writeState(db: DbOrTx, key: string, value: string, nowIso: string): void {
  db.insert(gatewayState)
    .values({ key, value, updatedAt: nowIso })
    .onConflictDoUpdate({ target: gatewayState.key, set: { value, updatedAt: nowIso } })
    .run();
}

export const customerOf = (db: DbOrTx, memberId: number, mode: 'test' | 'live') =>
  db
    .select()
    .from(gatewayCustomers)
    .where(and(eq(gatewayCustomers.memberId, memberId), eq(gatewayCustomers.mode, mode)))
    .get() ?? null;

export const defaultCardOf = (db: DbOrTx, memberId: number, mode: 'test' | 'live') =>
  db
    .select()
    .from(paymentMethods)
    .where(
      and(
        eq(paymentMethods.memberId, memberId),
        eq(paymentMethods.mode, mode),
        eq(paymentMethods.status, 'active'),
        eq(paymentMethods.isDefault, true),
      ),
    )
    .get() ?? null;
