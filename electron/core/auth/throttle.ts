import { eq, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/open';
import { loginAttempts } from '../../../db/schema';
import { AppError } from '../../../shared/errors';

export const MAX_FAILURES = 5;
export const LOCK_MINUTES = 15;

/** Refuses a sign-in while the email is locked out. Applies to unknown emails too, so none can be probed. */
export function assertNotLocked(db: DbOrTx, email: string, now: Date): void {
  const row = db.select().from(loginAttempts).where(eq(loginAttempts.email, email)).get();
  if (row?.lockedUntil && Date.parse(row.lockedUntil) > now.getTime()) {
    const minutes = Math.ceil((Date.parse(row.lockedUntil) - now.getTime()) / 60_000);
    throw new AppError(
      'UNAUTHENTICATED',
      `Too many failed sign-ins for this email. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask the owner to reset the password.`,
    );
  }
}

/** Counts a failure; the fifth within the window locks the email for 15 minutes. Returns whether it locked. */
export function recordFailure(tx: DbOrTx, email: string, now: Date): boolean {
  const row = tx.select().from(loginAttempts).where(eq(loginAttempts.email, email)).get();
  const windowStart = now.getTime() - LOCK_MINUTES * 60_000;
  const recent = row && Date.parse(row.lastFailureAt) > windowStart && !row.lockedUntil ? row.failures : 0;
  const failures = recent + 1;
  const lockedUntil =
    failures >= MAX_FAILURES ? new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString() : null;
  const values = {
    email,
    failures: lockedUntil ? 0 : failures,
    lastFailureAt: now.toISOString(),
    lockedUntil,
  };
  tx.insert(loginAttempts)
    .values(values)
    .onConflictDoUpdate({ target: loginAttempts.email, set: values })
    .run();
  return lockedUntil !== null;
}

export function clearFailures(tx: DbOrTx, email: string): void {
  tx.delete(loginAttempts).where(eq(loginAttempts.email, email)).run();
}

export function purgeOldAttempts(tx: DbOrTx, now: Date): number {
  const cutoff = new Date(now.getTime() - 24 * 3600_000).toISOString();
  return tx.delete(loginAttempts).where(lt(loginAttempts.lastFailureAt, cutoff)).run().changes;
}
