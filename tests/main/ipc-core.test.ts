// The IPC bridge over the real core (in-memory database, real migrations): the session really is bound
// to the window, with the core's own auth.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIpcBridge } from '../../electron/main/ipc';
import { createOriginPolicy } from '../../electron/main/security';
import { buildCore, OWNER, type TestCore } from '../support/core';
import type { CoreEvent } from '../../shared/events';

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

/** A window's web contents as core events reach it; `got` is what its renderer heard. */
function contents(id: number) {
  const got: CoreEvent[] = [];
  return { id, got, isDestroyed: () => false, send: (_channel: string, event: CoreEvent) => got.push(event) };
}
const changedMembers = (events: CoreEvent[]) =>
  events.filter((e) => e.type === 'changed' && e.domain === 'members').length;

describe('IPC sessions end as headless ones do (12 hours, sign-out, deactivation)', () => {
  it('after 12 hours, however busy: no more events, and the next call is answered as signed out', async () => {
    t = buildCore();
    const bridge = createIpcBridge({ core: t.core, policy, logger: t.logger });
    const [one, two] = [contents(1), contents(2)];
    t.core.events.on((event) => bridge.broadcast([one, two], event));
    await bridge.invoke(win(1), 'auth.setup', OWNER);
    await bridge.invoke(win(1), 'members.create', { firstName: 'Ann', lastName: 'Able' });
    expect(changedMembers(one.got)).toBe(1);

    // Busy all day: a call every 5 minutes keeps it from idling out, up to just past 12 hours.
    for (let minutes = 5; minutes < 12 * 60; minutes += 5) {
      t.clock.advance(5 * 60_000);
      expect(await bridge.invoke(win(1), 'settings.get', {})).toMatchObject({ ok: true });
    }
    t.clock.advance(10 * 60_000);

    // Another window signs in and changes a member: the expired window hears nothing of it.
    await bridge.invoke(win(2), 'auth.login', { email: OWNER.email, password: OWNER.password });
    await bridge.invoke(win(2), 'members.create', { firstName: 'Ben', lastName: 'Baker' });
    expect(changedMembers(two.got)).toBe(1);
    expect(changedMembers(one.got)).toBe(1);
    expect(await bridge.invoke(win(1), 'members.list', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(bridge.sessionCount()).toBe(1);
  });

  it('after sign-out or deactivation: events stop and calls are refused', async () => {
    t = buildCore();
    const bridge = createIpcBridge({ core: t.core, policy, logger: t.logger });
    const [owner, manager, other] = [contents(1), contents(2), contents(3)];
    t.core.events.on((event) => bridge.broadcast([owner, manager, other], event));
    await bridge.invoke(win(1), 'auth.setup', OWNER);
    const made = await bridge.invoke(win(1), 'operators.create', {
      name: 'Mia Manager',
      email: 'mia@ironoak.test',
      role: 'manager',
      temporaryPassword: 'temporary password 1',
    });
    const managerId = (made as { ok: true; value: { id: number } }).value.id;
    await bridge.invoke(win(2), 'auth.login', {
      email: 'mia@ironoak.test',
      password: 'temporary password 1',
    });
    await bridge.invoke(win(2), 'auth.changePassword', {
      currentPassword: 'temporary password 1',
      newPassword: 'a brand new password',
    });
    await bridge.invoke(win(3), 'auth.login', { email: OWNER.email, password: OWNER.password });
    await bridge.invoke(win(1), 'members.create', { firstName: 'Ann', lastName: 'Able' });
    expect([owner, manager, other].map((w) => changedMembers(w.got))).toEqual([1, 1, 1]);

    await bridge.invoke(win(3), 'auth.logout', {});
    await bridge.invoke(win(1), 'operators.deactivate', { id: managerId });
    await bridge.invoke(win(1), 'members.create', { firstName: 'Ben', lastName: 'Baker' });
    expect([owner, manager, other].map((w) => changedMembers(w.got))).toEqual([2, 1, 1]);
    for (const id of [2, 3]) {
      expect(await bridge.invoke(win(id), 'members.list', {})).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHENTICATED' },
      });
    }
  });
});
