import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/open';
import { balanceEntries } from '../../../db/schema';
import { prepared } from '../prepared';

/** The member's credit: what the business owes them, to be used on their next invoices. */
export function memberBalance(db: DbOrTx, memberId: number, currency: string): number {
  const query = prepared(db, 'balance.ofMember', (d) =>
    d
      .select({ total: sql<number>`coalesce(sum(${balanceEntries.amount}), 0)` })
      .from(balanceEntries)
      .where(
        and(
          eq(balanceEntries.memberId, sql.placeholder('memberId')),
          eq(balanceEntries.currency, sql.placeholder('currency')),
        ),
      )
      .prepare(),
  );
  const row = query.get({ memberId, currency });
  return Number(row?.total ?? 0);
}

export interface BalanceEntryInput {
  memberId: number;
  amount: number;
  currency: string;
  reason: string;
  invoiceId?: number | null;
  paymentId?: number | null;
  creditNoteId?: number | null;
  createdAt: string;
}

/** Appends to the ledger (positive = credit to the member, negative = credit used). */
export function addBalanceEntry(tx: DbOrTx, entry: BalanceEntryInput): void {
  if (entry.amount === 0) return;
  tx.insert(balanceEntries)
    .values({
      memberId: entry.memberId,
      amount: entry.amount,
      currency: entry.currency,
      reason: entry.reason,
      invoiceId: entry.invoiceId ?? null,
      paymentId: entry.paymentId ?? null,
      creditNoteId: entry.creditNoteId ?? null,
      createdAt: entry.createdAt,
    })
    .run();
}
