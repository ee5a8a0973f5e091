import { afterEach, describe, expect, it } from 'vitest';
import { auditLog, members } from '../../db/schema';
import type { CoreEvent } from '../../shared/events';
import { buildCore, setupOwner, signInAs, type TestCore } from '../support/core';

let t: TestCore;
afterEach(() => t?.close());

describe('dispatch', () => {
  it('answers an unknown channel with NOT_FOUND', async () => {
    t = buildCore();
    const r = await t.send(null, 'members.teleport', {});
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND' }) });
  });

  it('validates input with per-field messages before checking the session', async () => {
    t = buildCore();
    const r = await t.send(null, 'auth.setup', { businessName: '', currency: 'XYZ', email: 'nope' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION');
    expect(r.error.fields).toMatchObject({
      businessName: 'Enter business name',
      currency: expect.stringContaining('ISO code'),
      email: 'That is not a valid email address',
      password: expect.any(String),
    });
  });

  it('refuses a signed-in channel without a session and with an unknown token', async () => {
    t = buildCore();
    await setupOwner(t);
    expect((await t.fail(null, 'members.list', {})).code).toBe('UNAUTHENTICATED');
    expect((await t.fail('made-up-token', 'members.list', {})).code).toBe('UNAUTHENTICATED');
  });

  it('enforces roles: staff cannot list operators, manager cannot change settings', async () => {
    t = buildCore();
    const owner = await setupOwner(t);
    const staff = await signInAs(t, owner, 'staff');
    const manager = await signInAs(t, owner, 'manager');
    const e1 = await t.fail(staff, 'operators.list', {});
    expect(e1.code).toBe('FORBIDDEN');
    expect(e1.message).toContain('Front desk');
    expect((await t.fail(manager, 'settings.update', { name: 'X' })).code).toBe('FORBIDDEN');
    expect((await t.fail(staff, 'members.importPreview', { csv: 'a,b\n1,2' })).code).toBe('FORBIDDEN');
    await expect(t.call(manager, 'members.importPreview', { csv: 'a,b\n1,2' })).resolves.toBeTruthy();
  });

  it('hides the stack of an unexpected failure, logs it, and changes nothing', async () => {
    t = buildCore();
    const owner = await setupOwner(t);
    const before = t.database.db.select().from(members).all().length;
    // Break the storage under the core: the write fails in a way no handler anticipates.
    t.database.sqlite.exec(
      "DROP TRIGGER members_fts_ai; CREATE TRIGGER boom BEFORE INSERT ON members BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;",
    );
    const r = await t.send(owner, 'members.create', { firstName: 'A', lastName: 'B' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INTERNAL');
    expect(r.error.message).not.toContain('disk on fire');
    expect(JSON.stringify(r.error)).not.toMatch(/at .*\.ts/);
    expect(
      t.logger.entries.some((e) => e.level === 'error' && JSON.stringify(e.data).includes('disk on fire')),
    ).toBe(true);
    expect(t.database.db.select().from(members).all().length).toBe(before);
  });

  it('emits changed events only after a commit', async () => {
    t = buildCore();
    const owner = await setupOwner(t);
    const events: CoreEvent[] = [];
    t.core.events.on((e) => events.push(e));
    const m = await t.call(owner, 'members.create', { firstName: 'Ann', lastName: 'Lee' });
    expect(events).toEqual([{ type: 'changed', domain: 'members', ids: [m.id] }]);
    events.length = 0;
    await t.fail(owner, 'members.update', { id: 9999, firstName: 'Nobody' });
    expect(events).toEqual([]);
  });

  it('writes the audit entry in the same transaction as the change', async () => {
    t = buildCore();
    const owner = await setupOwner(t);
    const auditBefore = t.database.db.select().from(auditLog).all().length;
    await t.fail(owner, 'members.archive', { id: 424242 });
    expect(t.database.db.select().from(auditLog).all().length).toBe(auditBefore);
  });

  it('keeps the test-clock channels hidden unless the core runs on the test clock', async () => {
    t = buildCore();
    const owner = await setupOwner(t);
    expect((await t.fail(owner, 'clock.get', {})).code).toBe('NOT_FOUND');
    t.close();
    t = buildCore({ testClockChannels: true, start: new Date('2026-01-31T12:00:00Z') });
    const owner2 = await setupOwner(t);
    expect(await t.call(owner2, 'clock.get', {})).toEqual({
      now: '2026-01-31T12:00:00.000Z',
      today: '2026-01-31',
    });
    const moved = await t.call(owner2, 'clock.advance', { days: 30 });
    expect(moved.today).toBe('2026-03-02');
    // The operator who moved time stays signed in across the jump.
    await expect(t.call(owner2, 'members.list', {})).resolves.toMatchObject({ total: 0 });
    expect((await t.fail(owner2, 'clock.advance', { to: '2026-01-01' })).code).toBe('VALIDATION');
    expect((await t.fail(owner2, 'clock.advance', {})).code).toBe('VALIDATION');
  });
});

describe('the scheduler before first-run setup', () => {
  it('runs without errors on a database with no business yet', async () => {
    const fresh = buildCore();
    await fresh.core.scheduler.runDue();
    expect(fresh.logger.entries.filter((e) => e.level === 'error')).toEqual([]);
    fresh.close();
  });
});
