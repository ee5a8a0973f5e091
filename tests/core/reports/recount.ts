import type Database from 'better-sqlite3';

type Row = Record<string, number | string>;

/**
 * The MRR summaries recounted from the change ledger in plain TypeScript, to compare with what the
 * triggers kept (member months and monthly movements).
 */
export function recountMrr(db: Database.Database) {
  const changes = db
    .prepare('SELECT member_id AS memberId, currency, month, delta FROM report_mrr_changes ORDER BY id')
    .all() as Array<{ memberId: number; currency: string; month: string; delta: number }>;
  const memberMonths = new Map<string, Row>();
  const current = new Map<string, { mrr: number; first: string }>();
  for (const c of changes) {
    const who = `${c.memberId}|${c.currency}`;
    const key = `${who}|${c.month}`;
    const state = current.get(who) ?? { mrr: 0, first: c.month };
    let mm = memberMonths.get(key);
    if (!mm) {
      mm = {
        member_id: c.memberId,
        currency: c.currency,
        month: c.month,
        first_month: state.first,
        seen_before: 0,
        mrr_start: state.mrr,
        mrr_end: state.mrr,
      };
      memberMonths.set(key, mm);
    }
    mm.mrr_end = (mm.mrr_end as number) + c.delta;
    state.mrr = mm.mrr_end as number;
    current.set(who, state);
  }
  markSeenBefore(memberMonths.values(), (mm) => `${mm.member_id}|${mm.currency}`);
  const months = new Map<string, Row>();
  for (const mm of memberMonths.values()) {
    const s = mm.mrr_start as number;
    const e = mm.mrr_end as number;
    const seen = mm.seen_before === 1;
    const key = `${mm.month}|${mm.currency}`;
    const m =
      months.get(key) ??
      ({
        month: mm.month,
        currency: mm.currency,
        new_mrr: 0,
        expansion_mrr: 0,
        contraction_mrr: 0,
        churn_mrr: 0,
        reactivation_mrr: 0,
        new_customers: 0,
        reactivated_customers: 0,
        churned_customers: 0,
      } as Row);
    const add = (k: string, v: number) => (m[k] = (m[k] as number) + v);
    if (s <= 0 && e > 0) {
      add(seen ? 'reactivation_mrr' : 'new_mrr', e);
      add(seen ? 'reactivated_customers' : 'new_customers', 1);
    } else if (s > 0 && e <= 0) {
      add('churn_mrr', s);
      add('churned_customers', 1);
    } else if (s > 0 && e > s) add('expansion_mrr', e - s);
    else if (s > 0 && e < s) add('contraction_mrr', s - e);
    months.set(key, m);
  }
  const sortRows = (rows: Row[]) => rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return {
    memberMonths: sortRows([...memberMonths.values()]),
    months: sortRows(
      [...months.values()].filter((m) =>
        Object.entries(m).some(([k, v]) => k !== 'month' && k !== 'currency' && v !== 0),
      ),
    ),
  };
}

export function storedMrr(db: Database.Database) {
  const sortRows = (rows: Row[]) => rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return {
    memberMonths: sortRows(
      db
        .prepare(
          'SELECT member_id, currency, month, first_month, seen_before, mrr_start, mrr_end FROM report_mrr_member_months',
        )
        .all() as Row[],
    ),
    months: sortRows(
      (db.prepare('SELECT * FROM report_mrr_months').all() as Row[]).filter((m) =>
        Object.entries(m).some(([k, v]) => k !== 'month' && k !== 'currency' && v !== 0),
      ),
    ),
  };
}

interface PlanChange {
  memberId: number;
  currency: string;
  month: string;
  mrr: number;
  delta: number;
  planId: number;
  prevPlanId: number;
}

/**
 * The plan summaries (migration `mrr_plans`) recounted from the same ledger: each change's share of
 * each plan, each member's MRR per plan and month, and each plan's monthly movements, with moves
 * between plans netted per month and taken to arrive first and leave last.
 */
