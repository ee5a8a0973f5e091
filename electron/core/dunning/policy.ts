import { eq } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../../db/open';
import { dunningPolicy } from '../../../db/schema';
import { DEFAULT_STRIPE_RATE, type DunningPolicy } from '../../../shared/contract/dunning';
import { recordAudit } from '../audit/record';
import type { Ctx } from '../context';

/** Stripe Smart Retries' spirit with a fixed schedule: soon, then a few days, then about a week later. */
export const DEFAULT_POLICY: DunningPolicy = {
  retryDays: [1, 4, 10],
  whenExhausted: 'unpaid',
  markUncollectible: false,
  stripeRequestsPerSecond: null,
};

export function getPolicy(db: DbOrTx): DunningPolicy {
  const row = db.select().from(dunningPolicy).where(eq(dunningPolicy.id, 1)).get();
  if (!row) return DEFAULT_POLICY;
  return {
    retryDays: JSON.parse(row.retryDays) as number[],
    whenExhausted: row.whenExhausted,
    markUncollectible: row.markUncollectible,
    stripeRequestsPerSecond: row.stripeRequestsPerSecond,
  };
}

/** The request rate for a key's mode: the owner's choice, else a safe margin under Stripe's limit. */
export const stripeRateOf = (db: DbOrTx, mode: 'test' | 'live'): number =>
  getPolicy(db).stripeRequestsPerSecond ?? DEFAULT_STRIPE_RATE[mode];

/** Saves a policy already validated by the contract (increasing days, ≤ 60), with an audit entry. */
export function savePolicy(tx: Tx, ctx: Ctx, policy: DunningPolicy): DunningPolicy {
  const before = getPolicy(tx);
  const values = {
    retryDays: JSON.stringify(policy.retryDays),
    whenExhausted: policy.whenExhausted,
    markUncollectible: policy.markUncollectible,
    stripeRequestsPerSecond: policy.stripeRequestsPerSecond,
    updatedAt: ctx.nowIso(),
  };
  tx.insert(dunningPolicy)
    .values({ id: 1, ...values })
    .onConflictDoUpdate({ target: dunningPolicy.id, set: values })
    .run();
  recordAudit(tx, ctx, {
    entity: 'settings',
    entityId: 1,
    action: 'dunning policy updated',
    before: { ...before },
    after: { ...policy },
  });
  ctx.changed('settings', [1]);
  return getPolicy(tx);
}
