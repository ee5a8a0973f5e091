import { afterEach, describe, expect, it } from 'vitest';
import { buildCore, setupOwner, signInAs, type TestCore } from '../../support/core';

let t: TestCore;
afterEach(() => t?.close());

describe('business settings', () => {
  it('starts from the setup answers and updates what is sent', async () => {
    t = buildCore();
    const owner = await setupOwner(t);
    const initial = await t.call(owner, 'settings.get', {});
    expect(initial).toMatchObject({
      name: 'Iron & Oak Fitness',
      currency: 'USD',
      timeZone: 'America/New_York',
      locale: 'en-US',
      lockAfterMinutes: 15,
      memberNumberPrefix: 'M',
      taxId: null,
    });
    const updated = await t.call(owner, 'settings.update', {
      address: { line1: '1 Main St', city: 'Springfield', postalCode: '01101', country: 'US' },
      taxId: 'US-123',
      locale: 'en-GB',
      memberNumberPrefix: 'IO',
    });
    expect(updated).toMatchObject({ name: 'Iron & Oak Fitness', taxId: 'US-123', locale: 'en-GB' });
    expect(updated.address).toMatchObject({ line1: '1 Main St', city: 'Springfield' });
    const m = await t.call(owner, 'members.create', { firstName: 'A', lastName: 'B' });
    expect(m.number).toBe('IO-00001');
  });

  it('refuses unknown time zones, currencies and oversized logos with field messages', async () => {
    t = buildCore();
    const owner = await setupOwner(t);
    const e = await t.fail(owner, 'settings.update', {
      timeZone: 'Mars/Olympus',
      currency: 'ABC',
      logoDataUrl: 'data:text/html;base64,AAAA',
    });
    expect(e.code).toBe('VALIDATION');
    expect(Object.keys(e.fields ?? {}).sort()).toEqual(['currency', 'logoDataUrl', 'timeZone']);
    expect((await t.call(owner, 'settings.get', {})).timeZone).toBe('America/New_York');
  });

  it('lets everyone read settings but only the owner change them', async () => {
    t = buildCore();
    const owner = await setupOwner(t);
    const staff = await signInAs(t, owner, 'staff');
    expect((await t.call(staff, 'settings.get', {})).name).toBe('Iron & Oak Fitness');
    expect((await t.fail(staff, 'settings.update', { name: 'Mine now' })).code).toBe('FORBIDDEN');
  });

  it('records settings changes in the audit log without the logo bytes', async () => {
    t = buildCore();
    const owner = await setupOwner(t);
    const logo = `data:image/png;base64,${'A'.repeat(400)}`;
    await t.call(owner, 'settings.update', { logoDataUrl: logo, phone: '555 0100' });
    const log = await t.call(owner, 'audit.forEntity', { entity: 'settings', entityId: 1 });
    expect(log.items[0]!.summary).toContain('phone: — → 555 0100');
    expect(JSON.stringify(log)).not.toContain('AAAAAAAA');
  });

  it('keeps app preferences apart from business data', async () => {
    t = buildCore();
    expect(await t.call(null, 'preferences.get', {})).toEqual({ theme: 'auto' });
    expect(await t.call(null, 'preferences.set', { theme: 'dark' })).toEqual({ theme: 'dark' });
    expect((await t.fail(null, 'preferences.set', { theme: 'purple' as 'dark' })).code).toBe('VALIDATION');
  });

  it('reports system facts for the Settings page', async () => {
    t = buildCore();
    const owner = await setupOwner(t);
    expect(await t.call(owner, 'system.info', {})).toEqual({
      version: '0.0.0-test',
      dataFolder: null,
      databaseFile: null,
      databaseBytes: null,
      testClock: false,
    });
  });
});