export function recountPlanMrr(db: Database.Database) {
  const changes = db
    .prepare(
      `SELECT member_id AS memberId, currency, month, mrr, delta, plan_id AS planId, prev_plan_id AS prevPlanId
       FROM report_mrr_changes ORDER BY id`,
    )
    .all() as PlanChange[];
  const memberMonths = new Map<string, Row>();
  const current = new Map<string, number>();
  for (const c of changes) {
    const before = c.mrr - c.delta;
    // A live subscription going from one plan to another is a move; anything else is the member's own.
    const move = c.planId !== c.prevPlanId && c.mrr > 0 && before > 0;
    const shares: Array<[plan: number, amount: number, moved: number]> =
      c.planId === c.prevPlanId
        ? [[c.planId, c.delta, 0]]
        : [
            [c.prevPlanId, -before, move ? -before : 0],
            [c.planId, c.mrr, move ? c.mrr : 0],
          ];
    for (const [plan, amount, moved] of shares) {
      if (amount === 0) continue;
      const who = `${c.memberId}|${c.currency}|${plan}`;
      const key = `${who}|${c.month}`;
      const start = current.get(who) ?? 0;
      const mm = memberMonths.get(key) ?? {
        member_id: c.memberId,
        currency: c.currency,
        plan_id: plan,
        month: c.month,
        seen_before: 0,
        mrr_start: start,
        mrr_end: start,
        moved: 0,
      };
      mm.mrr_end = (mm.mrr_end as number) + amount;
      mm.moved = (mm.moved as number) + moved;
      memberMonths.set(key, mm);
      current.set(who, mm.mrr_end);
    }
  }
  markSeenBefore(memberMonths.values(), (mm) => `${mm.member_id}|${mm.currency}|${mm.plan_id}`);
  const months = new Map<string, Row>();
  for (const mm of memberMonths.values()) {
    const s = mm.mrr_start as number;
    const e = mm.mrr_end as number;
    const moved = mm.moved as number;
    const a = s + Math.max(moved, 0);
    const b = e + Math.max(-moved, 0);
    const key = `${mm.plan_id}|${mm.currency}|${mm.month}`;
    const m =
      months.get(key) ??
      ({
        plan_id: mm.plan_id,
        currency: mm.currency,
        month: mm.month,
        new_mrr: 0,
        expansion_mrr: 0,
        contraction_mrr: 0,
        churn_mrr: 0,
        reactivation_mrr: 0,
        moved_in_mrr: 0,
        moved_out_mrr: 0,
        new_customers: 0,
        reactivated_customers: 0,
        churned_customers: 0,
        moved_in_customers: 0,
        moved_out_customers: 0,
      } as Row);
    const add = (k: string, v: number) => (m[k] = (m[k] as number) + v);
    add('moved_in_mrr', Math.max(moved, 0));
    add('moved_out_mrr', Math.max(-moved, 0));
    if (s <= 0 && a > 0) add('moved_in_customers', 1);
    if (b > 0 && e <= 0) add('moved_out_customers', 1);
    const seen = mm.seen_before === 1;
    if (a <= 0 && b > 0) {
      add(seen ? 'reactivation_mrr' : 'new_mrr', b);
      add(seen ? 'reactivated_customers' : 'new_customers', 1);
    } else if (a > 0 && b <= 0) {
      add('churn_mrr', a);
      add('churned_customers', 1);
    } else if (a > 0 && b > a) add('expansion_mrr', b - a);
    else if (a > 0 && b < a) add('contraction_mrr', a - b);
    months.set(key, m);
  }
  const sortRows = (rows: Row[]) => rows.sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
  return {
    memberMonths: sortRows([...memberMonths.values()]),
    months: sortRows([...months.values()].filter(hasFigures(['plan_id', 'currency', 'month']))),
  };
}

const hasFigures = (keys: string[]) => (row: Row) =>
  Object.entries(row).some(([k, v]) => !keys.includes(k) && v !== 0);

export function storedPlanMrr(db: Database.Database) {
  const sortRows = (rows: Row[]) => rows.sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
  return {
    memberMonths: sortRows(
      db
        .prepare(
          'SELECT member_id, currency, plan_id, month, seen_before, mrr_start, mrr_end, moved FROM report_mrr_plan_member_months',
        )
        .all() as Row[],
    ),
    months: sortRows(
      (db.prepare('SELECT * FROM report_mrr_plan_months').all() as Row[]).filter(
        hasFigures(['plan_id', 'currency', 'month']),
      ),
    ),
  };
}

/**
 * `seen_before` of a member-month: any earlier month of the same member (and plan, for the plan
 * tables: `whoOf` says which) with MRR at its start or end.
 */
function markSeenBefore(rows: Iterable<Row>, whoOf: (mm: Row) => string): void {
  const byWho = new Map<string, Row[]>();
  for (const mm of rows) byWho.set(whoOf(mm), [...(byWho.get(whoOf(mm)) ?? []), mm]);
  for (const list of byWho.values()) {
    list.sort((a, b) => String(a.month).localeCompare(String(b.month)));
    let seen = false;
    for (const mm of list) {
      mm.seen_before = seen ? 1 : 0;
      if ((mm.mrr_start as number) > 0 || (mm.mrr_end as number) > 0) seen = true;
    }
  }
}
