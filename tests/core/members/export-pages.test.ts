// The members CSV export is written in pages to a file (issue #10: no whole export in memory), then
// read back in pieces; these tests pin the paging itself, not its speed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCtx } from '../../../electron/core/context';
import { exportMembersCsv, memberPages } from '../../../electron/core/members/csv-export';
import { addMembers, fileCore, ownerOf, tempFolder, type FileCore } from '../backup/support';

let tmp: ReturnType<typeof tempFolder>;
let t: FileCore;
let owner: string;
beforeEach(async () => {
  tmp = tempFolder('members-export');
  t = fileCore(tmp.dir);
  owner = await ownerOf(t);
  await addMembers(t, owner, 25);
});
afterEach(() => {
  t.close();
  tmp.remove();
});

const ctxOf = (core: FileCore) =>
  createCtx({ ports: core.ports, channel: 'members.exportCsv', caller: null, token: null, pending: [] });
const allIds = (core: FileCore) =>
  (
    core.ports.database.sqlite.prepare('SELECT id FROM members ORDER BY sort_name, id').all() as {
      id: number;
    }[]
  ).map((r) => r.id);
const exportsIn = (dir: string) => readdirSync(join(dir, 'exports')).filter((f) => f.startsWith('members-'));

describe('members export in pages', () => {
  it('reads each page of rows only when its turn comes', () => {
    const ids = allIds(t);
    const pages = memberPages(ctxOf(t), ids, 10);
    const first = pages.next();
    expect(first.done).toBe(false);
    expect(first.value!.map((r) => r.id)).toEqual(ids.slice(0, 10));
    // Removed after the first page was read: a later page cannot have been read already.
    t.ports.database.sqlite.prepare('DELETE FROM members WHERE id = ?').run(ids[20]);
    const rest = [...pages];
    expect(rest.map((p) => p.length)).toEqual([10, 4]);
    expect(rest.flat().map((r) => r.id)).toEqual([...ids.slice(10, 20), ...ids.slice(21)]);
  });

  it('writes the same file a page at a time as in one page, and lets other requests run between pages', async () => {
    const ids = allIds(t);
    const ctx = ctxOf(t);
    const order: string[] = [];
    const paged = exportMembersCsv(ctx, { ids, prefix: 'M-', timeZone: 'UTC', pageRows: 10 }).then((r) => {
      order.push('export');
      return r;
    });
    const other = t.call(owner, 'members.create', { firstName: 'Late', lastName: 'Comer' }).then(() => {
      order.push('create');
    });
    const [small] = await Promise.all([paged, other]);
    // The create was answered while the export was still writing its pages.
    expect(order).toEqual(['create', 'export']);
    expect(small.count).toBe(25); // the list as it was when the export began
    const whole = await exportMembersCsv(ctx, { ids, prefix: 'M-', timeZone: 'UTC', pageRows: 1000 });
    const read = (id: string) => readFileSync(join(tmp.dir, 'exports', `${id}.csv`), 'utf8');
    expect(read(small.exportId)).toBe(read(whole.exportId));
    expect(read(small.exportId).trimEnd().split('\r\n')).toHaveLength(26);
  });

  it('is fetched in pieces over the channel, then removed; another id or a path is refused', async () => {
    const made = await t.call(owner, 'members.exportCsv', { status: 'all' });
    expect(made).toMatchObject({ count: 25, filename: 'members-2026-03-02.csv' });
    expect(made.exportId).toMatch(/^members-2026-03-02-[a-f0-9]{16}$/);
    expect(exportsIn(tmp.dir)).toEqual([`${made.exportId}.csv`]);
    const chunk = await t.call(owner, 'members.exportChunk', { exportId: made.exportId, offset: 0 });
    expect(chunk.nextOffset).toBeNull();
    const text = Buffer.from(chunk.base64, 'base64').toString('utf8');
    expect(text.startsWith('\uFEFFNumber,First name,Last name')).toBe(true);
    expect(Buffer.byteLength(text)).toBe(made.size);
    // Delivered: nothing of the members' data is left lying in the data folder.
    expect(exportsIn(tmp.dir)).toEqual([]);
    expect((await t.fail(owner, 'members.exportChunk', { exportId: made.exportId, offset: 0 })).code).toBe(
      'NOT_FOUND',
    );
    expect(
      (await t.fail(owner, 'members.exportChunk', { exportId: '../recur-export-x', offset: 0 })).code,
    ).toBe('VALIDATION');
    // The owner's export everything is not readable through the members channel.
    const all = await t.call(owner, 'backups.exportAll', {});
    expect((await t.fail(owner, 'members.exportChunk', { exportId: all.exportId, offset: 0 })).code).toBe(
      'VALIDATION',
    );
    expect(existsSync(join(tmp.dir, 'exports', all.filename))).toBe(true);
  });
});
