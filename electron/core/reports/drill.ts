import type Database from 'better-sqlite3';
import type { DrillItem, DrillPage, DrillRef } from '../../../shared/contract/reports';
import { dayStartInstant, addDays, monthOf } from './range';
import { all, get, dayOf } from './sql';

const COUNT_CAP = 10_000;

interface Sql {
  from: string;
  where: string;
  params: unknown[];
  select: string;
  order: string;
}

const NAME = `(SELECT m.first_name || ' ' || m.last_name FROM members m WHERE m.id = x.member_id)`;
/** Two parameters (plan, plan) either way; without a plan the clause costs nothing. */
const planOfInvoice = (col: string, plan: number | null) =>
  plan === null
    ? '(? IS NULL AND ? IS NULL)'
    : `(? IS NOT NULL AND ${col} IN (SELECT i2.id FROM invoices i2 JOIN subscriptions s2 ON s2.id = i2.subscription_id WHERE s2.plan_id = ?))`;

const MOVEMENT: Record<string, string> = {
  new: 'x.mrr_start <= 0 AND x.mrr_end > 0 AND x.seen_before = 0',
  reactivated: 'x.mrr_start <= 0 AND x.mrr_end > 0 AND x.seen_before <> 0',
  churned: 'x.mrr_start > 0 AND x.mrr_end <= 0',
  expansion: 'x.mrr_start > 0 AND x.mrr_end > x.mrr_start',
  contraction: 'x.mrr_start > 0 AND x.mrr_end > 0 AND x.mrr_end < x.mrr_start',
  // Moves between plans exist only in a plan's view.
  movedIn: '0',
  movedOut: '0',
};
/** In one plan's view (report_mrr_plan_movements): each movement's column, and − for those that take MRR away. */
const PLAN_MOVEMENT: Record<string, [column: string, sign: '' | '-']> = {
  new: ['new_mrr', ''],
  reactivated: ['reactivation_mrr', ''],
  churned: ['churn_mrr', '-'],
  expansion: ['expansion_mrr', ''],
  contraction: ['contraction_mrr', '-'],
  movedIn: ['moved_in_mrr', ''],
  movedOut: ['moved_out_mrr', '-'],
};
const AGE: Record<string, [number, number]> = {
  b0: [-1e9, 30],
  b30: [30, 60],
  b60: [60, 90],
  b90: [90, 1e9],
};

