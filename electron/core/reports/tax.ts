import type Database from 'better-sqlite3';
import type { TaxReport, TaxRow } from '../../../shared/contract/reports';
import { moneyRowParams, MONEY_ROWS } from './money-rows';
import { all } from './sql';

/** Taxable amount and tax per rate and month, from invoice lines and credit notes (report_days). */
export const TAX_SQL = `
  SELECT substr(d.day, 1, 7) AS month, d.tax_rate_id AS taxRateId, d.tax_bps AS rateBps, d.kind,
    sum(d.amount) AS amount, sum(d.tax) AS tax, t.name
  FROM ${MONEY_ROWS} d LEFT JOIN tax_rates t ON t.id = d.tax_rate_id
  WHERE d.kind IN ('invoiced', 'credited')
  GROUP BY 1, 2, 3, 4`;

const zero = () => ({ taxable: 0, tax: 0, creditedTaxable: 0, creditedTax: 0, netTaxable: 0, netTax: 0 });

export function taxReport(
  sqlite: Database.Database,
  q: { from: string; to: string; currency: string },
): TaxReport {
  const rows = new Map<string, TaxRow>();
  const totals = zero();
  for (const r of all<{
    month: string;
    taxRateId: number;
    rateBps: number;
    kind: 'invoiced' | 'credited';
    amount: number;
    tax: number;
    name: string | null;
  }>(sqlite, TAX_SQL, ...moneyRowParams(q.from, q.to, q.currency))) {
    const key = `${r.month}|${r.taxRateId}|${r.rateBps}`;
    const row =
      rows.get(key) ??
      ({
        month: r.month,
        taxRateId: r.taxRateId || null,
        name: r.name ?? (r.rateBps ? 'Tax' : 'No tax'),
        rateBps: r.rateBps,
        ...zero(),
      } satisfies TaxRow);
    // Amounts include tax; the taxable amount is what remains without it.
    if (r.kind === 'invoiced') {
      row.taxable += r.amount - r.tax;
      row.tax += r.tax;
    } else {
      row.creditedTaxable += r.amount - r.tax;
      row.creditedTax += r.tax;
    }
    rows.set(key, row);
  }
  for (const row of rows.values()) {
    row.netTaxable = row.taxable - row.creditedTaxable;
    row.netTax = row.tax - row.creditedTax;
    for (const k of Object.keys(totals) as Array<keyof typeof totals>) totals[k] += row[k];
  }
  return {
    currency: q.currency,
    rows: [...rows.values()].sort((a, b) => a.month.localeCompare(b.month) || b.rateBps - a.rateBps),
    totals,
  };
}
