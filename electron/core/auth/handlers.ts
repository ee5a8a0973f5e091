import { eq } from 'drizzle-orm';
import { businessSettings, operators, sequences } from '../../../db/schema';
import { AppError } from '../../../shared/errors';
import { recordAudit } from '../audit/record';
import type { DomainHandlers } from '../handler';
import { countOperators, findOperatorByEmail, getOperatorRow, toOperator } from '../operators/repo';
import { findSettingsRow } from '../settings/repo';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords';
import { createSession, endSession, endSessionsOf } from './sessions';
import { clearFailures, lockedMessage, reserveAttempt } from './throttle';

export const authHandlers: DomainHandlers<'auth'> = {
  'auth.status': (ctx) => {
    const settings = findSettingsRow(ctx.db);
    return {
      setupNeeded: countOperators(ctx.db) === 0,
      operator: ctx.caller ? ctx.caller.operator : null,
      business: settings
        ? {
            name: settings.name,
            currency: settings.currency,
            locale: settings.locale,
            timeZone: settings.timeZone,
          }
        : null,
      testClock: Boolean(ctx.ports.testClock),
    };
  },

  'auth.setup': async (ctx, input) => {
    if (countOperators(ctx.db) > 0) {
      throw new AppError('CONFLICT', 'Recur is already set up on this computer. Sign in instead.');
    }
    const passwordHash = await hashPassword(input.password);
    return ctx.write((tx) => {
      // Checked again inside the transaction: two setup calls racing must not create two owners.
      if (countOperators(tx) > 0) {
        throw new AppError('CONFLICT', 'Recur is already set up on this computer. Sign in instead.');
      }
      const now = ctx.nowIso();
      tx.insert(businessSettings)
        .values({
          id: 1,
          name: input.businessName,
          currency: input.currency,
          timeZone: input.timeZone,
          locale: input.locale,
          createdAt: now,
          updatedAt: now,
        })
        .run();
      tx.insert(sequences).values({ name: 'member', next: 1 }).onConflictDoNothing().run();
      const owner = tx
        .insert(operators)
        .values({
          name: input.name,
          email: input.email,
          role: 'owner',
          passwordHash,
          lastLoginAt: now,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get();
      const token = createSession(tx, owner.id, now);
      recordAudit(tx, ctx, {
        entity: 'settings',
        entityId: 1,
        action: 'business created',
        after: { name: input.businessName, currency: input.currency, timeZone: input.timeZone },
      });
      return { token, operator: toOperator(owner) };
    });
  },

  'auth.login': async (ctx, { email, password }) => {
    const now = ctx.now();
    // The guess is counted before the slow check, so concurrent guesses cannot outrun the lock.
    const reservation = ctx.write((tx) => reserveAttempt(tx, email, now));
    if (!reservation.ok) throw new AppError('UNAUTHENTICATED', lockedMessage(reservation.minutesLeft));
    const row = findOperatorByEmail(ctx.db, email);
    const matches = await verifyPassword(password, row?.passwordHash ?? (await dummyPasswordHash()));
    if (!row || !matches) {
      throw new AppError(
        'UNAUTHENTICATED',
        reservation.locking
          ? 'Too many failed sign-ins. Signing in with this email is paused for 15 minutes.'
          : 'Wrong email or password.',
        reservation.locking ? undefined : { password: 'Wrong email or password' },
      );
    }
    if (row.status !== 'active') {
      throw new AppError(
        'UNAUTHENTICATED',
        'This account has been deactivated. Ask the owner to reactivate it.',
      );
    }
    return ctx.write((tx) => {
      clearFailures(tx, email);
      const nowIso = ctx.nowIso();
      tx.update(operators).set({ lastLoginAt: nowIso }).where(eq(operators.id, row.id)).run();
      const token = createSession(tx, row.id, nowIso);
      return { token, operator: toOperator({ ...row, lastLoginAt: nowIso }) };
    });
  },

  'auth.logout': (ctx) =>
    ctx.write((tx) => {
      endSession(tx, ctx.me().sessionId, ctx.nowIso());
      return null;
    }),

  'auth.changePassword': async (ctx, { currentPassword, newPassword }) => {
    const me = ctx.me();
    const row = getOperatorRow(ctx.db, me.operator.id);
    // Guessing the current password from an unlocked window is throttled like a sign-in, on the
    // same counter: five guesses per 15 minutes in all, whichever door they come through.
    const reservation = ctx.write((tx) => reserveAttempt(tx, row.email, ctx.now()));
    if (!reservation.ok) {
      throw new AppError('VALIDATION', lockedMessage(reservation.minutesLeft), {
        currentPassword: `Too many wrong passwords. Try again in ${reservation.minutesLeft} minutes`,
      });
    }
    if (!(await verifyPassword(currentPassword, row.passwordHash))) {
      throw new AppError(
        'VALIDATION',
        reservation.locking
          ? 'Your current password is not right. Too many wrong passwords: wait 15 minutes before trying again.'
          : 'Your current password is not right.',
        { currentPassword: 'This is not your current password' },
      );
    }
    ctx.write((tx) => clearFailures(tx, row.email));
    if (currentPassword === newPassword) {
      throw new AppError('VALIDATION', 'Choose a new password that differs from the current one.', {
        newPassword: 'Must differ from your current password',
      });
    }
    const passwordHash = await hashPassword(newPassword);
    return ctx.write((tx) => {
      const now = ctx.nowIso();
      tx.update(operators)
        .set({ passwordHash, mustChangePassword: false, updatedAt: now })
        .where(eq(operators.id, me.operator.id))
        .run();
      // Other sessions of this operator (another computer, a forgotten tab) end; this one stays.
      endSessionsOf(tx, me.operator.id, now, me.sessionId);
      recordAudit(tx, ctx, { entity: 'operator', entityId: me.operator.id, action: 'password changed' });
      return null;
    });
  },
};
