import { asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/open';
import { coupons } from '../../../db/schema';
import { compareDates } from '../../../shared/calendar';
import type { Coupon } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { DomainHandlers } from '../handler';
import { getSettings } from '../settings/repo';

export type CouponRow = typeof coupons.$inferSelect;

export const toCoupon = (r: CouponRow): Coupon => ({
  id: r.id,
  code: r.code,
  kind: r.kind,
  percentBps: r.percentBps,
  amountOff: r.amountOff,
  currency: r.currency,
  duration: r.duration,
  durationCycles: r.durationCycles,
  maxRedemptions: r.maxRedemptions,
  redemptions: r.redemptions,
  expiresOn: r.expiresOn,
  status: r.status,
});

export function getCouponRow(db: DbOrTx, id: number): CouponRow {
  const row = db.select().from(coupons).where(eq(coupons.id, id)).get();
  if (!row) throw new AppError('NOT_FOUND', 'That coupon does not exist.');
  return row;
}

/** Finds a coupon that can be redeemed today, or says plainly why not. */
export function redeemableCoupon(db: DbOrTx, code: string, today: string, currency: string): CouponRow {
  const row = db.select().from(coupons).where(eq(coupons.code, code.toUpperCase())).get();
  const field = { couponCode: '' };
  const refuse = (message: string): never => {
    field.couponCode = message;
    throw new AppError('VALIDATION', message, field);
  };
  if (!row || row.status !== 'active') return refuse(`There is no coupon ${code.toUpperCase()}.`);
  if (row.expiresOn && compareDates(today, row.expiresOn) > 0)
    return refuse(`Coupon ${row.code} expired on ${row.expiresOn}.`);
  if (row.maxRedemptions !== null && row.redemptions >= row.maxRedemptions) {
    return refuse(`Coupon ${row.code} has been used up (${row.maxRedemptions} times).`);
  }
  if (row.kind === 'fixed' && row.currency && row.currency !== currency) {
    return refuse(`Coupon ${row.code} is in ${row.currency}; this plan is billed in ${currency}.`);
  }
  return row;
}

/** Counts a redemption; the check-and-increment is one statement so two desks cannot overshoot. */
export function redeemCoupon(tx: DbOrTx, row: CouponRow): void {
  const changed = tx
    .update(coupons)
    .set({ redemptions: sql`${coupons.redemptions} + 1` })
    .where(
      sql`${coupons.id} = ${row.id} AND (${coupons.maxRedemptions} IS NULL OR ${coupons.redemptions} < ${coupons.maxRedemptions})`,
    )
    .run().changes;
  if (changed === 0) throw new AppError('CONFLICT', `Coupon ${row.code} has just been used up.`);
}

/** Whether the coupon still discounts a subscription's next cycle. */
export function couponApplies(row: CouponRow, cyclesUsed: number): boolean {
  if (row.duration === 'forever') return true;
  if (row.duration === 'once') return cyclesUsed < 1;
  return cyclesUsed < (row.durationCycles ?? 0);
}

export const couponHandlers: DomainHandlers<'coupons'> = {
  'coupons.list': (ctx, { includeArchived }) =>
    ctx.db
      .select()
      .from(coupons)
      .where(includeArchived ? undefined : eq(coupons.status, 'active'))
      .orderBy(asc(coupons.code))
      .all()
      .map(toCoupon),

  'coupons.create': (ctx, input) =>
    ctx.write((tx) => {
      if (tx.select({ id: coupons.id }).from(coupons).where(eq(coupons.code, input.code)).get()) {
        throw new AppError('CONFLICT', `A coupon ${input.code} already exists.`, { code: 'Already exists' });
      }
      const currency = input.kind === 'fixed' ? (input.currency ?? getSettings(tx).currency) : null;
      const row = tx
        .insert(coupons)
        .values({
          code: input.code,
          kind: input.kind,
          percentBps: input.kind === 'percent' ? input.percentBps! : null,
          amountOff: input.kind === 'fixed' ? input.amountOff! : null,
          currency,
          duration: input.duration,
          durationCycles: input.duration === 'repeating' ? input.durationCycles! : null,
          maxRedemptions: input.maxRedemptions ?? null,
          expiresOn: input.expiresOn ?? null,
          createdAt: ctx.nowIso(),
        })
        .returning()
        .get();
      ctx.changed('coupons', [row.id]);
      return toCoupon(row);
    }),

  'coupons.archive': (ctx, { id }) =>
    ctx.write((tx) => {
      getCouponRow(tx, id);
      const row = tx.update(coupons).set({ status: 'archived' }).where(eq(coupons.id, id)).returning().get()!;
      ctx.changed('coupons', [id]);
      return toCoupon(row);
    }),
};
