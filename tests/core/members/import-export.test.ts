import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { buildCore, setupOwner, type TestCore } from '../../support/core';

let t: TestCore;
let owner: string;
beforeEach(async () => {
  t = buildCore();
  owner = await setupOwner(t);
});
afterEach(() => t.close());

/** 200 members as a gym's old software would export them; `bad` rows get one problem each. */
function csvOf(count: number, bad: Record<number, Partial<Record<string, string>>> = {}): string {
  const rows = Array.from({ length: count }, (_, i) => ({
    'First Name': `First${i}`,
    Surname: `Last${i}`,
    'E-mail': `member${i}@example.com`,
    Mobile: `+1 555 ${String(1000000 + i).slice(1)}`,
    DOB: '1990-01-15',
    City: 'Springfield',
    Tags: i % 2 ? 'Morning;Student' : '',
    ...bad[i],
  }));
  return Papa.unparse(rows);
}

const THREE_BAD = { 4: { 'E-mail': 'not-an-email' }, 57: { 'First Name': '' }, 180: { DOB: '1990-13-01' } };

describe('CSV import', () => {
  it('suggests a mapping from common headers and previews the rows', async () => {
    const preview = await t.call(owner, 'members.importPreview', { csv: csvOf(3) });
    expect(preview.columns).toEqual(['First Name', 'Surname', 'E-mail', 'Mobile', 'DOB', 'City', 'Tags']);
    expect(preview.mapping).toMatchObject({
      firstName: 'First Name',
      lastName: 'Surname',
      email: 'E-mail',
      phone: 'Mobile',
      dateOfBirth: 'DOB',
      city: 'City',
      tags: 'Tags',
      line1: null,
    });
    expect(preview).toMatchObject({ totalRows: 3, validRows: 3, errors: [] });
    expect(preview.sample[0]).toMatchObject({ 'First Name': 'First0' });
  });

  it('names exactly the bad rows (as the spreadsheet numbers them) and imports nothing', async () => {
    const csv = csvOf(200, THREE_BAD);
    const preview = await t.call(owner, 'members.importPreview', { csv });
    expect(preview).toMatchObject({ totalRows: 200, validRows: 197 });
    expect(preview.errors).toEqual([
      { row: 6, field: 'E-mail', message: 'That is not a valid email address' },
      { row: 59, field: 'First Name', message: 'Enter first name' },
      { row: 182, field: 'DOB', message: 'Use a real date as YYYY-MM-DD' },
    ]);
    const e = await t.fail(owner, 'members.importCommit', { csv, mapping: preview.mapping });
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toBe(
      '3 rows have problems, so nothing was imported. Fix them in the file and import it again.',
    );
    expect(e.fields).toEqual({
      'rows.6.E-mail': 'That is not a valid email address',
      'rows.59.First Name': 'Enter first name',
      'rows.182.DOB': 'Use a real date as YYYY-MM-DD',
    });
    expect((await t.call(owner, 'members.list', { status: 'all' })).total).toBe(0);
  });

  it('imports all rows of a fixed file in one go, numbered in file order, each with an activity entry', async () => {
    const csv = csvOf(200);
    const { mapping } = await t.call(owner, 'members.importPreview', { csv });
    expect(await t.call(owner, 'members.importCommit', { csv, mapping })).toEqual({ imported: 200 });
    const list = await t.call(owner, 'members.list', { query: 'First57', limit: 5 });
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      number: 'M-00058',
      lastName: 'Last57',
      email: 'member57@example.com',
      dateOfBirth: '1990-01-15',
      tags: ['Morning', 'Student'],
      address: { city: 'Springfield' },
    });
    const activity = await t.call(owner, 'audit.forEntity', {
      entity: 'member',
      entityId: list.items[0]!.id,
    });
    expect(activity.items.map((a) => a.action)).toEqual(['imported from CSV']);
    expect((await t.call(owner, 'members.list', {})).total).toBe(200);
  });

  it('honours a mapping chosen by hand and says which required column is missing', async () => {
    const csv = 'Given,Family,Contact\nAda,Lovelace,ada@example.com\n';
    const preview = await t.call(owner, 'members.importPreview', { csv });
    expect(preview.errors).toEqual([
      { row: 1, field: 'First name', message: 'Choose the column that holds first names' },
      { row: 1, field: 'Last name', message: 'Choose the column that holds last names' },
    ]);
    const mapping = { firstName: 'Given', lastName: 'Family', email: 'Contact' };
    const fixed = await t.call(owner, 'members.importPreview', { csv, mapping });
    expect(fixed).toMatchObject({ validRows: 1, errors: [] });
    await t.call(owner, 'members.importCommit', { csv, mapping });
    expect((await t.call(owner, 'members.list', { query: 'ada@example' })).items[0]?.lastName).toBe(
      'Lovelace',
    );
  });

  it('refuses a file with a header and no rows', async () => {
    const e = await t.fail(owner, 'members.importCommit', {
      csv: 'First Name,Surname\n',
      mapping: { firstName: 'First Name', lastName: 'Surname' },
    });
    expect(e).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('no rows') });
  });
});