/** The records behind a figure: the same conditions as the report that showed it, one page at a time. */
function query(ref: DrillRef, timeZone: string, currency: string): Sql {
  const start = dayStartInstant(ref.from, timeZone);
  const end = dayStartInstant(addDays(ref.to, 1), timeZone);
  const plan = ref.planId ?? null;
  switch (ref.kind) {
    case 'invoices': {
      if (ref.segment && ref.segment in AGE) {
        const [lo, hi] = AGE[ref.segment]!;
        return {
          select: `x.id, '/invoices/' || x.id AS "to", coalesce(x.due_date, x.issue_date) AS date, coalesce(x.number, 'Draft') AS label,
            x.member_id AS memberId, ${NAME} AS memberName,
            max(0, x.total - x.balance_applied - x.amount_paid - x.amount_credited) AS amount, x.currency, x.status`,
          from: 'invoices x',
          where: `x.status = 'open' AND x.currency = ? AND coalesce(x.issue_date, '') <= ?
            AND x.total - x.balance_applied - x.amount_paid - x.amount_credited > 0
            AND julianday(?) - julianday(coalesce(x.due_date, x.issue_date)) >= ?
            AND julianday(?) - julianday(coalesce(x.due_date, x.issue_date)) < ?
            AND ${planOfInvoice('x.id', plan)}`,
          params: [currency, ref.to, ref.to, lo, ref.to, hi, plan, plan],
          order: 'date, x.id',
        };
      }
      return {
        select: `x.id, '/invoices/' || x.id AS "to", x.issue_date AS date, coalesce(x.number, 'Draft') AS label,
          x.member_id AS memberId, ${NAME} AS memberName, x.total AS amount, x.currency, x.status`,
        from: 'invoices x',
        where: `x.issue_date BETWEEN ? AND ? AND x.status IN ('open', 'paid', 'uncollectible') AND x.currency = ?
          AND ${planOfInvoice('x.id', plan)}`,
        params: [ref.from, ref.to, currency, plan, plan],
        order: 'x.issue_date DESC, x.id DESC',
      };
    }
    case 'payments':
      return {
        select: `x.id, '/invoices/' || x.invoice_id AS "to", x.settled_at AS date,
          'Payment #' || x.id AS label, x.member_id AS memberId, ${NAME} AS memberName,
          x.amount, x.currency, x.method AS status`,
        from: 'payments x',
        where: `x.status = 'succeeded' AND x.settled_at >= ? AND x.settled_at < ? AND x.currency = ?
          AND (? IS NULL OR x.method = ?) AND (? IS NULL OR x.operator_id = ?) AND ${planOfInvoice('x.invoice_id', plan)}`,
        params: [
          start,
          end,
          currency,
          ref.method ?? null,
          ref.method ?? null,
          ref.operatorId ?? null,
          ref.operatorId ?? null,
          plan,
          plan,
        ],
        order: 'x.settled_at DESC, x.id DESC',
      };
    case 'refunds':
      return {
        select: `x.id, '/members/' || x.member_id AS "to", coalesce(x.settled_at, x.created_at) AS date,
          'Refund #' || x.id AS label, x.member_id AS memberId, ${NAME} AS memberName,
          x.amount, x.currency, x.status`,
        from: 'refunds x',
        where: `x.status = 'succeeded' AND x.created_at >= ? AND x.created_at < ? AND x.currency = ?
          AND (? IS NULL OR x.method = ?) AND (? IS NULL OR x.operator_id = ?)
          AND ${planOfInvoice('(SELECT p.invoice_id FROM payments p WHERE p.id = x.payment_id)', plan)}`,
        params: [
          start,
          end,
          currency,
          ref.method ?? null,
          ref.method ?? null,
          ref.operatorId ?? null,
          ref.operatorId ?? null,
          plan,
          plan,
        ],
        order: 'x.created_at DESC, x.id DESC',
      };
    case 'creditNotes':
      return {
        select: `x.id, '/invoices/' || x.invoice_id AS "to", x.created_at AS date, x.number AS label,
          x.member_id AS memberId, ${NAME} AS memberName, x.amount, x.currency, x.destination AS status`,
        from: 'credit_notes x',
        where: `x.created_at >= ? AND x.created_at < ? AND x.currency = ? AND ${planOfInvoice('x.invoice_id', plan)}`,
        params: [start, end, currency, plan, plan],
        order: 'x.created_at DESC, x.id DESC',
      };
    case 'failedPayments': {
      const outcome =
        ref.segment === 'recovered'
          ? `= 'paid'`
          : ref.segment === 'lost'
            ? `IN ('void', 'uncollectible')`
            : ref.segment === 'pending'
              ? `NOT IN ('paid', 'void', 'uncollectible')`
              : null;
      return {
        select: `x.id, '/invoices/' || x.invoice_id AS "to", x.created_at AS date,
          coalesce(x.failure_message, 'Failed payment') AS label, x.member_id AS memberId, ${NAME} AS memberName,
          x.amount, x.currency, coalesce(x.decline_code, x.failure_code, 'unknown') AS status`,
        from: 'payments x',
        where: `x.status = 'failed' AND x.created_at >= ? AND x.created_at < ? AND x.currency = ?
          AND (? IS NULL OR coalesce(x.decline_code, x.failure_code, 'unknown') = ?)
          AND ${planOfInvoice('x.invoice_id', plan)}
          ${outcome ? `AND (SELECT i.status FROM invoices i WHERE i.id = x.invoice_id) ${outcome}` : ''}`,
        params: [start, end, currency, ref.reason ?? null, ref.reason ?? null, plan, plan],
        order: 'x.created_at DESC, x.id DESC',
      };
    }
    case 'members': {
      const onPlan = ref.segment && plan !== null ? PLAN_MOVEMENT[ref.segment] : undefined;
      if (onPlan) {
        const [column, sign] = onPlan;
        return {
          select: `x.member_id AS id, '/members/' || x.member_id AS "to", x.month || '-01' AS date,
            x.month AS label, x.member_id AS memberId, ${NAME} AS memberName,
            ${sign}x.${column} AS amount, x.currency, '${ref.segment}' AS status`,
          from: 'report_mrr_plan_movements x',
          where: `x.plan_id = ? AND x.month BETWEEN ? AND ? AND x.currency = ? AND x.${column} > 0`,
          params: [plan, monthOf(ref.from), monthOf(ref.to), currency],
          order: 'x.month DESC, x.member_id',
        };
      }
      const movement = ref.segment ? MOVEMENT[ref.segment] : undefined;
      if (movement) {
        return {
          select: `x.member_id AS id, '/members/' || x.member_id AS "to", x.month || '-01' AS date,
            x.month AS label, x.member_id AS memberId, ${NAME} AS memberName,
            x.mrr_end - x.mrr_start AS amount, x.currency, '${ref.segment}' AS status`,
          from: 'report_mrr_member_months x',
          where: `x.month BETWEEN ? AND ? AND x.currency = ? AND ${movement}`,
          params: [monthOf(ref.from), monthOf(ref.to), currency],
          order: 'x.month DESC, x.member_id',
        };
      }
      return {
        select: `x.member_id AS id, '/members/' || x.member_id AS "to", x.start_date AS date,
          p.name AS label, x.member_id AS memberId, ${NAME} AS memberName, NULL AS amount, x.currency, x.status`,
        from: 'subscriptions x JOIN plans p ON p.id = x.plan_id',
        where: `x.status IN ('active', 'trialing', 'past_due', 'paused') AND (? IS NULL OR x.plan_id = ?)`,
        params: [plan, plan],
        order: 'x.start_date DESC, x.id DESC',
      };
    }
  }
}

export function drill(
  sqlite: Database.Database,
  ref: DrillRef,
  page: { offset: number; limit: number },
  timeZone: string,
  currency: string,
): DrillPage {
  const q = query(ref, timeZone, currency);
  // Counting a year of payments would cost more than the page: stop counting past a cap.
  const counted = get<{ n: number }>(
    sqlite,
    `SELECT count(*) AS n FROM (SELECT 1 FROM ${q.from} WHERE ${q.where} LIMIT ${COUNT_CAP + 1})`,
    ...q.params,
  )!.n;
  const total = Math.min(counted, COUNT_CAP);
  const items = all<DrillItem>(
    sqlite,
    `SELECT ${q.select} FROM ${q.from} WHERE ${q.where} ORDER BY ${q.order} LIMIT ? OFFSET ?`,
    ...q.params,
    page.limit,
    page.offset,
  ).map((r) => ({ ...r, memberName: r.memberName ?? '', date: r.date ?? '' }));
  return { items, total, capped: counted > COUNT_CAP };
}

/** For tests: the business day of a stored instant, as the summaries see it. */
export const dayOfInstant = (sqlite: Database.Database, instant: string) =>
  get<{ d: string }>(sqlite, `SELECT ${dayOf('x')} AS d FROM (SELECT ? AS x)`, instant)!.d;
