import { afterEach, describe, expect, it } from 'vitest';
import { buildCore, OWNER, setupOwner, signInAs, type TestCore } from '../../support/core';

let t: TestCore;
afterEach(() => t?.close());

const login = (t: TestCore, password = OWNER.password, email = OWNER.email) =>
  t.send(null, 'auth.login', { email, password });

describe('sign-in throttle under concurrency (finding 5.1)', () => {
  it('checks at most 5 of 30 wrong passwords sent at once, and then refuses the right one', async () => {
    t = buildCore();
    await setupOwner(t);
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => login(t, `wrong guess ${i}`)));
    expect(results.every((r) => !r.ok)).toBe(true);
    const checked = results.filter(
      (r) => !r.ok && !r.error.message.startsWith('Too many failed sign-ins for'),
    );
    expect(checked).toHaveLength(5);
    const right = await login(t);
    expect(right).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: expect.stringContaining('Try again in 15 minutes') },
    });
  });

  it('hides the right password among 30 concurrent guesses: it is refused unless among the first 5', async () => {
    t = buildCore();
    await setupOwner(t);
    const guesses = Array.from({ length: 30 }, (_, i) => (i === 20 ? OWNER.password : `wrong ${i}`));
    const results = await Promise.all(guesses.map((g) => login(t, g)));
    expect(results.some((r) => r.ok)).toBe(false);
  });

  it('keeps the lock through failures during it, then lets the right password in after 15 minutes', async () => {
    t = buildCore();
    await setupOwner(t);
    for (let i = 0; i < 5; i++) await login(t, 'wrong');
    for (let i = 0; i < 10; i++) {
      t.clock.advance(60_000);
      await login(t, 'still wrong');
    }
    // 10 minutes into the lock, after 10 more failures: still locked, and not one minute longer.
    expect((await login(t)).ok).toBe(false);
    t.clock.advance(5 * 60_000 + 1000);
    expect((await login(t)).ok).toBe(true);
  });

  it('throttles guesses at the current password in auth.changePassword on the same counter', async () => {
    t = buildCore();
    const owner = await setupOwner(t);
    const change = (currentPassword: string) =>
      t.send(owner, 'auth.changePassword', { currentPassword, newPassword: 'another long password' });
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => change(`guess number ${i}`)));
    const checked = results.filter((r) => !r.ok && r.error.message.startsWith('Your current password'));
    expect(checked).toHaveLength(5);
    const right = await change(OWNER.password);
    expect(right).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!right.ok) expect(right.error.message).toContain('Try again in 15 minutes');
    // The same email's sign-in is locked too: five guesses in all, whichever door they come through.
    expect((await login(t)).ok).toBe(false);
    // Kept from idling out meanwhile; the lock ends 15 minutes after the guess that set it.
    t.clock.advance(8 * 60_000);
    await t.call(owner, 'members.list', {});
    t.clock.advance(7 * 60_000 + 1000);
    expect((await change(OWNER.password)).ok).toBe(true);
  });
});

describe('temporary passwords (finding 5.2)', () => {
  it('refuses every channel but changePassword and logout until the temporary password is changed', async () => {
    t = buildCore();
    const owner = await setupOwner(t);
    await t.call(owner, 'operators.create', {
      name: 'Mia Manager',
      email: 'mia@ironoak.test',
      role: 'manager',
      temporaryPassword: 'temporary pass 1',
    });
    const { token } = await t.call(null, 'auth.login', {
      email: 'mia@ironoak.test',
      password: 'temporary pass 1',
    });
    for (const [channel, input] of [
      ['members.list', {}],
      ['members.create', { firstName: 'A', lastName: 'B' }],
      ['settings.get', {}],
      ['plans.list', {}],
    ] as const) {
      const r = await t.send(token, channel, input);
      expect(r, channel).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      if (!r.ok) expect(r.error.message).toContain('temporary');
    }
    // The status (public) still answers, so the window can show the change-password screen.
    expect((await t.call(token, 'auth.status', {})).operator?.mustChangePassword).toBe(true);
    await t.call(token, 'auth.changePassword', {
      currentPassword: 'temporary pass 1',
      newPassword: 'my own password 1',
    });
    expect((await t.send(token, 'members.list', {})).ok).toBe(true);
  });

  it('lets a temporary-password operator sign out', async () => {
    t = buildCore();
    const owner = await setupOwner(t);
    await t.call(owner, 'operators.create', {
      name: 'Sam Staff',
      email: 'sam@ironoak.test',
      role: 'staff',
      temporaryPassword: 'temporary pass 1',
    });
    const { token } = await t.call(null, 'auth.login', {
      email: 'sam@ironoak.test',
      password: 'temporary pass 1',
    });
    expect((await t.send(token, 'auth.logout', {})).ok).toBe(true);
    expect((await t.call(token, 'auth.status', {})).operator).toBeNull();
  });
});

describe('sessions (finding 5.8)', () => {
  it('ends a session 12 hours after sign-in however busy it was', async () => {
    t = buildCore();
    const owner = await setupOwner(t);
    // Busy all day: a call every 10 minutes, never idle long enough for the idle lock.
    for (let minutes = 10; minutes < 12 * 60; minutes += 10) {
      t.clock.advance(10 * 60_000);
      expect((await t.send(owner, 'members.list', {})).ok, `${minutes} minutes in`).toBe(true);
    }
    t.clock.advance(9 * 60_000);
    expect((await t.send(owner, 'members.list', {})).ok).toBe(true);
    t.clock.advance(2 * 60_000);
    const e = await t.fail(owner, 'members.list', {});
    expect(e).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('12 hours') });
    // Ended for good: the next call does not revive it.
    expect((await t.fail(owner, 'members.list', {})).code).toBe('UNAUTHENTICATED');
  });
});

describe('authentication before validation (finding 5.9)', () => {
  it('answers 401 to a caller without a token before looking at the fields', async () => {
    t = buildCore();
    await setupOwner(t);
    const e = await t.fail(null, 'members.create', {} as never);
    expect(e.code).toBe('UNAUTHENTICATED');
    expect(e.fields).toBeUndefined();
  });

  it('answers 403 to a role without the right before looking at the fields', async () => {
    t = buildCore();
    const owner = await setupOwner(t);
    const staff = await signInAs(t, owner, 'staff');
    const e = await t.fail(staff, 'settings.update', {
      currency: 'not a currency',
      lockAfterMinutes: -4,
    } as never);
    expect(e.code).toBe('FORBIDDEN');
    expect(e.fields).toBeUndefined();
    const stillValidated = await t.fail(owner, 'settings.update', { lockAfterMinutes: -4 } as never);
    expect(stillValidated.code).toBe('VALIDATION');
  });
});
