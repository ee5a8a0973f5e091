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
  // `seen_before` of a month: any earlier month of the member with MRR at its start or end.
  const byMember = new Map<string, Row[]>();
  for (const mm of memberMonths.values()) {
    const who = `${mm.member_id}|${mm.currency}`;
    byMember.set(who, [...(byMember.get(who) ?? []), mm]);
  }
  for (const list of byMember.values()) {
    list.sort((a, b) => String(a.month).localeCompare(String(b.month)));
    let seen = false;
    for (const mm of list) {
      mm.seen_before = seen ? 1 : 0;
      if ((mm.mrr_start as number) > 0 || (mm.mrr_end as number) > 0) seen = true;
    }
  }
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
