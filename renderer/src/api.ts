import { createClient, type RecurClient, type Transport } from '../../shared/client';
import { AppError, type Envelope } from '../../shared/errors';
import type { CoreEvent } from '../../shared/events';
import type { ChannelName, InputOf, OutputOf } from '../../shared/contract';

/**
 * The one way the renderer reaches the core (DESIGN §1). The transport is chosen once, at start-up:
 * Electron's preload exposes `window.recur`; without it we are the headless UI served over HTTP.
 */
declare global {
  interface Window {
    recur?: Transport;
  }
}

const TOKEN_KEY = 'recur.session';
const UNREACHABLE = 'Recur is not reachable. Is it still running?';

/** Session storage keeps a reload signed in, but a closed tab forgets the token. */
function readToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function writeToken(token: string | null): void {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage can be disabled; the session then simply lasts as long as the page.
  }
}

function unreachable(): Envelope<never> {
  return { ok: false, error: { code: 'INTERNAL', message: UNREACHABLE } };
}

/** Headless mode: `POST /api/<channel>` with a bearer token, events over Server-Sent Events. */
export function createHttpTransport(base = ''): Transport {
  let token = readToken();
  const listeners = new Set<(event: CoreEvent) => void>();
  let source: EventSource | null = null;

  function setToken(next: string | null) {
    if (next === token) return;
    token = next;
    writeToken(next);
    reconnectEvents();
  }

  // The event stream is bound to a session, so it is reopened whenever the token changes.
  function reconnectEvents() {
    source?.close();
    source = null;
    if (!token || listeners.size === 0 || typeof EventSource === 'undefined') return;
    source = new EventSource(`${base}/api/events?token=${encodeURIComponent(token)}`);
    source.onmessage = (message: MessageEvent<string>) => {
      let event: CoreEvent;
      try {
        event = JSON.parse(message.data) as CoreEvent;
      } catch {
        return;
      }
      for (const listener of listeners) listener(event);
    };
  }

  return {
    async invoke(channel, input) {
      let response: Response;
      try {
        response = await fetch(`${base}/api/${channel}`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        return unreachable();
      }
      let envelope: Envelope<unknown>;
      try {
        // The server always answers with an envelope, also on 4xx/5xx.
        envelope = (await response.json()) as Envelope<unknown>;
      } catch {
        return unreachable();
      }
      if (envelope.ok) {
        if (channel === 'auth.login' || channel === 'auth.setup') {
          const value = envelope.value as { token?: string };
          if (value.token) setToken(value.token);
        } else if (channel === 'auth.logout') {
          setToken(null);
        }
      } else if (envelope.error.code === 'UNAUTHENTICATED' && !channel.startsWith('auth.')) {
        setToken(null);
      }
      return envelope;
    },
    on(listener) {
      listeners.add(listener);
      if (listeners.size === 1) reconnectEvents();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          source?.close();
          source = null;
        }
      };
    },
  };
}

type UnauthenticatedHandler = (error: AppError) => void;
let onUnauthenticated: UnauthenticatedHandler | null = null;

/**
 * Lets the auth state hear about a session that ended under us (idle expiry on the core, a restart)
 * so it can show the lock screen instead of a broken page.
 */
export function setUnauthenticatedHandler(handler: UnauthenticatedHandler | null): void {
  onUnauthenticated = handler;
}

function createApi(): RecurClient {
  const transport = window.recur ?? createHttpTransport();
  const client = createClient(transport);
  return {
    async call<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
      try {
        return await client.call(channel, input);
      } catch (error) {
        // auth.* failures (a wrong password) are the caller's business, not an expired session.
        if (
          error instanceof AppError &&
          error.code === 'UNAUTHENTICATED' &&
          !channel.startsWith('auth.') &&
          channel !== 'preferences.get'
        ) {
          onUnauthenticated?.(error);
        }
        throw error;
      }
    },
    on: (listener) => client.on(listener),
  };
}

export const api: RecurClient = createApi();
