import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import Papa from 'papaparse';
import type { DbOrTx } from '../../../db/open';
import { dunningCases, invoices, members, payments } from '../../../db/schema';
import type { Debtor, DunningStage } from '../../../shared/contract/dunning';
import { decimalOf } from '../../../shared/money';
import { formatMemberNumber } from '../members/repo';
import { accessOfMembers } from './access';
import { getPolicy } from './policy';

export interface DebtorFilter {
  query?: string | undefined;
  stage: 'all' | DunningStage;
  access: 'all' | 'grace' | 'blocked';
}

const STAGE_RANK: Record<DunningStage, number> = { overdue: 0, retrying: 1, hard_decline: 2, exhausted: 3 };

/**
 * Everyone who owes: open invoices past their due date or being chased after a declined card, per
 * member and currency. A sale still waiting for its first payment is the desk's, not a debt (H2's
 * `incomplete`), and written-off (uncollectible) invoices have left the list.
 */
export function listDebtors(db: DbOrTx, today: string, prefix: string): Debtor[] {
  const rows = db
    .select({
      invoiceId: invoices.id,
      number: invoices.number,
      memberId: invoices.memberId,
      currency: invoices.currency,
      due: sql<number>`max(0, ${invoices.total} - ${invoices.balanceApplied} - ${invoices.amountPaid} - ${invoices.amountCredited})`,
      dueDate: invoices.dueDate,
      caseStatus: dunningCases.status,
      startedOn: dunningCases.startedOn,
      step: dunningCases.step,
      hard: dunningCases.hardDecline,
      nextRetryOn: dunningCases.nextRetryOn,
      lastAttemptAt: dunningCases.lastAttemptAt,
      lastReason: dunningCases.lastReason,
    })
    .from(invoices)
    .leftJoin(
      dunningCases,
      and(eq(dunningCases.invoiceId, invoices.id), inArray(dunningCases.status, ['active', 'exhausted'])),
    )
    .where(
      and(
        eq(invoices.status, 'open'),
        sql`(${invoices.dueDate} < ${today} OR ${dunningCases.id} IS NOT NULL)`,
        sql`NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.id = ${invoices.subscriptionId} AND s.status IN ('incomplete', 'incomplete_expired'))`,
      ),
    )
    .all()
    .filter((r) => r.due > 0);
  if (!rows.length) return [];

  const memberIds = [...new Set(rows.map((r) => r.memberId))];
  const people = new Map(
    db
      .select({
        id: members.id,
        number: members.number,
        firstName: members.firstName,
        lastName: members.lastName,
        email: members.email,
        phone: members.phone,
      })
      .from(members)
      .where(inArray(members.id, memberIds))
      .all()
      .map((m) => [m.id, m]),
  );
  // The latest card try on any of these invoices, for invoices chased without a case (older data).
  const lastTries = new Map(
    db
      .select({
        invoiceId: payments.invoiceId,
        createdAt: payments.createdAt,
        failureMessage: payments.failureMessage,
      })
      .from(payments)
      .where(
        and(
          inArray(
            payments.invoiceId,
            rows.map((r) => r.invoiceId),
          ),
          eq(payments.status, 'failed'),
        ),
      )
      .orderBy(desc(payments.id))
      .all()
      .reverse()
      .map((p) => [p.invoiceId!, p]),
  );
  const access = accessOfMembers(db, memberIds, today);
  const steps = getPolicy(db).retryDays.length;

  const byKey = new Map<string, Debtor>();
  for (const r of rows) {
    const key = `${r.memberId}:${r.currency}`;
    const m = people.get(r.memberId)!;
    const stage: DunningStage = !r.caseStatus
      ? 'overdue'
      : r.caseStatus === 'exhausted'
        ? 'exhausted'
        : r.hard
          ? 'hard_decline'
          : 'retrying';
    const since = r.startedOn && (!r.dueDate || r.startedOn < r.dueDate) ? r.startedOn : (r.dueDate ?? today);
    const tried = lastTries.get(r.invoiceId);
    const lastAttemptAt = r.lastAttemptAt ?? tried?.createdAt ?? null;
    const lastReason = r.lastReason ?? tried?.failureMessage ?? null;
    const d = byKey.get(key);
    if (!d) {
      byKey.set(key, {
        memberId: r.memberId,
        memberName: `${m.firstName} ${m.lastName}`.trim(),
        memberNumber: formatMemberNumber(m.number, prefix),
        email: m.email,
        phone: m.phone,
        amountDue: r.due,
        currency: r.currency,
        invoiceIds: [r.invoiceId],
        invoiceNumbers: r.number ? [r.number] : [],
        since,
        lastAttemptAt,
        lastReason,
        stage,
        step: r.step ?? 0,
        steps,
        nextRetryOn: r.nextRetryOn ?? null,
        access: access.get(r.memberId) ?? 'ok',
      });
      continue;
    }
    d.amountDue += r.due;
    d.invoiceIds.push(r.invoiceId);
    if (r.number) d.invoiceNumbers.push(r.number);
    if (since < d.since) d.since = since;
    if (lastAttemptAt && (!d.lastAttemptAt || lastAttemptAt > d.lastAttemptAt)) {
      d.lastAttemptAt = lastAttemptAt;
      d.lastReason = lastReason;
    }
    if (STAGE_RANK[stage] > STAGE_RANK[d.stage]) d.stage = stage;
    if ((r.step ?? 0) > d.step) d.step = r.step ?? 0;
    if (r.nextRetryOn && (!d.nextRetryOn || r.nextRetryOn < d.nextRetryOn)) d.nextRetryOn = r.nextRetryOn;
  }
  // Longest owing first: the desk chases the oldest debts first.
  return [...byKey.values()].sort((a, b) =>
    a.since === b.since ? a.memberName.localeCompare(b.memberName) : a.since < b.since ? -1 : 1,
  );
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export function filterDebtors(list: Debtor[], f: DebtorFilter): Debtor[] {
  const q = f.query ? fold(f.query) : '';
  return list.filter(
    (d) =>
      (f.stage === 'all' || d.stage === f.stage) &&
      (f.access === 'all' || d.access === f.access) &&
      (!q ||
        fold(d.memberName).includes(q) ||
        fold(d.memberNumber).includes(q) ||
        (d.email ? fold(d.email).includes(q) : false) ||
        d.invoiceNumbers.some((n) => fold(n).includes(q))),
  );
}

/** Spreadsheets run cells that start like a formula; an apostrophe keeps them text (CSV injection). */
const guard = (v: string | null | undefined) => {
  const s = v ?? '';
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
};

const STAGE_WORDS: Record<DunningStage, string> = {
  overdue: 'Overdue',
  retrying: 'Retrying card',
  hard_decline: 'Card refused: no retries',
  exhausted: 'Retries ran out',
};

/** Amounts as plain decimals (the currency in its own column), so a spreadsheet can add them up. */
export function debtorsToCsv(list: Debtor[]): string {
  return Papa.unparse({
    fields: [
      'Member number',
      'Name',
      'Email',
      'Phone',
      'Amount due',
      'Currency',
      'Owing since',
      'Invoices',
      'Stage',
      'Retries made',
      'Next retry',
      'Last attempt',
      'Last reason',
      'Access',
    ],
    data: list.map((d) => [
      d.memberNumber,
      guard(d.memberName),
      guard(d.email),
      guard(d.phone),
      decimalOf(d.amountDue, d.currency),
      d.currency,
      d.since,
      d.invoiceNumbers.join(' '),
      STAGE_WORDS[d.stage],
      `${d.step} of ${d.steps}`,
      d.nextRetryOn ?? '',
      d.lastAttemptAt ?? '',
      guard(d.lastReason),
      d.access,
    ]),
  });
}
