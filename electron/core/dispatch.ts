import { contract, isChannelName, type ChannelName } from '../../shared/contract';
import { AppError, type Envelope } from '../../shared/errors';
import type { CoreEvent } from '../../shared/events';
import { ROLE_LABELS, roleAllows } from '../../shared/permissions';
import { BAD_TEXT_MESSAGE, fieldErrors, findBadText } from '../../shared/validation';
import { lookupSession, SESSION_MAX_HOURS, touchSession } from './auth/sessions';
import { createCtx, type Caller } from './context';
import type { Handler, Handlers } from './handler';
import { toOperator } from './operators/repo';
import type { CorePorts } from './ports';
import { findSettingsRow } from './settings/repo';

export interface SessionRef {
  token: string | null;
}

const DEFAULT_LOCK_MINUTES = 15;

/** The channels an operator with a temporary password may use (public ones aside). */
const ALLOWED_WITH_TEMPORARY_PASSWORD: ReadonlySet<string> = new Set(['auth.changePassword', 'auth.logout']);

/**
 * The single entry point of both transports (DESIGN §3): unknown channel → NOT_FOUND, session and
 * role → UNAUTHENTICATED / FORBIDDEN (a temporary password → FORBIDDEN), input parsed → VALIDATION,
 * then the handler. Always an envelope.
 */
export function createDispatch(
  ports: CorePorts,
  handlers: Handlers,
  emit: (e: CoreEvent) => void,
  /** After a call that succeeded, with the events it committed (the scheduler's nudge, core/index.ts). */
  afterCall?: (events: readonly CoreEvent[]) => void,
) {
  const { clock, logger } = ports;

  return async function dispatch(
    session: SessionRef,
    channelName: string,
    rawInput: unknown,
  ): Promise<Envelope<unknown>> {
    try {
      if (!isChannelName(channelName) || (contract[channelName].testOnly && !ports.testClock)) {
        throw new AppError('NOT_FOUND', 'Recur does not know that action. Update the app and try again.');
      }
      const channel = contract[channelName];

      // Who is calling comes before what they sent: a caller without the right to a channel learns
      // nothing about its fields (401/403 before any per-field message).
      const caller = resolveCaller(session.token, channel.access !== 'public');
      if (channel.access !== 'public' && !caller) {
        throw new AppError('UNAUTHENTICATED', 'Please sign in first.');
      }
      if (caller && !roleAllows(caller.operator.role, channel.access)) {
        throw new AppError(
          'FORBIDDEN',
          `Your role (${ROLE_LABELS[caller.operator.role]}) cannot do this. Ask the owner or a manager.`,
        );
      }
      // A temporary password (set by the owner) opens nothing but the way to replace it.
      if (
        caller?.operator.mustChangePassword &&
        channel.access !== 'public' &&
        !ALLOWED_WITH_TEMPORARY_PASSWORD.has(channelName)
      ) {
        throw new AppError(
          'FORBIDDEN',
          'Choose your own password first: you signed in with a temporary one.',
        );
      }

      const badText = findBadText(rawInput);
      if (badText !== null) {
        throw new AppError('VALIDATION', BAD_TEXT_MESSAGE, { [badText]: BAD_TEXT_MESSAGE });
      }
      const parsed = channel.input.safeParse(rawInput ?? {});
      if (!parsed.success) {
        const fields = fieldErrors(parsed.error);
        const first = Object.values(fields)[0];
        throw new AppError(
          'VALIDATION',
          Object.keys(fields).length === 1 && first ? first : 'Some fields need attention.',
          fields,
        );
      }

      const pending: CoreEvent[] = [];
      const ctx = createCtx({ ports, channel: channelName, caller, token: session.token, pending, emit });
      const handler = handlers[channelName] as Handler<ChannelName>;
      const value = await handler(ctx, parsed.data as never);
      for (const event of pending) emit(event);
      if (pending.length) afterCall?.(pending);
      return { ok: true, value };
    } catch (e) {
      if (e instanceof AppError) return { ok: false, error: e.toBody() };
      logger.error('Unexpected failure', {
        channel: channelName,
        error: e instanceof Error ? (e.stack ?? e.message) : String(e),
      });
      return {
        ok: false,
        error: {
          code: 'INTERNAL',
          message:
            'Something went wrong inside Recur and nothing was changed. Try again; if it keeps happening, the log in the data folder has the details.',
        },
      };
    }
  };

  /**
   * The operator behind a token. An idle session is ended; for a channel that needs one this says
   * why, so the window can lock with a clear message.
   */
  function resolveCaller(token: string | null, required: boolean): Caller | null {
    if (!token) return null;
    const now = clock.now();
    // Read per call: a restore reopens the database under the core (core/backup/restore.ts).
    const db = ports.database.db;
    const idleMinutes = findSettingsRow(db)?.lockAfterMinutes ?? DEFAULT_LOCK_MINUTES;
    const found = lookupSession(db, token, now, idleMinutes);
    if (found.kind === 'expired' && required) {
      throw new AppError(
        'UNAUTHENTICATED',
        `You were signed out after ${idleMinutes} minutes without activity. Sign in again to continue.`,
      );
    }
    if (found.kind === 'tooOld' && required) {
      throw new AppError(
        'UNAUTHENTICATED',
        `Sessions last at most ${SESSION_MAX_HOURS} hours. Sign in again to continue.`,
      );
    }
    if (found.kind !== 'valid') {
      if (required) throw new AppError('UNAUTHENTICATED', 'Your session has ended. Sign in again.');
      return null;
    }
    touchSession(db, found.sessionId, found.lastSeenAt, now);
    return { operator: toOperator(found.operator), sessionId: found.sessionId };
  }
}
