import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/open';
import { gatewayCustomers, gatewayState, paymentMethods } from '../../../db/schema';
import { AppError } from '../../../shared/errors';
import type { Ctx } from '../context';
import { randomUUID } from 'node:crypto';
import { stripeRateOf } from '../dunning/policy';
import { GatewayRequestError, GatewayUnavailableError, type CardGateway } from './gateways/gateway';
import { createRateLimiter, limitGateway } from './gateways/ratelimit';
import { keyMode } from './gateways/stripe';

export const SECRET_KEY = 'stripeSecretKey';

const built = new WeakMap<object, { key: string; rate: number; gateway: CardGateway }>();

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
  const mode = keyMode(key) ?? 'test';
  const rate = stripeRateOf(ctx.db, mode);
  if (cached?.key === key && cached.rate === rate) return cached.gateway;
  // One limiter per key and rate, shared by the desk and the scheduler: Stripe counts them together.
  const gateway = limitGateway(factory(key), createRateLimiter(rate));
  built.set(ctx.ports, { key, rate, gateway });
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

/** One of the member's active cards, by id (null when it is not theirs, removed, or of the other mode). */
export const activeCardOf = (db: DbOrTx, memberId: number, mode: 'test' | 'live', id: number) =>
  db
    .select()
    .from(paymentMethods)
    .where(
      and(
        eq(paymentMethods.id, id),
        eq(paymentMethods.memberId, memberId),
        eq(paymentMethods.mode, mode),
        eq(paymentMethods.status, 'active'),
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
