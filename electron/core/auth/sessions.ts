import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, lt, ne, or } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../db/open';
import { operators, sessions } from '../../../db/schema';

/** 256 random bits; only its SHA-256 is stored (DESIGN §4). */
export const newToken = () => randomBytes(32).toString('base64url');
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function createSession(tx: DbOrTx, operatorId: number, nowIso: string): string {
  const token = newToken();
  tx.insert(sessions)
    .values({ tokenHash: hashToken(token), operatorId, createdAt: nowIso, lastSeenAt: nowIso })
    .run();
  return token;
}

export type SessionLookup =
  | { kind: 'valid'; sessionId: number; operator: typeof operators.$inferSelect; lastSeenAt: string }
  | { kind: 'expired' }
  | { kind: 'tooOld' }
  | { kind: 'none' };

/** A session ends this long after sign-in however busy it is, so a stolen token stops working. */
export const SESSION_MAX_HOURS = 12;

/**
 * Finds the live session of a token; a session idle longer than `idleMinutes`, or signed in more
 * than SESSION_MAX_HOURS ago, is ended and reported.
 */
export function lookupSession(db: Db, token: string, now: Date, idleMinutes: number): SessionLookup {
  const row = db
    .select({ session: sessions, operator: operators })
    .from(sessions)
    .innerJoin(operators, eq(operators.id, sessions.operatorId))
    .where(and(eq(sessions.tokenHash, hashToken(token)), isNull(sessions.endedAt)))
    .get();
  if (!row || row.operator.status !== 'active') return { kind: 'none' };
  if (now.getTime() - Date.parse(row.session.createdAt) > SESSION_MAX_HOURS * 3600_000) {
    endSession(db, row.session.id, now.toISOString());
    return { kind: 'tooOld' };
  }
  const idleMs = now.getTime() - Date.parse(row.session.lastSeenAt);
  if (idleMs > idleMinutes * 60_000) {
    endSession(db, row.session.id, now.toISOString());
    return { kind: 'expired' };
  }
  return {
    kind: 'valid',
    sessionId: row.session.id,
    operator: row.operator,
    lastSeenAt: row.session.lastSeenAt,
  };
}

/**
 * Whether a token's session is still live, without marking activity or writing anything: the
 * headless transport asks it for open event streams, which must not keep an idle session alive.
 */
export function isSessionLive(db: DbOrTx, token: string, now: Date, idleMinutes: number): boolean {
  const row = db
    .select({ session: sessions, status: operators.status })
    .from(sessions)
    .innerJoin(operators, eq(operators.id, sessions.operatorId))
    .where(and(eq(sessions.tokenHash, hashToken(token)), isNull(sessions.endedAt)))
    .get();
  if (!row || row.status !== 'active') return false;
  const t = now.getTime();
  return (
    t - Date.parse(row.session.createdAt) <= SESSION_MAX_HOURS * 3600_000 &&
    t - Date.parse(row.session.lastSeenAt) <= idleMinutes * 60_000
  );
}

/**
 * The test clock's jump (DESIGN §3): whoever moved time was active just now, and their session
 * counts as begun now, or a month's jump would end it by the idle or the 12-hour rule.
 */
export function restartSessionAt(db: DbOrTx, sessionId: number, now: Date): void {
  const iso = now.toISOString();
  db.update(sessions).set({ createdAt: iso, lastSeenAt: iso }).where(eq(sessions.id, sessionId)).run();
}

/** Marks activity, at most once a minute, so reads do not each cost a write. */
export function touchSession(db: Db, sessionId: number, lastSeenAt: string, now: Date): void {
  if (now.getTime() - Date.parse(lastSeenAt) < 60_000) return;
  db.update(sessions).set({ lastSeenAt: now.toISOString() }).where(eq(sessions.id, sessionId)).run();
}

export function endSession(tx: DbOrTx, sessionId: number, nowIso: string): void {
  tx.update(sessions).set({ endedAt: nowIso }).where(eq(sessions.id, sessionId)).run();
}

/** Ends every session of an operator except, optionally, the one in use. */
export function endSessionsOf(tx: DbOrTx, operatorId: number, nowIso: string, keepSessionId?: number): void {
  tx.update(sessions)
    .set({ endedAt: nowIso })
    .where(
      and(
        eq(sessions.operatorId, operatorId),
        isNull(sessions.endedAt),
        keepSessionId === undefined ? undefined : ne(sessions.id, keepSessionId),
      ),
    )
    .run();
}

/** Housekeeping for the scheduler: drop sessions ended or idle for over a day. */
export function purgeOldSessions(tx: DbOrTx, now: Date): number {
  const cutoff = new Date(now.getTime() - 24 * 3600_000).toISOString();
  return tx
    .delete(sessions)
    .where(or(lt(sessions.endedAt, cutoff), and(isNull(sessions.endedAt), lt(sessions.lastSeenAt, cutoff))))
    .run().changes;
}
