import { describe, expect, it, vi } from 'vitest';
import type { Envelope } from '../../shared/errors';
import { createIpcBridge, IPC_EVENT } from '../../electron/main/ipc';
import { createOriginPolicy } from '../../electron/main/security';

vi.mock('electron', () => ({}));

const policy = createOriginPolicy({ isPackaged: true });
const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
const fromWindow = (id: number, url = 'app://recur/index.html') => ({
  sender: { id },
  senderFrame: { url, parent: null },
});
const operator = { id: 1, name: 'Ada', email: 'ada@example.com', role: 'owner' };

/** A core whose login hands out a new token each time and that records the session of every call. */
function fakeCore() {
  let n = 0;
  const calls: Array<{ token: string | null; channel: string; input: unknown }> = [];
  const dispatch = vi.fn(async (session: { token: string | null }, channel: string, input: unknown) => {
    calls.push({ token: session.token, channel, input });
    if (channel === 'auth.login' || channel === 'auth.setup') {
      n += 1;
      return { ok: true, value: { token: `secret-token-${n}`, operator } } as Envelope<unknown>;
    }
    if (channel === 'auth.logout') return { ok: true, value: null } as Envelope<unknown>;
    return { ok: true, value: { echo: session.token } } as Envelope<unknown>;
  });
  /** Every session is live unless a test says otherwise. */
  const sessionIsLive = vi.fn((_token: string) => true);
  return { dispatch, calls, sessionIsLive };
}

describe('the IPC bridge binds the session to the window', () => {
  it('keeps the token from auth.login and returns token: ""', async () => {
    const core = fakeCore();
    const bridge = createIpcBridge({ core, policy, logger });
    const result = await bridge.invoke(fromWindow(7), 'auth.login', {
      email: 'ada@example.com',
      password: 'pw',
    });
    expect(result).toEqual({ ok: true, value: { token: '', operator } });
    expect(JSON.stringify(result)).not.toContain('secret-token');

    await bridge.invoke(fromWindow(7), 'members.list', {});
    expect(core.calls.at(-1)).toEqual({ token: 'secret-token-1', channel: 'members.list', input: {} });
    expect(bridge.sessionCount()).toBe(1);
  });

  it('does the same for auth.setup', async () => {
    const core = fakeCore();
    const bridge = createIpcBridge({ core, policy, logger });
    const result = await bridge.invoke(fromWindow(1), 'auth.setup', {});
    expect(result).toMatchObject({ ok: true, value: { token: '' } });
    await bridge.invoke(fromWindow(1), 'settings.get', {});
    expect(core.calls.at(-1)?.token).toBe('secret-token-1');
  });

  it('dispatches with no token before signing in', async () => {
    const core = fakeCore();
    const bridge = createIpcBridge({ core, policy, logger });
    await bridge.invoke(fromWindow(1), 'auth.status', {});
    expect(core.calls[0]).toEqual({ token: null, channel: 'auth.status', input: {} });
  });

  it('treats a missing input as {} (as the HTTP transport does with an empty body)', async () => {
    const core = fakeCore();
    const bridge = createIpcBridge({ core, policy, logger });
    await bridge.invoke(fromWindow(1), 'auth.status', undefined);
    expect(core.calls[0]?.input).toEqual({});
    await bridge.invoke(fromWindow(1), 'members.get', { id: 0 });
    expect(core.calls[1]?.input).toEqual({ id: 0 });
  });

  it('forgets the token on auth.logout (after logging out with it)', async () => {
    const core = fakeCore();
    const bridge = createIpcBridge({ core, policy, logger });
    await bridge.invoke(fromWindow(3), 'auth.login', {});
    await bridge.invoke(fromWindow(3), 'auth.logout', {});
    expect(core.calls.at(-1)).toMatchObject({ token: 'secret-token-1', channel: 'auth.logout' });
    await bridge.invoke(fromWindow(3), 'members.list', {});
    expect(core.calls.at(-1)?.token).toBeNull();
    expect(bridge.sessionCount()).toBe(0);
  });

  it('forgets the token even when logout fails (expired session)', async () => {
    const core = fakeCore();
    const bridge = createIpcBridge({ core, policy, logger });
    await bridge.invoke(fromWindow(3), 'auth.login', {});
    core.dispatch.mockResolvedValueOnce({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: 'Signed out' },
    });
    await bridge.invoke(fromWindow(3), 'auth.logout', {});
    expect(bridge.sessionCount()).toBe(0);
  });

  it('keeps two windows isolated', async () => {
    const core = fakeCore();
    const bridge = createIpcBridge({ core, policy, logger });
    await bridge.invoke(fromWindow(1), 'auth.login', {});
    await bridge.invoke(fromWindow(2), 'auth.login', {});
    await bridge.invoke(fromWindow(1), 'members.list', {});
    expect(core.calls.at(-1)?.token).toBe('secret-token-1');
    await bridge.invoke(fromWindow(2), 'members.list', {});
    expect(core.calls.at(-1)?.token).toBe('secret-token-2');

    await bridge.invoke(fromWindow(2), 'auth.logout', {});
    await bridge.invoke(fromWindow(1), 'members.list', {});
    expect(core.calls.at(-1)?.token).toBe('secret-token-1');
    await bridge.invoke(fromWindow(3), 'members.list', {});
    expect(core.calls.at(-1)?.token).toBeNull();
  });

  it('ends the old session when the window signs in again', async () => {
    const core = fakeCore();
    const bridge = createIpcBridge({ core, policy, logger });
    await bridge.invoke(fromWindow(1), 'auth.login', {});
    await bridge.invoke(fromWindow(1), 'auth.login', {});
    await vi.waitFor(() =>
      expect(core.calls).toContainEqual({ token: 'secret-token-1', channel: 'auth.logout', input: {} }),
    );
    await bridge.invoke(fromWindow(1), 'members.list', {});
    expect(core.calls.at(-1)?.token).toBe('secret-token-2');
  });

  it('forgets and ends the session when the window closes', async () => {
    const core = fakeCore();
    const bridge = createIpcBridge({ core, policy, logger });
    await bridge.invoke(fromWindow(4), 'auth.login', {});
    await bridge.endSession(4);
    expect(core.calls.at(-1)).toEqual({ token: 'secret-token-1', channel: 'auth.logout', input: {} });
    expect(bridge.sessionCount()).toBe(0);
    const before = core.calls.length;
    await bridge.endSession(4);
    expect(core.calls.length).toBe(before);
  });

  it('does not keep a session whose window closed while signing in', async () => {
    const core = fakeCore();
    const bridge = createIpcBridge({ core, policy, logger, isOurWebContents: () => false });
    // An unknown web contents is refused outright …
    expect(await bridge.invoke(fromWindow(5), 'auth.login', {})).toMatchObject({ ok: false });
    // … and one that disappears between the check and the answer does not keep the token.
    let alive = true;
    const racy = createIpcBridge({ core, policy, logger, isOurWebContents: () => alive });
    core.dispatch.mockImplementationOnce(async () => {
      alive = false;
      return { ok: true, value: { token: 'late-token', operator } };
    });
    expect(await racy.invoke(fromWindow(5), 'auth.login', {})).toEqual({
      ok: true,
      value: { token: '', operator },
    });
    expect(racy.sessionCount()).toBe(0);
    await vi.waitFor(() =>
      expect(core.calls).toContainEqual({ token: 'late-token', channel: 'auth.logout', input: {} }),
    );
  });

  it('passes failed logins through unchanged and stores nothing', async () => {
    const core = fakeCore();
    const failure = {
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: 'Wrong email or password' },
    } as const;
    core.dispatch.mockResolvedValueOnce(failure);
    const bridge = createIpcBridge({ core, policy, logger });
    expect(await bridge.invoke(fromWindow(1), 'auth.login', {})).toEqual(failure);
    expect(bridge.sessionCount()).toBe(0);
  });
});

