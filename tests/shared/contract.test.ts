import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { channelNames, contract, isChannelName } from '../../shared/contract';
import { channel, mergeChannels } from '../../shared/contract/define';
import { ROLES } from '../../shared/permissions';

const ACCESS = ['public', 'signedIn', ...ROLES];
const entries = Object.entries(contract) as Array<[string, (typeof contract)[keyof typeof contract]]>;

describe('the contract', () => {
  it('has channels, all named domain.verb', () => {
    expect(channelNames.length).toBeGreaterThan(20);
    for (const name of channelNames) expect(name).toMatch(/^[a-z][a-zA-Z]*\.[a-z][a-zA-Z]*$/);
  });

  it('covers the domains of the app so far', () => {
    const domains = new Set(channelNames.map((n) => n.split('.')[0]));
    for (const d of ['auth', 'operators', 'settings', 'preferences', 'system', 'members', 'audit', 'clock']) {
      expect(domains, d).toContain(d);
    }
  });

  it('gives every channel a zod input schema and an access level that exists', () => {
    for (const [name, def] of entries) {
      expect(def.input, name).toBeInstanceOf(z.ZodType);
      expect(ACCESS, name).toContain(def.access);
    }
  });

  it('keeps public auth channels to exactly status, setup and login', () => {
    const publicAuth = channelNames.filter((n) => n.startsWith('auth.') && contract[n].access === 'public');
    expect(publicAuth.sort()).toEqual(['auth.login', 'auth.setup', 'auth.status']);
  });

  it('opens nothing else to callers without a session than the auth trio and the theme', () => {
    const open = channelNames.filter((n) => contract[n].access === 'public').sort();
    expect(open).toEqual(['auth.login', 'auth.setup', 'auth.status', 'preferences.get', 'preferences.set']);
  });

  it('keeps the owner’s channels the owner’s', () => {
    for (const name of ['operators.list', 'operators.create', 'settings.update', 'audit.list'] as const) {
      expect(contract[name].access, name).toBe('owner');
    }
    expect(contract['members.importCommit'].access).toBe('manager');
    expect(contract['members.exportCsv'].access).toBe('manager');
  });

  it('marks only the clock channels test-only, and they need the owner', () => {
    const testOnly = entries.filter(([, def]) => def.testOnly).map(([name]) => name);
    expect(testOnly.sort()).toEqual(['clock.advance', 'clock.get']);
    expect(contract['clock.advance'].access).toBe('owner');
    expect(contract['clock.get'].access).toBe('owner');
  });

  it('isChannelName knows the contract and nothing from Object.prototype', () => {
    expect(isChannelName('members.list')).toBe(true);
    for (const name of ['members.teleport', 'constructor', 'toString', '__proto__', 'hasOwnProperty', '']) {
      expect(isChannelName(name), name).toBe(false);
    }
  });

  it('parses inputs with the channel schema (defaults and per-field errors)', () => {
    expect(contract['members.list'].input.parse({})).toEqual({
      status: 'active',
      sort: 'name',
      limit: 50,
      offset: 0,
      withTotal: true,
    });
    const r = contract['auth.setup'].input.safeParse({ email: 'x' });
    expect(r.success).toBe(false);
    expect(contract['clock.advance'].input.safeParse({ days: 1, to: '2026-03-01' }).success).toBe(false);
    expect(contract['clock.advance'].input.safeParse({}).success).toBe(false);
    expect(contract['clock.advance'].input.safeParse({ to: '2026-03-01' }).success).toBe(true);
  });
});

describe('mergeChannels', () => {
  const a = { 'alpha.get': channel<number>()(z.object({}), 'staff') };
  const b = { 'beta.list': channel<string>()(z.object({}), 'owner') };

  it('merges per-domain maps', () => {
    const merged = mergeChannels(a, b);
    expect(Object.keys(merged).sort()).toEqual(['alpha.get', 'beta.list']);
    expect(merged['beta.list'].access).toBe('owner');
  });

  it('throws on a name claimed twice, naming it', () => {
    const again = { 'alpha.get': channel<number>()(z.object({}), 'owner') };
    expect(() => mergeChannels(a, b, again)).toThrow('Duplicate channel in contract: alpha.get');
  });

  it.each([
    'members',
    'Members.list',
    'members.List',
    'members.list.all',
    'members-list',
    'members.',
    '.list',
    'm1.list',
  ])('throws on %j, which is not domain.verb', (name) => {
    expect(() => mergeChannels({ [name]: channel<null>()(z.object({}), 'staff') })).toThrow(
      `Channel names are domain.verb: ${name}`,
    );
  });
});
