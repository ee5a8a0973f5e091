import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup } from '../../../electron/core/backup/store';
import { addMembers, fileCore, ownerOf, tempFolder } from './support';

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
const tmp = tempFolder('backup-crash');
const data = tmp.dir;
let small: string;
let big: string;
let bigMembers = 0;

/** A database big enough (tens of MB) that a backup or restore takes long enough to be interrupted. */
beforeAll(async () => {
  const t = fileCore(data);
  const owner = await ownerOf(t);
  await addMembers(t, owner, 3);
  small = (await createBackup(t.ports, 'manual')).file;
  t.ports.database.sqlite.exec(`
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30000)
    INSERT INTO members (number, first_name, last_name, sort_name, address_line2, created_at, updated_at)
    SELECT 1000 + i, 'Bulk', 'Member ' || i, 'member ' || i || ' bulk', hex(randomblob(300)),
      '2026-03-02T15:00:00.000Z', '2026-03-02T15:00:00.000Z' FROM n`);
  bigMembers = (t.ports.database.sqlite.prepare('SELECT count(*) AS n FROM members').get() as { n: number })
    .n;
  t.clock.advance(60_000);
  const bigBackup = (await createBackup(t.ports, 'manual')).file;
  t.close();
  // Kept where the retention ladder never prunes: the uploads folder.
  mkdirSync(join(data, 'backups', 'incoming'), { recursive: true });
  copyFileSync(join(data, 'backups', small), join(data, 'backups', 'incoming', 'small.sqlite'));
  copyFileSync(join(data, 'backups', bigBackup), join(data, 'backups', 'incoming', 'big.sqlite'));
  small = 'incoming/small.sqlite';
  big = 'incoming/big.sqlite';
}, 60_000);
afterAll(() => tmp.remove());

/** Runs the child and SIGKILLs it `afterMs` after it said it started; resolves with what it printed. */
function runAndKill(env: Record<string, string>, afterMs: number): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: { ...process.env, DATA: data, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    // A child that failed on its own (rather than being killed) would prove nothing.
    child.stderr.on('data', (d: Buffer) => (out += `\nstderr: ${d.toString()}`));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('started')) setTimeout(() => child.kill('SIGKILL'), afterMs);
    });
    child.on('exit', () => resolve(out));
  });
}

function state(): { ok: string; members: number } {
  const db = new Database(join(data, 'recur.sqlite'));
  try {
    return {
      ok: db.pragma('integrity_check', { simple: true }) as string,
      members: (db.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n,
    };
  } finally {
    db.close();
  }
}

describe('SIGKILL during a backup or a restore', () => {
  it('leaves the database good and no half backup listed', async () => {
    for (const afterMs of [5, 40, 150]) {
      expect(await runAndKill({ ACTION: 'backup' }, afterMs)).not.toContain('stderr');
      expect(state()).toEqual({ ok: 'ok', members: bigMembers });
      // Only whole, checked backups carry a backup's name; scratch files stay in .work.
      const t = fileCore(data);
      const owner = (
        await t.call(null, 'auth.login', { email: 'olga@ironoak.test', password: 'correct horse battery' })
      ).token;
      const list = await t.call(owner, 'backups.list', {});
      for (const item of list.items) expect(item.check).toBe('ok');
      t.close();
    }
  }, 60_000);

  it('leaves either the old database or the restored one, whole', async () => {
    const { restoreBackup } = await import('../../../electron/core/backup/restore');
    const putBigBack = async () => {
      const t = fileCore(data);
      await restoreBackup(t.ports, big, undefined);
      t.close();
    };
    // How long a whole restore takes here, to spread the kills over it.
    const started = Date.now();
    expect(await runAndKill({ ACTION: 'restore', FILE: small }, 60_000)).toContain('finished');
    const whole = Date.now() - started;
    expect(state()).toEqual({ ok: 'ok', members: 3 });
    await putBigBack();

    const seen = new Set<number>();
    for (const part of [0.1, 0.4, 0.7, 0.85, 0.95]) {
      const out = await runAndKill({ ACTION: 'restore', FILE: small }, Math.round(whole * part));
      expect(out).toContain('started');
      expect(out).not.toContain('stderr');
      const s = state();
      expect(s.ok).toBe('ok');
      expect([3, bigMembers]).toContain(s.members);
      seen.add(s.members);
      if (s.members === 3) await putBigBack();
    }
    expect(seen.has(bigMembers)).toBe(true);
    expect(readdirSync(join(data, 'backups')).some((f) => f.endsWith('before-restore.sqlite'))).toBe(true);
  }, 240_000);
});
