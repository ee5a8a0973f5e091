import { addDays, addMonths, monthEnd, monthOf } from './range';

const NOTHING: [string, string] = ['9999-12-31', '0000-01-01'];

/**
 * The daily money summary for a range, reading whole months from report_months (a few thousand rows
 * for all time) and only the partial months at either end from report_days. Grouping tens of
 * thousands of day rows costs more than reading them, so this keeps yearly and all-time reports fast.
 * Month rows carry the 1st of their month as their day.
 */
export const MONEY_ROWS = `(
  SELECT month || '-01' AS day, kind, currency, plan_id, method, operator_id, tax_rate_id, tax_bps, n, amount, tax
    FROM report_months WHERE month BETWEEN ? AND ? AND currency = ?
  UNION ALL
  SELECT day, kind, currency, plan_id, method, operator_id, tax_rate_id, tax_bps, n, amount, tax
    FROM report_days INDEXED BY report_days_cover WHERE day BETWEEN ? AND ? AND currency = ?
  UNION ALL
  SELECT day, kind, currency, plan_id, method, operator_id, tax_rate_id, tax_bps, n, amount, tax
    FROM report_days INDEXED BY report_days_cover WHERE day BETWEEN ? AND ? AND currency = ?
)`;

/** The parameters of MONEY_ROWS for `[from, to]`: the whole months, then the days before and after them. */
export function moneyRowParams(from: string, to: string, currency: string): unknown[] {
  const firstFull = from.endsWith('-01') ? monthOf(from) : addMonths(monthOf(from), 1);
  const lastFull = to === monthEnd(monthOf(to)) ? monthOf(to) : addMonths(monthOf(to), -1);
  if (firstFull > lastFull) return [...NOTHING, currency, from, to, currency, ...NOTHING, currency];
  const head: [string, string] = from < `${firstFull}-01` ? [from, addDays(`${firstFull}-01`, -1)] : NOTHING;
  const tail: [string, string] = to > monthEnd(lastFull) ? [addDays(monthEnd(lastFull), 1), to] : NOTHING;
  return [firstFull, lastFull, currency, ...head, currency, ...tail, currency];
}
