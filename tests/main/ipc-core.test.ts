// The IPC bridge over the real core (in-memory database, real migrations): the session really is bound
// to the window, with the core's own auth.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIpcBridge } from '../../electron/main/ipc';
import { createOriginPolicy } from '../../electron/main/security';
import { buildCore, OWNER, type TestCore } from '../support/core';

vi.mock('electron', () => ({}));

const policy = createOriginPolicy({ isPackaged: true });
const win = (id: number) => ({
  sender: { id },
  senderFrame: { url: 'app://recur/index.html', parent: null },
});

let t: TestCore | null = null;
afterEach(() => {
  t?.close();
  t = null;
});

describe('IPC bridge with the real core', () => {
  it('signs a window in without the renderer ever holding the token', async () => {
    t = buildCore();
    const bridge = createIpcBridge({ core: t.core, policy, logger: t.logger });

    const setup = await bridge.invoke(win(1), 'auth.setup', OWNER);
    expect(setup).toMatchObject({ ok: true, value: { token: '', operator: { email: OWNER.email } } });

    // Window 1 is signed in; window 2 is not.
    expect(await bridge.invoke(win(1), 'settings.get', {})).toMatchObject({
      ok: true,
      value: { name: OWNER.businessName },
    });
    expect(await bridge.invoke(win(2), 'settings.get', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });

    // A token sent by the renderer means nothing: the session comes from main only.
    expect(await bridge.invoke(win(2), 'settings.get', { token: 'anything' })).toMatchObject({ ok: false });

    expect(await bridge.invoke(win(1), 'auth.logout', {})).toEqual({ ok: true, value: null });
    expect(await bridge.invoke(win(1), 'settings.get', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
  });

  it('ends the core session when the window closes', async () => {
    t = buildCore();
    const bridge = createIpcBridge({ core: t.core, policy, logger: t.logger });
    await bridge.invoke(win(1), 'auth.setup', OWNER);
    const spy = vi.spyOn(t.core, 'dispatch');
    await bridge.endSession(1);
    const [session, channel] = spy.mock.calls[0]!;
    expect(channel).toBe('auth.logout');
    // The token main used is now dead in the core too.
    expect(await t.core.dispatch(session, 'settings.get', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
  });
});
