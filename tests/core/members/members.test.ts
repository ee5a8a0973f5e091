import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCore, setupOwner, signInAs, type TestCore } from '../../support/core';

let t: TestCore;
let owner: string;
beforeEach(async () => {
  t = buildCore();
  owner = await setupOwner(t);
});
afterEach(() => t.close());

const jane = {
  firstName: 'Jane',
  lastName: 'Doe',
  email: 'Jane.Doe@Example.com',
  phone: '+1 (555) 010-4567',
  dateOfBirth: '1990-05-17',
  address: { line1: '12 Elm St', city: 'Springfield', postalCode: '01101' },
  tags: ['VIP', ' vip ', 'Mornings', ''],
};

describe('members', () => {
  it('creates a member with a readable number, normalized email and de-duplicated tags', async () => {
    const m = await t.call(owner, 'members.create', jane);
    expect(m).toMatchObject({
      number: 'M-00001',
      firstName: 'Jane',
      email: 'jane.doe@example.com',
      tags: ['VIP', 'Mornings'],
      status: 'active',
      createdAt: '2026-03-02T15:00:00.000Z',
    });
    const second = await t.call(owner, 'members.create', { firstName: 'Al', lastName: 'Bo' });
    expect(second.number).toBe('M-00002');
    expect(await t.call(owner, 'members.get', { id: m.id })).toEqual(m);
  });

  it('refuses bad fields with a message per field and writes nothing', async () => {
    const e = await t.fail(owner, 'members.create', {
      firstName: '  ',
      lastName: 'X'.repeat(81),
      email: 'jane@',
      phone: 'call me maybe',
      dateOfBirth: '1990-02-30',
    });
    expect(e.code).toBe('VALIDATION');
    expect(e.fields).toEqual({
      firstName: 'Enter first name',
      lastName: 'Last name is too long (at most 80 characters)',
      email: 'That is not a valid email address',
      phone: 'Use digits, spaces, dashes and an optional leading +',
      dateOfBirth: 'Use a real date as YYYY-MM-DD',
    });
    expect((await t.call(owner, 'members.list', { status: 'all' })).total).toBe(0);
  });

  it('updates only what is sent and records before/after in the activity', async () => {
    const m = await t.call(owner, 'members.create', jane);
    t.clock.advance(60_000);
    const u = await t.call(owner, 'members.update', { id: m.id, lastName: 'Smith', email: '' });
    expect(u).toMatchObject({ firstName: 'Jane', lastName: 'Smith', email: null, phone: jane.phone });
    const activity = await t.call(owner, 'audit.forEntity', { entity: 'member', entityId: m.id });
    expect(activity.total).toBe(2);
    expect(activity.items[0]).toMatchObject({
      action: 'updated',
      operatorName: 'Olga Owner',
      channel: 'members.update',
      at: '2026-03-02T15:01:00.000Z',
    });
    expect(activity.items[0]!.summary).toBe('last name: Doe → Smith; email: jane.doe@example.com → —');
    const found = await t.call(owner, 'members.list', { query: 'smith' });
    expect(found.items.map((x) => x.id)).toEqual([m.id]);
    expect((await t.call(owner, 'members.list', { query: 'doe' })).total).toBe(0);
  });

  it('archives and restores; the list filters by status', async () => {
    const a = await t.call(owner, 'members.create', { firstName: 'Ann', lastName: 'Able' });
    const b = await t.call(owner, 'members.create', { firstName: 'Ben', lastName: 'Baker' });
    const archived = await t.call(owner, 'members.archive', { id: a.id });
    expect(archived).toMatchObject({ status: 'archived', archivedAt: '2026-03-02T15:00:00.000Z' });
    expect((await t.call(owner, 'members.list', {})).items.map((m) => m.id)).toEqual([b.id]);
    expect((await t.call(owner, 'members.list', { status: 'archived' })).items.map((m) => m.id)).toEqual([
      a.id,
    ]);
    expect((await t.call(owner, 'members.list', { status: 'all' })).total).toBe(2);
    const restored = await t.call(owner, 'members.restore', { id: a.id });
    expect(restored).toMatchObject({ status: 'active', archivedAt: null });
    const actions = (await t.call(owner, 'audit.forEntity', { entity: 'member', entityId: a.id })).items.map(
      (e) => e.action,
    );
    expect(actions).toEqual(['restored', 'archived', 'created']);
  });

  it('searches as you type over name, email, phone and number', async () => {
    const j = await t.call(owner, 'members.create', jane);
    const z = await t.call(owner, 'members.create', {
      firstName: 'Zoë',
      lastName: 'Janssen',
      email: 'zoe@gym.test',
      phone: '020 7946 0958',
    });
    const ids = async (query: string) =>
      (await t.call(owner, 'members.list', { query })).items.map((m) => m.id);
    expect(await ids('j')).toEqual([j.id, z.id]); // both start a word with j; sorted by last name
    expect(await ids('jan')).toEqual([j.id, z.id]);
    expect(await ids('jane')).toEqual([j.id]);
    expect(await ids('jane d')).toEqual([j.id]);
    expect(await ids('doe jane')).toEqual([j.id]);
    expect(await ids('zoe')).toEqual([z.id]); // diacritics folded
    expect(await ids('jane.doe@exa')).toEqual([j.id]);
    expect(await ids('555-010-4567')).toEqual([j.id]);
    expect(await ids('0104567')).toEqual([j.id]);
    expect(await ids('4567')).toEqual([j.id]);
    expect(await ids('20 7946 0958')).toEqual([z.id]); // without the trunk 0
    expect(await ids('0958')).toEqual([z.id]);
    expect(await ids('M-00002')).toEqual([z.id]);
    expect(await ids('m00002')).toEqual([z.id]);
    expect(await ids('2')).toEqual([z.id]);
    expect(await ids('"')).toEqual([]);
    expect(await ids('jane OR zoe')).toEqual([]);
  });

  it('pages the list in a stable order with the total', async () => {
    for (const last of ['Cole', 'Adams', 'Baker', 'Adams']) {
      await t.call(owner, 'members.create', { firstName: 'X', lastName: last });
    }
    const page1 = await t.call(owner, 'members.list', { limit: 2, offset: 0 });
    const page2 = await t.call(owner, 'members.list', { limit: 2, offset: 2 });
    expect(page1.total).toBe(4);
    expect([...page1.items, ...page2.items].map((m) => m.lastName)).toEqual([
      'Adams',
      'Adams',
      'Baker',
      'Cole',
    ]);
    expect(page1.items[0]!.id).toBeLessThan(page1.items[1]!.id);
  });

  it('filters by tag and lists tags', async () => {
    const a = await t.call(owner, 'members.create', { firstName: 'A', lastName: 'A', tags: ['Morning'] });
    await t.call(owner, 'members.create', { firstName: 'B', lastName: 'B', tags: ['Evening'] });
    expect(await t.call(owner, 'members.tags', {})).toEqual(['Evening', 'Morning']);
    expect((await t.call(owner, 'members.list', { tag: 'Morning' })).items.map((m) => m.id)).toEqual([a.id]);
    await t.call(owner, 'members.update', { id: a.id, tags: [] });
    expect(await t.call(owner, 'members.tags', {})).toEqual(['Evening']);
  });

  it('warns about a duplicate email without blocking', async () => {
    const j = await t.call(owner, 'members.create', jane);
    const dupes = await t.call(owner, 'members.duplicates', { email: 'JANE.DOE@example.com' });
    expect(dupes.map((m) => m.id)).toEqual([j.id]);
    expect(
      await t.call(owner, 'members.duplicates', { email: 'jane.doe@example.com', excludeId: j.id }),
    ).toEqual([]);
    await expect(t.call(owner, 'members.create', { ...jane, firstName: 'Janet' })).resolves.toBeTruthy();
  });

  it('keeps notes with their author, newest first', async () => {
    const staff = await signInAs(t, owner, 'staff');
    const m = await t.call(owner, 'members.create', jane);
    await t.call(owner, 'members.addNote', { memberId: m.id, body: 'Knee injury, no squats' });
    t.clock.advance(1000);
    await t.call(staff, 'members.addNote', { memberId: m.id, body: 'Cleared by physio' });
    const notes = await t.call(staff, 'members.notes', { memberId: m.id });
    expect(notes.map((n) => [n.body, n.authorName])).toEqual([
      ['Cleared by physio', 'staff person'],
      ['Knee injury, no squats', 'Olga Owner'],
    ]);
    expect((await t.fail(owner, 'members.addNote', { memberId: m.id, body: '   ' })).fields).toEqual({
      body: 'Write a note first',
    });
    expect((await t.fail(owner, 'members.notes', { memberId: 999 })).code).toBe('NOT_FOUND');
  });

  it('lets the front desk manage members but not import or export', async () => {
    const staff = await signInAs(t, owner, 'staff');
    const m = await t.call(staff, 'members.create', { firstName: 'Desk', lastName: 'Made' });
    await t.call(staff, 'members.update', { id: m.id, phone: '555 0101' });
    await t.call(staff, 'members.archive', { id: m.id });
    expect((await t.fail(staff, 'members.exportCsv', {})).code).toBe('FORBIDDEN');
  });

  it('answers NOT_FOUND for a member that does not exist', async () => {
    expect(await t.fail(owner, 'members.get', { id: 77 })).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('member'),
    });
    expect((await t.fail(owner, 'members.update', { id: 77, firstName: 'X' })).code).toBe('NOT_FOUND');
  });
});

