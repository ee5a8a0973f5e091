import type { Envelope } from '../../shared/errors';
import type { CoreEvent } from '../../shared/events';
import type { Core } from '../core';
import type { Logger } from '../core/ports';
import { IPC_EVENT, IPC_INVOKE } from '../preload/api';
import { isTrustedSender, type OriginPolicy, type SenderLike } from './security';

/** Channels whose value carries a session token that main keeps and the renderer never sees. */
const SESSION_OPENING_CHANNELS = new Set(['auth.login', 'auth.setup']);
const SESSION_CLOSING_CHANNEL = 'auth.logout';
const MAX_CHANNEL_LENGTH = 100;

export interface IpcBridge {
  /** The `ipcMain.handle(IPC_INVOKE, …)` handler. Never throws: always an envelope. */
  invoke(event: SenderLike, channel: unknown, input: unknown): Promise<Envelope<unknown>>;
  /**
   * The window is gone (closed, crashed): forget its session and end it in the core, so the token
   * is dead even if it leaked. Safe to call twice.
   */
  endSession(webContentsId: number): Promise<void>;
  /** How many windows hold a session (for tests and diagnostics; never the tokens themselves). */
  sessionCount(): number;
  /**
   * Sends a core event to the windows signed in to a live session, as the headless event streams do:
   * a window signed out, deactivated, idle too long or past the 12-hour limit hears nothing more (and
   * its ended session is forgotten, so its next call is answered as signed out).
   */
  broadcast(targets: Iterable<EventTarget>, event: CoreEvent): void;
}

const forbidden: Envelope<never> = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'This request did not come from a Recur window.' },
};

/**
 * The Electron transport (DESIGN §1): binds the contract to IPC. It holds no business logic; its one
 * job beyond forwarding is to bind the session to the window (DESIGN §4): the token lives here, per
 * `webContents.id`, and is never trusted from — or sent to — the renderer.
 */
export function createIpcBridge(options: {
  core: Pick<Core, 'dispatch' | 'sessionIsLive'>;
  policy: OriginPolicy;
  logger: Logger;
  /** Whether a web contents id is one of Recur's windows. */
  isOurWebContents?: (id: number) => boolean;
}): IpcBridge {
  const { core, policy, logger } = options;
  const tokens = new Map<number, string>();

  const dispatchSafely = async (token: string | null, channel: string, input: unknown) => {
    try {
      return await core.dispatch({ token }, channel, input);
    } catch (e) {
      logger.error('dispatch threw instead of returning an envelope', { channel, error: e });
      return {
        ok: false,
        error: { code: 'INTERNAL', message: 'Something went wrong. Please try again.' },
      } satisfies Envelope<never>;
    }
  };

  return {
    async invoke(event, channel, input) {
      if (!isTrustedSender(policy, event, options.isOurWebContents)) {
        logger.warn('IPC refused: untrusted sender', {
          url: event.senderFrame?.url ?? null,
          webContentsId: event.sender.id,
        });
        return forbidden;
      }
      if (typeof channel !== 'string' || channel.length === 0 || channel.length > MAX_CHANNEL_LENGTH) {
        return { ok: false, error: { code: 'NOT_FOUND', message: 'Unknown request.' } };
      }
      const id = event.sender.id;
      const token = tokens.get(id) ?? null;
      // As over HTTP, where an empty body is `{}`: a missing input is an empty one.
      const result = await dispatchSafely(token, channel, input === undefined ? {} : input);

      if (channel === SESSION_CLOSING_CHANNEL) {
        // Whatever the outcome (an expired session answers UNAUTHENTICATED), this window is signed out.
        if (tokens.get(id) === token) tokens.delete(id);
        return result;
      }
      if (!result.ok && result.error.code === 'UNAUTHENTICATED' && token && !channel.startsWith('auth.')) {
        // The core ended this session (idle, the 12-hour limit, deactivated): the window is signed out.
        if (tokens.get(id) === token) tokens.delete(id);
        return result;
      }
      if (SESSION_OPENING_CHANNELS.has(channel) && result.ok) {
        const value = result.value as { token?: unknown } | null;
        if (value && typeof value === 'object' && typeof value.token === 'string' && value.token) {
          const stripped = { ok: true as const, value: { ...value, token: '' } };
          if (options.isOurWebContents && !options.isOurWebContents(id)) {
            // The window closed while signing in: nobody may hold this session.
            void dispatchSafely(value.token, SESSION_CLOSING_CHANNEL, {});
            return stripped;
          }
          const previous = tokens.get(id);
          tokens.set(id, value.token);
          // Signing in again while signed in: the old session must not linger.
          if (previous && previous !== value.token)
            void dispatchSafely(previous, SESSION_CLOSING_CHANNEL, {});
          return stripped;
        }
      }
      return result;
    },

    async endSession(webContentsId) {
      const token = tokens.get(webContentsId);
      if (token === undefined) return;
      tokens.delete(webContentsId);
      const result = await dispatchSafely(token, SESSION_CLOSING_CHANNEL, {});
      if (!result.ok && result.error.code !== 'UNAUTHENTICATED') {
        logger.warn('could not end the session of a closed window', { code: result.error.code });
      }
    },

    sessionCount: () => tokens.size,

    broadcast(targets, event) {
      for (const target of targets) {
        if (target.isDestroyed()) continue;
        const token = tokens.get(target.id);
        if (token === undefined) continue;
        if (!core.sessionIsLive(token)) {
          tokens.delete(target.id);
          continue;
        }
        target.send(IPC_EVENT, event);
      }
    },
  };
}

/** A window's web contents, as core events reach it. */
export interface EventTarget {
  /** `webContents.id`: the key of the window's session. */
  readonly id: number;
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

export { IPC_EVENT, IPC_INVOKE };