describe('the IPC bridge checks the sender', () => {
  it.each(['file:///index.html', 'https://evil.example/', 'http://localhost:5173/'])(
    'refuses %s with FORBIDDEN and never dispatches',
    async (url) => {
      const core = fakeCore();
      const bridge = createIpcBridge({ core, policy, logger });
      const result = await bridge.invoke(fromWindow(1, url), 'auth.login', {});
      expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(core.dispatch).not.toHaveBeenCalled();
    },
  );

  it('refuses a non-string channel', async () => {
    const core = fakeCore();
    const bridge = createIpcBridge({ core, policy, logger });
    expect(await bridge.invoke(fromWindow(1), { toString: () => 'auth.login' }, {})).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(core.dispatch).not.toHaveBeenCalled();
  });

  it('turns a throwing dispatch into an INTERNAL envelope without details', async () => {
    const core = fakeCore();
    core.dispatch.mockRejectedValueOnce(new Error('SQLITE_CORRUPT at /home/owner/secret/path'));
    const bridge = createIpcBridge({ core, policy, logger });
    const result = await bridge.invoke(fromWindow(1), 'members.list', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain('SQLITE');
  });
});

it('broadcasts core events only to open windows signed in to a live session', async () => {
  const core = fakeCore();
  const bridge = createIpcBridge({ core, policy, logger });
  const target = (id: number, destroyed = false) => ({ id, isDestroyed: () => destroyed, send: vi.fn() });
  const [signedIn, ended, signedOut, gone] = [target(1), target(2), target(3), target(4, true)];
  for (const id of [1, 2, 4]) await bridge.invoke(fromWindow(id), 'auth.login', {});
  // Window 2's session ended in the core (idle, 12 hours, deactivated); window 3 never signed in.
  core.sessionIsLive.mockImplementation((token) => token !== 'secret-token-2');
  const event = { type: 'changed' as const, domain: 'members', ids: [1] };
  bridge.broadcast([signedIn, ended, signedOut, gone], event);
  expect(signedIn.send).toHaveBeenCalledWith(IPC_EVENT, event);
  for (const t of [ended, signedOut, gone]) expect(t.send).not.toHaveBeenCalled();
  // The ended session is forgotten: window 2's next call goes out signed out.
  expect(bridge.sessionCount()).toBe(2);
  await bridge.invoke(fromWindow(2), 'members.list', {});
  expect(core.calls.at(-1)?.token).toBeNull();
});

it('forgets a session the core answers as ended, so the window is signed out', async () => {
  const core = fakeCore();
  const bridge = createIpcBridge({ core, policy, logger });
  await bridge.invoke(fromWindow(1), 'auth.login', {});
  core.dispatch.mockResolvedValueOnce({
    ok: false,
    error: { code: 'UNAUTHENTICATED', message: 'Your session has ended. Sign in again.' },
  });
  await bridge.invoke(fromWindow(1), 'members.list', {});
  expect(bridge.sessionCount()).toBe(0);
  await bridge.invoke(fromWindow(1), 'members.list', {});
  expect(core.calls.at(-1)?.token).toBeNull();
});
