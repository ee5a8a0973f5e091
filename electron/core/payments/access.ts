import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/open';
import { gatewayCustomers, gatewayState, paymentMethods } from '../../../db/schema';
import { AppError } from '../../../shared/errors';
import type { Ctx } from '../context';
import { randomUUID } from 'node:crypto';
import { GatewayRequestError, GatewayUnavailableError, type CardGateway } from './gateways/gateway';

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

/**
 * A random id of this database, part of every idempotency key that names a member: two Recur
 * databases on one Stripe account (a restored backup, a second computer) must never share a key.
 */
export function installationId(ctx: Ctx): string {
  const known = readState(ctx.db, 'installationId');
  if (known) return known;
  const id = randomUUID();
  ctx.write((tx) => {
    if (!readState(tx, 'installationId')) writeState(tx, 'installationId', id, ctx.nowIso());
  });
  return readState(ctx.db, 'installationId')!;
}

/** Calls the gateway and turns its two kinds of trouble into messages for the person at the desk. */
export async function viaGateway<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (e instanceof GatewayUnavailableError) {
      throw new AppError(
        'GATEWAY_UNAVAILABLE',
        'Stripe could not be reached. Check the internet connection and try again.',
      );
    }
    if (e instanceof GatewayRequestError)
      throw new AppError('PAYMENT_FAILED', `Stripe refused the request: ${e.message}`);
    throw e;
  }
}