describe('members list order and cleared fields', () => {
  it('lists newest first on request and clears a date of birth sent empty', async () => {
    const t2 = buildCore();
    const o = await setupOwner(t2);
    const a = await t2.call(o, 'members.create', {
      firstName: 'Zed',
      lastName: 'Alpha',
      dateOfBirth: '1990-01-01',
    });
    const b = await t2.call(o, 'members.create', { firstName: 'Amy', lastName: 'Zulu' });
    expect((await t2.call(o, 'members.list', {})).items.map((m) => m.id)).toEqual([a.id, b.id]);
    expect((await t2.call(o, 'members.list', { sort: 'newest' })).items.map((m) => m.id)).toEqual([
      b.id,
      a.id,
    ]);
    expect((await t2.call(o, 'members.update', { id: a.id, dateOfBirth: '' })).dateOfBirth).toBeNull();
    t2.close();
  });
});

describe('member lists at scale', () => {
  it('caps a search that matches too many, keeps exact results under the cap, and can skip the count', async () => {
    const t2 = buildCore();
    const o = await setupOwner(t2);
    const csv = [
      'First Name,Last Name',
      ...Array.from({ length: 1005 }, (_, i) => `Sam${i},Smith`),
      'Zara,Quinn',
    ].join('\n');
    const { mapping } = await t2.call(o, 'members.importPreview', { csv });
    await t2.call(o, 'members.importCommit', { csv, mapping });
    const broad = await t2.call(o, 'members.list', { query: 'smith', limit: 20 });
    expect(broad).toMatchObject({ total: 1000, capped: true });
    expect(broad.items).toHaveLength(20);
    const exact = await t2.call(o, 'members.list', { query: 'zara' });
    expect(exact).toEqual({ items: [expect.objectContaining({ firstName: 'Zara' })], total: 1 });
    const later = await t2.call(o, 'members.list', { offset: 100, limit: 10, withTotal: false });
    expect(later.total).toBe(-1);
    expect(later.items).toHaveLength(10);
    t2.close();
  });

  it('keeps tag lists in name order and in step with archive and renames', async () => {
    const t2 = buildCore();
    const o = await setupOwner(t2);
    const a = await t2.call(o, 'members.create', { firstName: 'Ann', lastName: 'Young', tags: ['Morning'] });
    const b = await t2.call(o, 'members.create', { firstName: 'Bob', lastName: 'Adams', tags: ['Morning'] });
    const ids = async (status: 'active' | 'archived' = 'active') =>
      (await t2.call(o, 'members.list', { tag: 'Morning', status })).items.map((m) => m.id);
    expect(await ids()).toEqual([b.id, a.id]);
    await t2.call(o, 'members.update', { id: a.id, lastName: 'Abbott' });
    expect(await ids()).toEqual([a.id, b.id]);
    await t2.call(o, 'members.archive', { id: b.id });
    expect(await ids()).toEqual([a.id]);
    expect(await ids('archived')).toEqual([b.id]);
    expect((await t2.call(o, 'members.list', { tag: 'Morning' })).total).toBe(1);
    t2.close();
  });
});
