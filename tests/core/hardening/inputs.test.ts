import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { members } from '../../../db/schema';
import { buildCore, setupOwner, type TestCore } from '../../support/core';

let t: TestCore;
let owner: string;
beforeEach(async () => {
  t = buildCore();
  owner = await setupOwner(t);
});
afterEach(() => t.close());

const memberCount = () => t.database.db.select().from(members).all().length;

describe('CSV import column names (finding 5.4)', () => {
  const csv = 'First,Last\nAda,Lovelace\n';

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])(
    'refuses a mapping to a column named %s with a validation error',
    async (name) => {
      for (const channel of ['members.importPreview', 'members.importCommit'] as const) {
        const r = await t.send(owner, channel, { csv, mapping: { firstName: name, lastName: 'Last' } });
        expect(r, channel).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
        if (!r.ok) expect(r.error.fields?.['mapping.firstName']).toContain(name);
      }
      expect(memberCount()).toBe(0);
    },
  );

  it.each(['__proto__', 'constructor', 'toString'])('refuses a file with a header named %s', async (name) => {
    const file = `First,Last,${name}\nAda,Lovelace,x\n`;
    for (const channel of ['members.importPreview', 'members.importCommit'] as const) {
      const r = await t.send(owner, channel, {
        csv: file,
        mapping: { firstName: 'First', lastName: 'Last' },
      });
      expect(r, channel).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', fields: { csv: expect.any(String) } },
      });
      if (!r.ok) expect(r.error.message).toContain(`“${name}”`);
    }
    expect(memberCount()).toBe(0);
  });

  it('still imports ordinary files, repeated headers named as before', async () => {
    const preview = await t.call(owner, 'members.importPreview', {
      csv: 'First,Last,Last\nAda,Lovelace,X\n',
    });
    expect(preview.columns).toEqual(['First', 'Last', 'Last_1']);
    expect(preview.sample[0]).toEqual({ First: 'Ada', Last: 'Lovelace', Last_1: 'X' });
    await t.call(owner, 'members.importCommit', { csv, mapping: { firstName: 'First', lastName: 'Last' } });
    expect(memberCount()).toBe(1);
  });
});

describe('subscriptions.preview of a pause (finding 5.5)', () => {
  it('answers VALIDATION, like subscriptions.pause, when neither days nor until is given', async () => {
    const preview = await t.send(owner, 'subscriptions.preview', { action: 'pause', id: 1 });
    expect(preview).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { days: 'Give either a number of days or a date to resume' } },
    });
    const pause = await t.send(owner, 'subscriptions.pause', { id: 1, reason: 'Holiday' });
    expect(pause).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { days: expect.any(String) } },
    });
    const both = await t.send(owner, 'subscriptions.preview', {
      action: 'pause',
      id: 1,
      days: 3,
      until: '2026-04-01',
    });
    expect(both).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(t.logger.entries.filter((e) => e.level === 'error')).toEqual([]);
  });
});

describe('text with NUL or lone surrogates (finding 5.10)', () => {
  it.each([
    ['a NUL', 'Ada\u0000'],
    ['a lone high surrogate', 'Ada\uD83D'],
    ['a lone low surrogate', '\uDE00Ada'],
    ['a reversed pair', 'A\uDE00\uD83Dda'],
  ])('refuses %s in a member name and writes nothing', async (_, firstName) => {
    const r = await t.send(owner, 'members.create', { firstName, lastName: 'Lovelace' });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { firstName: expect.stringContaining('broken characters') } },
    });
    expect(memberCount()).toBe(0);
  });

  it('refuses it in nested fields, plain-string fields and CSV files alike', async () => {
    const nested = await t.send(owner, 'members.create', {
      firstName: 'Ada',
      lastName: 'Lovelace',
      address: { city: 'Lon\u0000don' },
    });
    expect(nested).toMatchObject({ ok: false, error: { fields: { 'address.city': expect.any(String) } } });
    const search = await t.send(owner, 'members.list', { query: 'ad\uD800' });
    expect(search).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { query: expect.any(String) } },
    });
    const file = await t.send(owner, 'members.importPreview', { csv: 'First,Last\nAda\u0000,L\n' });
    expect(file).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { csv: expect.any(String) } },
    });
  });

  it('keeps real emoji, accents and other scripts', async () => {
    const m = await t.call(owner, 'members.create', { firstName: 'Zoë 😀', lastName: '山田' });
    expect(m.firstName).toBe('Zoë 😀');
  });
});
