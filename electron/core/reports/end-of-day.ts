import type Database from 'better-sqlite3';
import type { EndOfDayReport } from '../../../shared/contract/reports';
import { moneyRowParams, MONEY_ROWS } from './money-rows';
import { all } from './sql';

/** Payments and refunds of the days by method and operator (report_days: a few rows a day). */
export const END_OF_DAY_SQL = `
  SELECT d.kind, d.method, d.operator_id AS operatorId, o.name, sum(d.n) AS n, sum(d.amount) AS amount
  FROM ${MONEY_ROWS} d LEFT JOIN operators o ON o.id = d.operator_id
  WHERE d.kind IN ('collected', 'refunded')
    AND (? IS NULL OR d.operator_id = ?)
  GROUP BY d.kind, d.method, d.operator_id`;

/** The Z report: what came in and went out, and the cash that should be in the drawer. */
export function endOfDayReport(
  sqlite: Database.Database,
  q: { from: string; to: string; currency: string; operatorId?: number | undefined; openingCash: number },
): EndOfDayReport {
  const op = q.operatorId ?? null;
  const methods = new Map<string, EndOfDayReport['byMethod'][number]>();
  const operators = new Map<number, EndOfDayReport['byOperator'][number]>();
  const totals = { payments: 0, amount: 0, refunds: 0, refunded: 0, net: 0 };
  const cash = { opening: q.openingCash, in: 0, out: 0, expected: 0 };
  for (const r of all<{
    kind: 'collected' | 'refunded';
    method: string;
    operatorId: number;
    name: string | null;
    n: number;
    amount: number;
  }>(sqlite, END_OF_DAY_SQL, ...moneyRowParams(q.from, q.to, q.currency), op, op)) {
    const m = methods.get(r.method) ?? { method: r.method, payments: 0, amount: 0, refunds: 0, refunded: 0 };
    const o = operators.get(r.operatorId) ?? {
      operatorId: r.operatorId || null,
      name: r.name ?? 'Recur (automatic)',
      payments: 0,
      amount: 0,
      refunded: 0,
    };
    if (r.kind === 'collected') {
      m.payments += r.n;
      m.amount += r.amount;
      o.payments += r.n;
      o.amount += r.amount;
      totals.payments += r.n;
      totals.amount += r.amount;
      if (r.method === 'cash') cash.in += r.amount;
    } else {
      m.refunds += r.n;
      m.refunded += r.amount;
      o.refunded += r.amount;
      totals.refunds += r.n;
      totals.refunded += r.amount;
      if (r.method === 'cash') cash.out += r.amount;
    }
    methods.set(r.method, m);
    operators.set(r.operatorId, o);
  }
  totals.net = totals.amount - totals.refunded;
  cash.expected = cash.opening + cash.in - cash.out;
  return {
    currency: q.currency,
    byMethod: [...methods.values()].sort((a, b) => b.amount - a.amount),
    byOperator: [...operators.values()].sort((a, b) => b.amount - a.amount),
    totals,
    cash,
  };
}
