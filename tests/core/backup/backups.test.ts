import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { unzipSync, strFromU8 } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackup } from '../../../electron/core/backup/store';
import { nodeIo, type BackupIo } from '../../../electron/core/backup/io';
import { memorySecrets } from '../../support/core';
import { addMembers, fileCore, ownerOf, rowsOf, tempFolder, type FileCore } from './support';

const relogin = async (c: FileCore) =>
  (await c.call(null, 'auth.login', { email: 'olga@ironoak.test', password: 'correct horse battery' })).token;

let tmp: ReturnType<typeof tempFolder>;
let t: FileCore;
let owner: string;
beforeEach(async () => {
  tmp = tempFolder('backups');
  t = fileCore(tmp.dir);
  owner = await ownerOf(t);
});
afterEach(() => {
  t.close();
  tmp.remove();
});

const failing = (code: string): BackupIo => ({
  mkdir: nodeIo.mkdir,
  openWrite: () =>
    new Writable({
      write(_chunk, _enc, cb) {
        cb(Object.assign(new Error(`${code}: simulated`), { code }));
      },
    }),
});

describe('backups.create and backups.list', () => {
  it('takes a checked copy, named for when and why, and lists it with its size', async () => {
    await addMembers(t, owner, 3);
    const item = await t.call(owner, 'backups.create', {});
    expect(item).toMatchObject({
      file: 'recur-2026-03-02T15-00-00-000Z-manual.sqlite',
      createdAt: '2026-03-02T15:00:00.000Z',
      reason: 'manual',
      encrypted: false,
      check: 'ok',
      checkMessage: null,
      copy: null,
    });
    const list = await t.call(owner, 'backups.list', {});
    expect(list.folder).toBe(join(tmp.dir, 'backups'));
    expect(list.dataFolder).toBe(tmp.dir);
    expect(list.items).toEqual([item]);
    expect(item.bytes).toBeGreaterThan(4096);
    // A self-contained file with the members in it, and nothing half-written left behind.
    const copy = new Database(join(tmp.dir, 'backups', item.file), { readonly: true });
    expect((copy.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n).toBe(3);
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    copy.close();
    expect(readdirSync(join(tmp.dir, 'backups', '.work'))).toEqual([]);
  });

  it('is for the owner only', async () => {
    await t.call(owner, 'operators.create', {
      name: 'Manny Manager',
      email: 'manny@ironoak.test',
      role: 'manager',
      temporaryPassword: 'temporary password 1',
    });
    const { token } = await t.call(null, 'auth.login', {
      email: 'manny@ironoak.test',
      password: 'temporary password 1',
    });
    for (const channel of ['backups.list', 'backups.create', 'backups.exportAll'] as const) {
      expect((await t.fail(token, channel, {})).code).toBe('FORBIDDEN');
    }
  });

  it('is consistent when taken during a burst of writes', async () => {
    await addMembers(t, owner, 20);
    // Writes keep landing while the copy runs in steps: each is whole in the copy or absent.
    let writing = true;
    let written = 0;
    const burst = (async () => {
      while (writing) {
        await t.call(owner, 'members.create', {
          firstName: 'Burst',
          lastName: `B${written}`,
          email: `b${written}@x.test`,
        });
        written++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const item = await t.call(owner, 'backups.create', {});
    writing = false;
    await burst;
    expect(item.check).toBe('ok');
    const copy = new Database(join(tmp.dir, 'backups', item.file), { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.pragma('foreign_key_check')).toEqual([]);
    // Every member in the copy has its audit entry (written in the same transaction), and vice versa.
    const members = (copy.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n;
    const created = (
      copy
        .prepare(`SELECT count(*) AS n FROM audit_log WHERE entity = 'member' AND action = 'created'`)
        .get() as { n: number }
    ).n;
    expect(members).toBe(created);
    expect(members).toBeGreaterThanOrEqual(20);
    copy.close();
  });

  it('encrypts with the passphrase, and restores with it', async () => {
    await addMembers(t, owner, 2);
    await t.call(owner, 'backups.settings', { passphrase: 'correct horse battery' });
    const item = await t.call(owner, 'backups.create', {});
    expect(item).toMatchObject({ encrypted: true, check: 'ok' });
    expect(item.file.endsWith('.sqlite.enc')).toBe(true);
    expect(
      readFileSync(join(tmp.dir, 'backups', item.file))
        .subarray(0, 8)
        .toString(),
    ).toBe('RECURBAK');
    // Another passphrase given explicitly is refused; the saved one opens it.
    expect(
      await t.fail(owner, 'backups.inspect', { file: item.file, passphrase: 'not the passphrase' }),
    ).toMatchObject({
      code: 'VALIDATION',
      message: 'That passphrase does not open this backup, or the file has been changed.',
    });
    expect(await t.call(owner, 'backups.inspect', { file: item.file })).toMatchObject({ members: 2 });
  });

  it('copies to the second folder, and says so when that folder fails', async () => {
    const second = join(tmp.dir, 'usb-stick');
    const list = await t.call(owner, 'backups.settings', { secondFolder: second });
    expect(list.secondFolder).toBe(second);
    const item = await t.call(owner, 'backups.create', {});
    expect(item.copy).toEqual({ ok: true, message: null });
    expect(readdirSync(second)).toEqual([item.file]);

    t.clock.advance(60_000);
    const full = await createBackup(t.ports, 'manual', { io: failing('ENOSPC') });
    expect(full.check).toBe('ok'); // the backup itself is fine
    expect(full.copy).toEqual({
      ok: false,
      message: `The disk of the second backup folder is full (${second}). Free some space and try again.`,
    });
    expect(readdirSync(second)).toEqual([item.file]); // no half copy left
  });

  it('refuses a second folder it cannot write to, at once', async () => {
    const file = join(tmp.dir, 'a-file');
    writeFileSync(file, 'x');
    const error = await t.fail(owner, 'backups.settings', { secondFolder: join(file, 'inside') });
    expect(error.code).toBe('VALIDATION');
    expect(error.fields?.secondFolder).toBe(
      `Recur could not create the folder ${join(file, 'inside')}: part of that path is a file, not a folder.`,
    );
  });

  it('gives a clear message when the backups folder is read-only or the disk is full', async () => {
    const readOnly: BackupIo = {
      mkdir: () => {
        throw Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
      },
      openWrite: nodeIo.openWrite,
    };
    await expect(createBackup(t.ports, 'manual', { io: readOnly })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `The backups folder is read-only (${join(tmp.dir, 'backups')}). Choose a folder Recur can write to.`,
    });
    t.ports.secrets.set('backupPassphrase', 'correct horse battery');
    await expect(createBackup(t.ports, 'manual', { io: failing('ENOSPC') })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `The disk of the backups folder is full (${join(tmp.dir, 'backups')}). Free some space and try again.`,
    });
    // Nothing that looks like a backup was left behind.
    expect((await t.call(owner, 'backups.list', {})).items).toEqual([]);
  });

  it('keeps the ladder: ten daily backups leave the last 7 days (6 recent among them)', async () => {
    for (let i = 0; i < 10; i++) {
      await createBackup(t.ports, 'scheduled');
      t.clock.advance(24 * 3600_000);
    }
    const items = (await t.call(await relogin(t), 'backups.list', {})).items;
    // Mar 2 … 11 at 15:00 UTC. Recent: Mar 6–11; daily adds Mar 5. Weekly (Mar 9–15, Mar 2–8) and
    // monthly (March) already have their newest (Mar 11, Mar 8) kept. Mar 2–4 go.
    expect(items.map((i) => i.createdAt)).toEqual(
      ['11', '10', '09', '08', '07', '06', '05'].map((d) => `2026-03-${d}T15:00:00.000Z`),
    );
    expect(readdirSync(join(tmp.dir, 'backups')).filter((f) => f.endsWith('.sqlite'))).toHaveLength(7);
  });
});

describe('restore', () => {
  it('round-trips: the same rows as when the backup was taken, the current data kept as a backup', async () => {
    await addMembers(t, owner, 5);
    const before = rowsOf(t, 'members');
    const backup = await t.call(owner, 'backups.create', {});
    await addMembers(t, owner, 3, 'Later');
    t.clock.advance(10 * 60_000);

    const contents = await t.call(owner, 'backups.inspect', { file: backup.file });
    expect(contents).toMatchObject({
      file: backup.file,
      createdAt: '2026-03-02T15:00:00.000Z',
      members: 5,
      invoices: 0,
      lastPaymentAt: null,
      businessName: 'Iron & Oak Fitness',
      schema: 'current',
    });

    const result = await t.call(owner, 'backups.restore', { file: backup.file });
    expect(result.restoredFrom).toBe(backup.file);
    expect(result.keptAs).toBe('recur-2026-03-02T15-10-00-000Z-before-restore.sqlite');
    expect(rowsOf(t, 'members')).toEqual(before);
    // Sessions ended: the token from before no longer works; signing in again does.
    expect((await t.fail(owner, 'members.list', {})).code).toBe('UNAUTHENTICATED');
    const { token } = await t.call(null, 'auth.login', {
      email: 'olga@ironoak.test',
      password: 'correct horse battery',
    });
    expect((await t.call(token, 'members.list', {})).total).toBe(5);
    // And what was replaced is one restore away.
    const kept = await t.call(token, 'backups.inspect', { file: result.keptAs });
    expect(kept.members).toBe(8);
  });

  it('refuses a damaged file, a file that is not Recur’s, and a newer schema, touching nothing', async () => {
    await addMembers(t, owner, 2);
    const incoming = join(tmp.dir, 'backups', 'incoming');
    const upload = async (bytes: Buffer) => {
      const r = await t.call(owner, 'backups.upload', {
        uploadId: null,
        base64: bytes.toString('base64'),
        done: true,
      });
      return r.file!;
    };
    // Not a database at all.
    const text = await upload(Buffer.from('hello, this is not a database'.repeat(200)));
    expect((await t.fail(owner, 'backups.restore', { file: text })).message).toMatch(/not a Recur backup/);

    // A database, but not Recur's.
    const other = join(tmp.dir, 'other.sqlite');
    const o = new Database(other);
    o.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    o.close();
    const otherName = await upload(readFileSync(other));
    expect((await t.fail(owner, 'backups.restore', { file: otherName })).message).toBe(
      'This file is a database, but not one of Recur’s.',
    );

    // From a newer Recur: a migration this version does not know.
    const backup = await t.call(owner, 'backups.create', {});
    const newer = join(tmp.dir, 'newer.sqlite');
    writeFileSync(newer, readFileSync(join(tmp.dir, 'backups', backup.file)));
    const n = new Database(newer);
    n.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run(
      'future',
      Date.UTC(2099, 0, 1),
    );
    n.close();
    expect(
      (await t.fail(owner, 'backups.restore', { file: await upload(readFileSync(newer)) })).message,
    ).toBe('This backup was made by a newer version of Recur. Update Recur, then restore it.');

    // Damaged: a page in the middle overwritten.
    const bytes = readFileSync(join(tmp.dir, 'backups', backup.file));
    bytes.fill(0x5a, 4096 * 3, 4096 * 5);
    const damaged = await upload(bytes);
    expect((await t.fail(owner, 'backups.restore', { file: damaged })).message).toMatch(
      /damaged|not a Recur backup/,
    );
    expect(existsSync(incoming)).toBe(true);
    // Still the same data, still signed in.
    expect((await t.call(owner, 'members.list', {})).total).toBe(2);
  });

  it('restores an uploaded file sent in pieces', async () => {
    await addMembers(t, owner, 4);
    const backup = await t.call(owner, 'backups.create', {});
    await addMembers(t, owner, 1, 'Extra');
    const bytes = readFileSync(join(tmp.dir, 'backups', backup.file));
    const pieces = [bytes.subarray(0, 10_000), bytes.subarray(10_000, 50_000), bytes.subarray(50_000)];
    let uploadId: string | null = null;
    let file: string | null = null;
    for (const [i, piece] of pieces.entries()) {
      const r: { uploadId: string; file: string | null } = await t.call(owner, 'backups.upload', {
        uploadId,
        base64: piece.toString('base64'),
        done: i === pieces.length - 1,
      });
      uploadId = r.uploadId;
      file = r.file;
    }
    expect(file).toMatch(/^incoming\/upload-[a-f0-9]{32}\.bak$/);
    expect((await t.call(owner, 'backups.inspect', { file: file! })).members).toBe(4);
    await t.call(owner, 'backups.restore', { file: file! });
    expect(rowsOf(t, 'members')).toHaveLength(4);
  });
});

describe('export everything', () => {
  it('writes a ZIP with a CSV per thing and a copy of the database, read back in pieces', async () => {
    await addMembers(t, owner, 3);
    await t.call(owner, 'members.create', { firstName: '=HYPERLINK("x")', lastName: 'Quote "me", please' });
    const done = await t.call(owner, 'backups.exportAll', {});
    expect(done.filename).toMatch(/^recur-export-2026-03-02T15-00-00Z-[a-f0-9]{8}\.zip$/);
    const parts: Buffer[] = [];
    let offset: number | null = 0;
    while (offset !== null) {
      const chunk: { base64: string; nextOffset: number | null } = await t.call(
        owner,
        'backups.exportChunk',
        {
          exportId: done.exportId,
          offset,
        },
      );
      parts.push(Buffer.from(chunk.base64, 'base64'));
      offset = chunk.nextOffset;
    }
    const zip = unzipSync(Buffer.concat(parts));
    expect(Object.keys(zip).sort()).toEqual(
      [
        'credit_notes.csv',
        'invoice_lines.csv',
        'invoices.csv',
        'members.csv',
        'payments.csv',
        'plans.csv',
        'recur.sqlite',
        'refunds.csv',
        'subscriptions.csv',
      ].sort(),
    );
    const members = strFromU8(zip['members.csv']!)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(members).toHaveLength(5); // header + 4
    expect(members[0]).toMatch(/^id,number,first_name,last_name,/);
    // Formula guarded, quotes doubled.
    expect(members[4]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(members[4]).toContain('"Quote ""me"", please"');
    // The database copy opens and holds the same members.
    const copy = join(tmp.dir, 'copy.sqlite');
    writeFileSync(copy, zip['recur.sqlite']!);
    const db = new Database(copy, { readonly: true });
    expect((db.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n).toBe(4);
    db.close();
  });
});

describe('backups with the passphrase kept elsewhere', () => {
  it('a backup encrypted on this computer restores with the passphrase typed in', async () => {
    const secrets = memorySecrets();
    t.close();
    tmp.remove();
    tmp = tempFolder('backups');
    t = fileCore(tmp.dir, { secrets });
    owner = await ownerOf(t);
    await addMembers(t, owner, 1);
    await t.call(owner, 'backups.settings', { passphrase: 'correct horse battery' });
    const item = await t.call(owner, 'backups.create', {});
    await t.call(owner, 'backups.settings', { passphrase: null });
    expect((await t.fail(owner, 'backups.inspect', { file: item.file })).fields).toEqual({
      passphrase: 'Enter the passphrase of this backup',
    });
    expect(
      (await t.call(owner, 'backups.inspect', { file: item.file, passphrase: 'correct horse battery' }))
        .members,
    ).toBe(1);
  });
});

describe('automatic backups', () => {
  it('one at start-up, then whenever the newest is 4 hours old', async () => {
    const list = () =>
      readdirSync(join(tmp.dir, 'backups'))
        .filter((f) => f.startsWith('recur-'))
        .sort();
    await t.core.scheduler.runDue();
    expect(list()).toEqual(['recur-2026-03-02T15-00-00-000Z-startup.sqlite']);
    t.clock.advance(3 * 3600_000 + 59 * 60_000);
    await t.core.scheduler.runDue();
    expect(list()).toHaveLength(1);
    t.clock.advance(60_000);
    await t.core.scheduler.runDue();
    expect(list()).toEqual([
      'recur-2026-03-02T15-00-00-000Z-startup.sqlite',
      'recur-2026-03-02T19-00-00-000Z-scheduled.sqlite',
    ]);
  });

  it('shows the last automatic failure until one succeeds', async () => {
    mkdirSync(join(tmp.dir, 'backups'));
    writeFileSync(join(tmp.dir, 'backups', '.work'), 'a file where the scratch folder should be');
    await t.core.scheduler.runDue();
    const failed = await t.call(owner, 'backups.list', {});
    expect(failed.items).toEqual([]);
    expect(failed.lastError).toMatch(/^Recur is not allowed to write to|is not there|could not write/);
    rmSync(join(tmp.dir, 'backups', '.work'));
    t.clock.advance(5 * 60_000); // the next run: still no backup at all, so one is due
    await t.core.scheduler.runDue();
    const ok = await t.call(owner, 'backups.list', {});
    expect(ok.items).toHaveLength(1);
    expect(ok.lastError).toBeNull();
  });
});
