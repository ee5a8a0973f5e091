import {
  couponDiscounts,
  lineTax,
  lineTotal,
  type CouponTerms,
  type TaxRule,
} from '../../../shared/billing-math';

/** A line before the arithmetic: what is billed, how many, at what price, taxed how. */
export interface LineSpec {
  kind: 'plan' | 'proration' | 'setup_fee' | 'usage' | 'custom';
  description: string;
  periodStart?: string | null;
  periodEnd?: string | null;
  quantity: number;
  unitAmount: number;
  tax: (TaxRule & { id: number; name: string }) | null;
  planId?: number | null;
  /** Whether the subscription's coupon discounts this line (not credits, not setup fees). */
  discountable: boolean;
}

export interface ComputedLine extends LineSpec {
  amount: number;
  discountAmount: number;
  taxAmount: number;
  total: number;
}

export interface Totals {
  subtotal: number;
  discountTotal: number;
  taxTotal: number;
  total: number;
}

/** Amount, coupon discount (before tax), per-line tax and total of every line (DESIGN §5). */
export function computeLines(specs: LineSpec[], coupon: CouponTerms | null): ComputedLine[] {
  const amounts = specs.map((s) => s.quantity * s.unitAmount);
  const discounts = couponDiscounts(
    amounts.map((a, i) => (specs[i]!.discountable ? a : 0)),
    coupon,
  );
  return specs.map((spec, i) => {
    const amount = amounts[i]!;
    const discountAmount = discounts[i]!;
    const taxAmount = lineTax(amount - discountAmount, spec.tax);
    return {
      ...spec,
      amount,
      discountAmount,
      taxAmount,
      total: lineTotal(amount, discountAmount, taxAmount, spec.tax),
    };
  });
}

export function totalsOf(
  lines: Array<Pick<ComputedLine, 'amount' | 'discountAmount' | 'taxAmount' | 'total'>>,
): Totals {
  return lines.reduce<Totals>(
    (t, l) => ({
      subtotal: t.subtotal + l.amount,
      discountTotal: t.discountTotal + l.discountAmount,
      taxTotal: t.taxTotal + l.taxAmount,
      total: t.total + l.total,
    }),
    { subtotal: 0, discountTotal: 0, taxTotal: 0, total: 0 },
  );
}
