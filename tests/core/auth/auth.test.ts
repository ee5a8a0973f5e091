import { afterEach, describe, expect, it } from 'vitest';
import { operators, sessions } from '../../../db/schema';
import { buildCore, OWNER, setupOwner, signInAs, type TestCore } from '../../support/core';

let t: TestCore;
afterEach(() => t?.close());

const login = (t: TestCore, password = OWNER.password, email = OWNER.email) =>
  t.send(null, 'auth.login', { email, password });

describe('first-run setup', () => {
  it('creates the business and its owner once, then refuses', async () => {
    t = buildCore();
    expect(await t.call(null, 'auth.status', {})).toMatchObject({
      setupNeeded: true,
      operator: null,
      business: null,
    });
    const { token, operator } = await t.call(null, 'auth.setup', { ...OWNER, email: ' Olga@IronOak.TEST ' });
    expect(operator).toMatchObject({ role: 'owner', email: 'olga@ironoak.test', mustChangePassword: false });
    const status = await t.call(token, 'auth.status', {});
    expect(status).toMatchObject({
      setupNeeded: false,
      operator: { id: operator.id },
      business: { name: OWNER.businessName, currency: 'USD', timeZone: 'America/New_York', locale: 'en-US' },
    });
    const again = await t.fail(null, 'auth.setup', { ...OWNER, email: 'other@ironoak.test' });
    expect(again.code).toBe('CONFLICT');
    expect(t.database.db.select().from(operators).all()).toHaveLength(1);
  });

  it('stores a scrypt hash and a hashed session token, never the secrets themselves', async () => {
    t = buildCore();
    const token = await setupOwner(t);
    const [row] = t.database.db.select().from(operators).all();
    expect(row!.passwordHash).toMatch(/^scrypt\$\d+\$8\$1\$/);
    expect(row!.passwordHash).not.toContain(OWNER.password);
    const [session] = t.database.db.select().from(sessions).all();
    expect(session!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(session!.tokenHash).not.toBe(token);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });
});

describe('sign-in', () => {
  it('signs in with the right password and refuses a wrong one with a field message', async () => {
    t = buildCore();
    await setupOwner(t);
    const good = await login(t);
    expect(good.ok).toBe(true);
    const bad = await login(t, 'not the password');
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: 'Wrong email or password.' },
    });
    const unknown = await login(t, OWNER.password, 'nobody@ironoak.test');
    expect(unknown).toMatchObject({ ok: false, error: { message: 'Wrong email or password.' } });
  });

  it('locks an email for 15 minutes after 5 failures, even for the right password, then lets it in', async () => {
    t = buildCore();
    await setupOwner(t);
    for (let i = 0; i < 4; i++) expect((await login(t, 'wrong')).ok).toBe(false);
    const fifth = await login(t, 'wrong');
    expect(fifth).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('paused for 15 minutes') },
    });
    const locked = await login(t);
    expect(locked).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: expect.stringContaining('Try again in 15 minutes') },
    });
    t.clock.advance(14 * 60_000);
    expect((await login(t)).ok).toBe(false);
    t.clock.advance(61_000);
    expect((await login(t)).ok).toBe(true);
  });

  it('forgets failures after a successful sign-in', async () => {
    t = buildCore();
    await setupOwner(t);
    for (let i = 0; i < 4; i++) await login(t, 'wrong');
    expect((await login(t)).ok).toBe(true);
    for (let i = 0; i < 4; i++) await login(t, 'wrong');
    expect((await login(t)).ok).toBe(true);
  });

  it('ends a session after the idle minutes and says why', async () => {
    t = buildCore();
    const token = await setupOwner(t);
    await t.call(token, 'settings.update', { lockAfterMinutes: 10 });
    t.clock.advance(9 * 60_000);
    await t.call(token, 'members.list', {});
    t.clock.advance(9 * 60_000);
    await t.call(token, 'members.list', {}); // activity keeps it alive
    t.clock.advance(11 * 60_000);
    const e = await t.fail(token, 'members.list', {});
    expect(e).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: expect.stringContaining('10 minutes without activity'),
    });
    expect((await t.fail(token, 'members.list', {})).code).toBe('UNAUTHENTICATED');
  });

  it('logs out: the token stops working', async () => {
    t = buildCore();
    const token = await setupOwner(t);
    await t.call(token, 'auth.logout', {});
    expect((await t.fail(token, 'members.list', {})).code).toBe('UNAUTHENTICATED');
    expect((await t.call(token, 'auth.status', {})).operator).toBeNull();
  });
});

describe('passwords', () => {
  it('changes the own password, ends other sessions and keeps this one', async () => {
    t = buildCore();
    const first = await setupOwner(t);
    const second = (await t.call(null, 'auth.login', { email: OWNER.email, password: OWNER.password })).token;
    const wrong = await t.fail(first, 'auth.changePassword', {
      currentPassword: 'nope',
      newPassword: 'another good one',
    });
    expect(wrong.fields).toEqual({ currentPassword: 'This is not your current password' });
    await t.call(first, 'auth.changePassword', {
      currentPassword: OWNER.password,
      newPassword: 'another good one',
    });
    await expect(t.call(first, 'members.list', {})).resolves.toBeTruthy();
    expect((await t.fail(second, 'members.list', {})).code).toBe('UNAUTHENTICATED');
    expect((await login(t)).ok).toBe(false);
    expect((await login(t, 'another good one')).ok).toBe(true);
  });

  it('makes a new operator change the temporary password', async () => {
    t = buildCore();
    const owner = await setupOwner(t);
    await t.call(owner, 'operators.create', {
      name: 'Sam',
      email: 'sam@ironoak.test',
      role: 'staff',
      temporaryPassword: 'temporary pass 1',
    });
    const { operator, token } = await t.call(null, 'auth.login', {
      email: 'sam@ironoak.test',
      password: 'temporary pass 1',
    });
    expect(operator.mustChangePassword).toBe(true);
    await t.call(token, 'auth.changePassword', {
      currentPassword: 'temporary pass 1',
      newPassword: 'sams own password',
    });
    expect((await t.call(token, 'auth.status', {})).operator?.mustChangePassword).toBe(false);
  });

  it('refuses short passwords with a field message', async () => {
    t = buildCore();
    const e = await t.fail(null, 'auth.setup', { ...OWNER, password: 'short' });
    expect(e.fields?.password).toBe('Use at least 10 characters');
  });

  it('signs out a deactivated operator and refuses their sign-in', async () => {
    t = buildCore();
    const owner = await setupOwner(t);
    const staff = await signInAs(t, owner, 'staff', 'desk@ironoak.test');
    const list = await t.call(owner, 'operators.list', {});
    const desk = list.find((o) => o.email === 'desk@ironoak.test')!;
    await t.call(owner, 'operators.deactivate', { id: desk.id });
    expect((await t.fail(staff, 'members.list', {})).code).toBe('UNAUTHENTICATED');
    const e = await t.fail(null, 'auth.login', {
      email: 'desk@ironoak.test',
      password: 'a brand new password',
    });
    expect(e.message).toContain('deactivated');
  });
});
