import { and, count, eq, ne } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/open';
import { operators } from '../../../db/schema';
import type { Operator } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';

export type OperatorRow = typeof operators.$inferSelect;

export const toOperator = (row: OperatorRow): Operator => ({
  id: row.id,
  name: row.name,
  email: row.email,
  role: row.role,
  status: row.status,
  mustChangePassword: row.mustChangePassword,
  lastLoginAt: row.lastLoginAt,
  createdAt: row.createdAt,
});

export function getOperatorRow(db: DbOrTx, id: number): OperatorRow {
  const row = db.select().from(operators).where(eq(operators.id, id)).get();
  if (!row) throw new AppError('NOT_FOUND', 'That operator does not exist.');
  return row;
}

export const findOperatorByEmail = (db: DbOrTx, email: string) =>
  db.select().from(operators).where(eq(operators.email, email)).get();

export function assertEmailFree(db: DbOrTx, email: string, exceptId?: number): void {
  const clash = db
    .select({ id: operators.id })
    .from(operators)
    .where(and(eq(operators.email, email), exceptId ? ne(operators.id, exceptId) : undefined))
    .get();
  if (clash) {
    throw new AppError('CONFLICT', 'Another operator already signs in with this email.', {
      email: 'Already used by another operator',
    });
  }
}

/** The business must always keep an active owner, or nobody could change settings again. */
export function assertOtherActiveOwner(db: DbOrTx, exceptId: number, what: string): void {
  const others =
    db
      .select({ n: count() })
      .from(operators)
      .where(and(eq(operators.role, 'owner'), eq(operators.status, 'active'), ne(operators.id, exceptId)))
      .get()?.n ?? 0;
  if (others === 0) {
    throw new AppError('CONFLICT', `You cannot ${what} the only owner. Make someone else owner first.`);
  }
}

export const countOperators = (db: DbOrTx) => db.select({ n: count() }).from(operators).get()?.n ?? 0;
