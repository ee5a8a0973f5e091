import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, memberTags, members } from '../../../db/schema';
import type { CoreEvent } from '../../../shared/events';
import { buildCore, setupOwner, type TestCore } from '../../support/core';

/** Finding 5.6: a big import is written in chunks, never freezes other requests, and is all or nothing. */

let t: TestCore;
let owner: string;
beforeEach(async () => {
  t = buildCore();
  owner = await setupOwner(t);
});
afterEach(() => t.close());

const ROWS = 6000;
const mapping = { firstName: 'First', lastName: 'Last', email: 'Email', tags: 'Tags' };
const csvOf = (count: number, at: Record<number, string> = {}) =>
  Papa.unparse(
    Array.from({ length: count }, (_, i) => ({
      First: at[i] ?? `First${i}`,
      Last: `Last${i}`,
      Email: `m${i}@example.com`,
      Tags: i % 3 ? 'Morning' : '',
    })),
  );

const countOf = (table: typeof members | typeof memberTags | typeof auditLog) =>
  t.database.db.select().from(table).all().length;

describe('a big members import', () => {
  it('lets another request finish while it writes, and shows none of its rows until all are in', async () => {
    let importDone = false;
    let during: Promise<{ total: number; doneBefore: boolean }> | null = null;
    const writing: Array<{ done: number; total: number }> = [];
    const off = t.core.events.on((e: CoreEvent) => {
      if (e.type !== 'progress' || e.job !== 'members.import' || e.done <= ROWS || e.done >= e.total) return;
      writing.push(e);
      // Half-way through writing: another operator's request is answered now, not after the import.
      during ??= t.send(owner, 'members.list', { status: 'all' }).then((r) => ({
        total: r.ok ? (r.value as { total: number }).total : -1,
        doneBefore: importDone,
      }));
    });
    const result = await t.call(owner, 'members.importCommit', { csv: csvOf(ROWS), mapping }).finally(() => {
      importDone = true;
    });
    off();
    expect(result).toEqual({ imported: ROWS });
    expect(writing.length).toBeGreaterThanOrEqual(3);
    expect(during).not.toBeNull();
    const seen = await during!;
    expect(seen.doneBefore).toBe(false);
    // Nothing of the import was visible to it: all or nothing as anyone sees it.
    expect(seen.total).toBe(0);
    const after = await t.call(owner, 'members.list', { status: 'all', limit: 1 });
    expect(after.total).toBe(ROWS);
    expect((await t.call(owner, 'members.list', { tag: 'Morning', limit: 1 })).total).toBe(4000);
    expect(await t.call(owner, 'members.tags', {})).toEqual(['Morning']);
  });

  it('leaves nothing behind when writing fails part-way, and gives the member numbers back', async () => {
    // A failure in the 5th chunk, after 4000 rows were written (a full disk would look the same).
    t.database.sqlite.exec(
      `CREATE TRIGGER boom BEFORE INSERT ON members WHEN new.first_name = 'Boom' BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
    );
    const e = await t.fail(owner, 'members.importCommit', { csv: csvOf(ROWS, { 4500: 'Boom' }), mapping });
    expect(e.code).toBe('INTERNAL');
    expect(countOf(members)).toBe(0);
    expect(countOf(memberTags)).toBe(0);
    expect(
      t.database.db
        .select()
        .from(auditLog)
        .all()
        .filter((a) => a.entity === 'member'),
    ).toEqual([]);
    t.database.sqlite.exec('DROP TRIGGER boom');
    const first = await t.call(owner, 'members.create', { firstName: 'Ada', lastName: 'Lovelace' });
    expect(first.number).toMatch(/0*1$/);
  });

  it('sweeps rows an interrupted import left hidden, at the next housekeeping run', async () => {
    await t.call(owner, 'members.importCommit', { csv: csvOf(10), mapping });
    // As a crash mid-import leaves them: written, tagged, never made visible.
    t.database.sqlite.exec(`UPDATE members SET status = 'importing' WHERE id > 6`);
    expect((await t.call(owner, 'members.list', { status: 'all', limit: 1 })).total).toBe(6);
    await t.core.scheduler.runDue();
    expect(countOf(members)).toBe(6);
    expect(
      t.database.db
        .select()
        .from(memberTags)
        .all()
        .every((r) => r.memberId <= 6),
    ).toBe(true);
  });

  it('refuses a second import while one is being written', async () => {
    const first = t.send(owner, 'members.importCommit', { csv: csvOf(ROWS), mapping });
    // Let the first reach its writing phase (checking yields too).
    await new Promise<void>((resolve) => {
      const off = t.core.events.on((e) => {
        if (e.type === 'progress' && e.job === 'members.import' && e.done > ROWS) {
          off();
          resolve();
        }
      });
    });
    const second = await t.fail(owner, 'members.importCommit', { csv: csvOf(5), mapping });
    expect(second).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('Another import') });
    expect((await first).ok).toBe(true);
    expect(countOf(members)).toBe(ROWS);
  });
});
