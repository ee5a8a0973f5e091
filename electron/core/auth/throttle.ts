import { eq, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/open';
import { loginAttempts } from '../../../db/schema';

export const MAX_FAILURES = 5;
export const LOCK_MINUTES = 15;

export type Reservation =
  | {
      ok: true;
      /** This guess was the last one allowed: the email is locked until it proves right. */ locking: boolean;
    }
  | { ok: false; minutesLeft: number };

/**
 * Takes one guess at the password of `email` BEFORE the slow check, in the caller's synchronous
 * transaction, and counts it as a failure until the check proves it right (then `clearFailures`).
 * Guesses being checked therefore count like failed ones, so however many arrive at once, at most
 * MAX_FAILURES are ever checked per LOCK_MINUTES: the guess that reaches the limit locks the email
 * at once, every later one is refused without a check, and nothing but a right password (or the
 * lock running out) ever clears the count. Applies to unknown emails too, so none can be probed.
 */
export function reserveAttempt(tx: DbOrTx, email: string, now: Date): Reservation {
  const row = tx.select().from(loginAttempts).where(eq(loginAttempts.email, email)).get();
  if (row?.lockedUntil && Date.parse(row.lockedUntil) > now.getTime()) {
    return { ok: false, minutesLeft: Math.ceil((Date.parse(row.lockedUntil) - now.getTime()) / 60_000) };
  }
  const windowStart = now.getTime() - LOCK_MINUTES * 60_000;
  const recent = row && !row.lockedUntil && Date.parse(row.lastFailureAt) > windowStart ? row.failures : 0;
  const failures = recent + 1;
  const locking = failures >= MAX_FAILURES;
  const values = {
    email,
    failures,
    lastFailureAt: now.toISOString(),
    lockedUntil: locking ? new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString() : null,
  };
  tx.insert(loginAttempts)
    .values(values)
    .onConflictDoUpdate({ target: loginAttempts.email, set: values })
    .run();
  return { ok: true, locking };
}

/** The words for a refused guess: how long the email stays locked. */
export function lockedMessage(minutesLeft: number): string {
  return `Too many failed sign-ins for this email. Try again in ${minutesLeft} minute${minutesLeft === 1 ? '' : 's'}, or ask the owner to reset the password.`;
}

/** A right password: the guesses counted against the email are forgotten (and any lock lifted). */
export function clearFailures(tx: DbOrTx, email: string): void {
  tx.delete(loginAttempts).where(eq(loginAttempts.email, email)).run();
}

export function purgeOldAttempts(tx: DbOrTx, now: Date): number {
  const cutoff = new Date(now.getTime() - 24 * 3600_000).toISOString();
  return tx.delete(loginAttempts).where(lt(loginAttempts.lastFailureAt, cutoff)).run().changes;
}