/** Reads a finished export back in pieces, as the window does. */
async function fetchExport(token: string, exportId: string): Promise<string> {
  const parts: Buffer[] = [];
  let offset: number | null = 0;
  while (offset !== null) {
    const chunk: { base64: string; nextOffset: number | null } = await t.call(token, 'members.exportChunk', {
      exportId,
      offset,
    });
    parts.push(Buffer.from(chunk.base64, 'base64'));
    offset = chunk.nextOffset;
  }
  return Buffer.concat(parts).toString('utf8');
}

describe('CSV export', () => {
  it('exports the current filter with headers the importer understands, and round-trips', async () => {
    await t.call(owner, 'members.create', {
      firstName: 'Ann',
      lastName: 'Able',
      phone: '+44 20 7946 0958',
      taxId: 'GB123456789',
      tags: ['Morning', 'VIP'],
    });
    const b = await t.call(owner, 'members.create', {
      firstName: '=HYPERLINK("x")',
      lastName: 'Baker',
      email: 'b@example.com',
    });
    await t.call(owner, 'members.create', { firstName: 'Cy', lastName: 'Cole' });
    await t.call(owner, 'members.archive', { id: b.id });

    const active = await t.call(owner, 'members.exportCsv', {});
    expect(active).toMatchObject({ filename: 'members-2026-03-02.csv', count: 2 });
    const all = await t.call(owner, 'members.exportCsv', { status: 'all' });
    expect(all.count).toBe(3);
    const csv = await fetchExport(owner, all.exportId);
    expect(Buffer.byteLength(csv)).toBe(all.size);
    const rows = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(rows.map((r) => r['Last name'])).toEqual(['Able', 'Baker', 'Cole']);
    expect(rows[0]).toMatchObject({
      Number: 'M-00001',
      Phone: "'+44 20 7946 0958",
      'Tax ID': 'GB123456789',
      Tags: 'Morning; VIP',
      Status: 'active',
      Joined: '2026-03-02',
    });
    // A formula is neutralized for spreadsheets…
    expect(rows[1]!['First name']).toBe('\'=HYPERLINK("x")');

    // …and comes back as typed when the export is imported into another business.
    const other = buildCore();
    const otherOwner = await setupOwner(other);
    const { mapping, errors } = await other.call(otherOwner, 'members.importPreview', { csv });
    expect(errors).toEqual([]);
    await other.call(otherOwner, 'members.importCommit', { csv, mapping });
    const again = (await other.call(otherOwner, 'members.list', { status: 'all' })).items;
    expect(mapping.taxId).toBe('Tax ID');
    expect(again.map((m) => [m.firstName, m.phone, m.taxId, m.tags])).toEqual([
      ['Ann', '+44 20 7946 0958', 'GB123456789', ['Morning', 'VIP']],
      ['=HYPERLINK("x")', null, null, []],
      ['Cy', null, null, []],
    ]);
    other.close();
  });

  it('exports only search matches when searching', async () => {
    await t.call(owner, 'members.create', { firstName: 'Ann', lastName: 'Able' });
    await t.call(owner, 'members.create', { firstName: 'Ben', lastName: 'Baker' });
    const r = await t.call(owner, 'members.exportCsv', { query: 'bak' });
    expect(r.count).toBe(1);
    expect((await fetchExport(owner, r.exportId)).trimEnd().split('\r\n')).toHaveLength(2);
  });
});
