import { mulDivHalfUp } from './money';

/**
 * The arithmetic of invoices (DESIGN §5), pure and in integer minor units. Rounding is half-up to the
 * minor unit, once per line.
 */

export const BPS = 10_000;

export interface TaxRule {
  rateBps: number;
  inclusive: boolean;
}

/**
 * Tax of one line after discount. Exclusive: tax on top (8.25% of 29.99 = 2.47). Inclusive: the
 * amount already holds the tax, which is taken out (20% inclusive of 12.00 = 2.00, net 10.00).
 */
export function lineTax(amountAfterDiscount: number, rule: TaxRule | null): number {
  if (!rule || rule.rateBps === 0 || amountAfterDiscount === 0) return 0;
  if (!rule.inclusive) return mulDivHalfUp(amountAfterDiscount, rule.rateBps, BPS);
  const net = mulDivHalfUp(amountAfterDiscount, BPS, BPS + rule.rateBps);
  return amountAfterDiscount - net;
}

/** What a line adds to the invoice: amount − discount, plus the tax when it is exclusive. */
export const lineTotal = (amount: number, discount: number, tax: number, rule: TaxRule | null) =>
  amount - discount + (rule && !rule.inclusive ? tax : 0);

/** amount × remaining days / days in period, half-up (DESIGN §5). */
export const prorate = (amount: number, remainingDays: number, periodDays: number) =>
  mulDivHalfUp(amount, remainingDays, periodDays);

/**
 * Splits a fixed discount over lines in proportion to their amounts, largest remainder first, so the
 * parts add up exactly to the discount (capped at what the lines are worth) and each line's tax is
 * computed on its own discounted amount.
 */
export function allocate(total: number, weights: number[]): number[] {
  const positive = weights.map((w) => Math.max(0, w));
  const sum = positive.reduce((a, b) => a + b, 0);
  if (sum === 0 || total <= 0) return weights.map(() => 0);
  const capped = Math.min(total, sum);
  const exact = positive.map((w) => (BigInt(capped) * BigInt(w)) / BigInt(sum));
  const parts = exact.map(Number);
  let left = capped - parts.reduce((a, b) => a + b, 0);
  const order = positive
    .map((w, i) => ({ i, rem: (BigInt(capped) * BigInt(w)) % BigInt(sum) }))
    .sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1));
  for (const { i } of order) {
    if (left === 0) break;
    if (parts[i]! < positive[i]!) {
      parts[i]! += 1;
      left -= 1;
    }
  }
  return parts;
}

export interface CouponTerms {
  kind: 'percent' | 'fixed';
  percentBps?: number | null;
  amountOff?: number | null;
}

/** Per-line discounts of a coupon, applied before tax. Credits (negative lines) are never discounted. */
export function couponDiscounts(amounts: number[], coupon: CouponTerms | null): number[] {
  if (!coupon) return amounts.map(() => 0);
  if (coupon.kind === 'percent') {
    return amounts.map((a) => (a > 0 ? mulDivHalfUp(a, coupon.percentBps ?? 0, BPS) : 0));
  }
  return allocate(coupon.amountOff ?? 0, amounts);
}
