import { lineTax, lineTotal, type TaxRule } from '../../../../shared/billing-math';
import type { IntervalUnit } from '../../../../shared/calendar';
import type { Format } from '../../app/format';
import { periodWords } from './labels';

export interface ExampleTerms {
  price: number;
  setupFee: number;
  trialDays: number;
  interval: IntervalUnit;
  intervalCount: number;
  tax: (TaxRule & { name: string }) | null;
  minimumTermCycles: number;
  termEnd: 'renew' | 'expire';
}

/** What one charge costs with the plan's tax, computed as the core does: per line, half-up. */
function charge(amount: number, tax: ExampleTerms['tax']) {
  const t = lineTax(amount, tax);
  return { total: lineTotal(amount, 0, t, tax), tax: t };
}

/**
 * The plan editor's live example, in words a member would understand, e.g. "A member joining today pays
 * $55.00 now ($30.00 + $25.00 setup fee, incl. VAT), then $30.00 every month." Computed from the form
 * with the same arithmetic as the core's invoices (shared/billing-math).
 */
export function priceExample(t: ExampleTerms, format: Format): string {
  const plan = charge(t.price, t.tax);
  const fee = charge(t.setupFee, t.tax);
  const first = plan.total + fee.total;
  const firstTax = plan.tax + fee.tax;
  const every = t.intervalCount === 1 ? `every ${t.interval}` : `every ${t.intervalCount} ${t.interval}s`;

  const parts: string[] = [];
  if (t.setupFee > 0) parts.push(`${format.money(t.price)} + ${format.money(t.setupFee)} setup fee`);
  if (t.tax && t.tax.rateBps > 0 && first > 0) {
    if (t.tax.inclusive) parts.push(`incl. ${format.money(firstTax)} ${t.tax.name}`);
    else
      parts.push(
        `${parts.length ? '' : `${format.money(t.price)} `}+ ${format.money(firstTax)} ${t.tax.name}`,
      );
  }
  // "($30.00 + $25.00 setup fee + $11.00 VAT)" or "($30.00 + $25.00 setup fee, incl. $9.17 VAT)"
  const breakdown = parts.length ? ` (${parts.join(t.tax && !t.tax.inclusive ? ' ' : ', ')})` : '';
  const then = plan.total > 0 ? `then ${format.money(plan.total)} ${every}` : `then nothing ${every}`;

  let sentence: string;
  if (t.trialDays > 0) {
    const trial = `${t.trialDays}-day free trial`;
    sentence =
      first > 0
        ? `A member joining today pays nothing during the ${trial}, ${format.money(first)} when it ends${breakdown}, ${then}.`
        : `A member joining today starts with a ${trial}; the plan is free after it.`;
  } else if (first > 0) {
    sentence = `A member joining today pays ${format.money(first)} now${breakdown}, ${then}.`;
  } else {
    sentence = 'A member joining today pays nothing: this plan is free.';
  }

  if (t.minimumTermCycles > 0) {
    const term =
      t.minimumTermCycles === 1
        ? `one ${periodWords(t.interval, t.intervalCount)}`
        : `${t.minimumTermCycles} billing periods`;
    sentence +=
      t.termEnd === 'expire'
        ? ` The subscription runs for ${term} and then ends.`
        : ` They commit to at least ${term}; after that it renews until canceled.`;
  }
  return sentence;
}
