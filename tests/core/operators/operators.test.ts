import { afterEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../../db/schema';
import { buildCore, OWNER, setupOwner, type TestCore } from '../../support/core';

let t: TestCore;
afterEach(() => t?.close());

const newOperator = {
  name: 'Mia Manager',
  email: 'mia@ironoak.test',
  role: 'manager' as const,
  temporaryPassword: 'temporary pass 1',
};

describe('operators', () => {
  it('lets the owner add, rename and re-role operators, with an audit trail', async () => {
    t = buildCore();
    const owner = await setupOwner(t);
    const mia = await t.call(owner, 'operators.create', newOperator);
    expect(mia).toMatchObject({ role: 'manager', status: 'active', mustChangePassword: true });
    const updated = await t.call(owner, 'operators.update', { id: mia.id, role: 'staff', name: 'Mia M.' });
    expect(updated).toMatchObject({ role: 'staff', name: 'Mia M.' });
    const list = await t.call(owner, 'operators.list', {});
    expect(list.map((o) => o.email).sort()).toEqual(['mia@ironoak.test', OWNER.email]);
    const audit = await t.call(owner, 'audit.forEntity', { entity: 'operator', entityId: mia.id });
    expect(audit.items.map((e) => e.action)).toEqual(['updated', 'created']);
    expect(audit.items[0]!.summary).toContain('role: manager → staff');
  });

  it('refuses a second operator with the same email', async () => {
    t = buildCore();
    const owner = await setupOwner(t);
    await t.call(owner, 'operators.create', newOperator);
    const e = await t.fail(owner, 'operators.create', { ...newOperator, email: 'MIA@ironoak.test' });
    expect(e).toMatchObject({ code: 'CONFLICT', fields: { email: expect.any(String) } });
  });

  it('never leaves the business without an active owner', async () => {
    t = buildCore();
    const owner = await setupOwner(t);
    const me = (await t.call(owner, 'auth.status', {})).operator!;
    const demote = await t.fail(owner, 'operators.update', { id: me.id, role: 'manager' });
    expect(demote).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('only owner') });
    const self = await t.fail(owner, 'operators.deactivate', { id: me.id });
    expect(self.code).toBe('CONFLICT');
    const second = await t.call(owner, 'operators.create', { ...newOperator, role: 'owner' });
    await t.call(owner, 'operators.update', { id: me.id, role: 'manager' });
    expect((await t.fail(owner, 'operators.list', {})).code).toBe('FORBIDDEN');
    expect(second.role).toBe('owner');
  });

  it('resets a password: the operator is signed out and must choose a new one', async () => {
    t = buildCore();
    const owner = await setupOwner(t);
    const mia = await t.call(owner, 'operators.create', newOperator);
    const { token } = await t.call(null, 'auth.login', { email: mia.email, password: 'temporary pass 1' });
    await t.call(owner, 'operators.resetPassword', { id: mia.id, temporaryPassword: 'second temp pass' });
    expect((await t.fail(token, 'members.list', {})).code).toBe('UNAUTHENTICATED');
    const again = await t.call(null, 'auth.login', { email: mia.email, password: 'second temp pass' });
    expect(again.operator.mustChangePassword).toBe(true);
    const rows = t.database.db.select().from(auditLog).all();
    expect(rows.some((r) => r.action === 'password reset' && r.entityId === mia.id)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain('second temp pass');
  });

  it('reactivates a deactivated operator', async () => {
    t = buildCore();
    const owner = await setupOwner(t);
    const mia = await t.call(owner, 'operators.create', newOperator);
    expect((await t.call(owner, 'operators.deactivate', { id: mia.id })).status).toBe('deactivated');
    expect((await t.call(owner, 'operators.reactivate', { id: mia.id })).status).toBe('active');
    await expect(
      t.call(null, 'auth.login', { email: mia.email, password: 'temporary pass 1' }),
    ).resolves.toBeTruthy();
  });
});
