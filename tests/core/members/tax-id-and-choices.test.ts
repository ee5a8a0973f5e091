import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCore, setupOwner, signInAs, type TestCore } from '../../support/core';

let t: TestCore;
let owner: string;
beforeEach(async () => {
  t = buildCore();
  owner = await setupOwner(t);
});
afterEach(() => t.close());

describe('member tax id', () => {
  it('is optional, trimmed, changed and cleared by an update, and kept when not sent', async () => {
    const plain = await t.call(owner, 'members.create', { firstName: 'Al', lastName: 'Bo' });
    expect(plain.taxId).toBeNull();
    const m = await t.call(owner, 'members.create', {
      firstName: 'Jane',
      lastName: 'Doe',
      taxId: '  DE 123 456 789 ',
    });
    expect(m.taxId).toBe('DE 123 456 789');
    expect((await t.call(owner, 'members.get', { id: m.id })).taxId).toBe('DE 123 456 789');

    const renamed = await t.call(owner, 'members.update', { id: m.id, lastName: 'Smith' });
    expect(renamed.taxId).toBe('DE 123 456 789');
    const changed = await t.call(owner, 'members.update', { id: m.id, taxId: 'GB123456789' });
    expect(changed.taxId).toBe('GB123456789');
    const activity = await t.call(owner, 'audit.forEntity', { entity: 'member', entityId: m.id });
    expect(activity.items[0]!.summary).toBe('tax ID: DE 123 456 789 → GB123456789');

    const cleared = await t.call(owner, 'members.update', { id: m.id, taxId: '   ' });
    expect(cleared.taxId).toBeNull();
  });

  it('refuses a tax id that is too long or holds a NUL or a lone surrogate, and changes nothing', async () => {
    const long = await t.fail(owner, 'members.create', {
      firstName: 'Jane',
      lastName: 'Doe',
      taxId: 'X'.repeat(41),
    });
    expect(long).toMatchObject({
      code: 'VALIDATION',
      fields: { taxId: 'Tax ID is too long (at most 40 characters)' },
    });
    const m = await t.call(owner, 'members.create', { firstName: 'Jane', lastName: 'Doe', taxId: 'FR12' });
    for (const bad of ['FR\u000012', 'FR\ud80012']) {
      const e = await t.fail(owner, 'members.update', { id: m.id, taxId: bad });
      expect(e.code).toBe('VALIDATION');
    }
    expect((await t.call(owner, 'members.get', { id: m.id })).taxId).toBe('FR12');
    expect((await t.call(owner, 'members.list', { status: 'all' })).total).toBe(1);
  });
});

describe('message choices in the member form', () => {
  it('saves the choices with a new member, in the same write', async () => {
    const m = await t.call(owner, 'members.create', {
      firstName: 'Sam',
      lastName: 'Text',
      email: 'sam@example.com',
      phone: '+44 7700 900123',
      messages: { email: false, sms: true, refuseReminders: true },
    });
    expect(await t.call(owner, 'messages.memberChoices', { memberId: m.id })).toMatchObject({
      email: false,
      sms: true,
      refuseReminders: true,
    });
    const activity = await t.call(owner, 'audit.forEntity', { entity: 'member', entityId: m.id });
    expect(activity.items.map((i) => i.action)).toEqual(['message choices saved', 'created']);
  });

  it('keeps the defaults when no choices are sent', async () => {
    const m = await t.call(owner, 'members.create', {
      firstName: 'Dee',
      lastName: 'Fault',
      email: 'dee@example.com',
      phone: '+44 7700 900124',
    });
    expect(await t.call(owner, 'messages.memberChoices', { memberId: m.id })).toMatchObject({
      email: true,
      sms: false,
      refuseReminders: false,
    });
  });

  it('refuses SMS without a phone, on the form field, and adds no member', async () => {
    const e = await t.fail(owner, 'members.create', {
      firstName: 'No',
      lastName: 'Phone',
      email: 'no.phone@example.com',
      messages: { email: true, sms: true, refuseReminders: false },
    });
    expect(e).toMatchObject({ code: 'VALIDATION', fields: { 'messages.sms': 'No phone number' } });
    expect((await t.call(owner, 'members.list', { status: 'all' })).total).toBe(0);

    const none = await t.fail(owner, 'members.create', {
      firstName: 'No',
      lastName: 'Channel',
      email: 'x@example.com',
      messages: { email: false, sms: false, refuseReminders: false },
    });
    expect(none).toMatchObject({
      code: 'VALIDATION',
      fields: { 'messages.email': 'Choose email, SMS or both' },
    });
  });

  it('checks an update against the member as edited: a phone added in the same form allows SMS', async () => {
    const m = await t.call(owner, 'members.create', {
      firstName: 'Ed',
      lastName: 'It',
      email: 'ed@example.com',
    });
    const refused = await t.fail(owner, 'members.update', {
      id: m.id,
      messages: { email: true, sms: true, refuseReminders: false },
    });
    expect(refused.fields).toEqual({ 'messages.sms': 'No phone number' });
    await t.call(owner, 'members.update', {
      id: m.id,
      phone: '+44 7700 900125',
      messages: { email: true, sms: true, refuseReminders: true },
    });
    expect(await t.call(owner, 'messages.memberChoices', { memberId: m.id })).toMatchObject({
      email: true,
      sms: true,
      refuseReminders: true,
    });
    // A refused update changed nothing: the phone came only with the second one.
    const activity = await t.call(owner, 'audit.forEntity', { entity: 'member', entityId: m.id });
    expect(activity.items.map((i) => i.action)).toEqual(['message choices saved', 'updated', 'created']);
  });

  it('lets the front desk save them like the member', async () => {
    const staff = await signInAs(t, owner, 'staff');
    const m = await t.call(staff, 'members.create', {
      firstName: 'Fay',
      lastName: 'Desk',
      email: 'fay@example.com',
      messages: { email: true, sms: false, refuseReminders: true },
    });
    expect((await t.call(staff, 'messages.memberChoices', { memberId: m.id })).refuseReminders).toBe(true);
  });
});
