import { spawn } from 'node:child_process';
import { openSync, readFileSync, truncateSync, writeSync, closeSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackup } from '../../../electron/core/backup/store';
import { addMembers, fileCore, ownerOf, tempFolder } from './support';

const SERVER = fileURLToPath(new URL('../../../electron/server/main.ts', import.meta.url));

let tmp: ReturnType<typeof tempFolder>;
let backupPath: string;
/** A data folder that has been used: a business, 5 members, one checked backup. */
beforeEach(async () => {
  tmp = tempFolder('startup');
  const t = fileCore(tmp.dir);
  const owner = await ownerOf(t);
  await addMembers(t, owner, 5);
  backupPath = join(tmp.dir, 'backups', (await createBackup(t.ports, 'manual')).file);
  // The marker the hosts write once the database has opened.
  const { markDataFolder } = await import('../../../electron/core/backup/startup');
  markDataFolder(tmp.dir, new Date('2026-03-02T15:00:00Z'));
  t.close();
});
afterEach(() => tmp.remove());

/** Starts the headless server from source; resolves when it exits or once it is listening (then stops it). */
function serve(args: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', SERVER, '--data', tmp.dir, '--port', '0', ...args],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, RECUR_TEST_CLOCK: undefined },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('Recur listening')) child.kill('SIGTERM');
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+/);

describe('start-up checks, headless', () => {
  it('a damaged page: exit 1, a plain message and the command that restores the newest good backup', async () => {
    const file = join(tmp.dir, 'recur.sqlite');
    const size = readFileSync(file).length;
    const fd = openSync(file, 'r+');
    // Scribble over the pages after the schema: the members' b-tree among them.
    writeSync(fd, Buffer.alloc(4096 * 6, 0x5a), 0, 4096 * 6, Math.min(4096 * 2, size - 4096 * 6));
    closeSync(fd);
    const r = await serve();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Recur’s data file is damaged');
    expect(r.stderr).toContain(`--restore "${backupPath}"`);
    noStack(r.stderr);

    // The way out it named works: the server starts on the restored file, the damaged one kept.
    const restored = await serve(['--restore', backupPath]);
    expect(restored.stderr + restored.stdout).toContain('Restored');
    expect(restored.stdout).toContain('5 members');
    expect(restored.stdout).toContain('Recur listening');
    const db = new Database(file, { readonly: true });
    expect((db.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n).toBe(5);
    db.close();
  }, 60_000);

  it('a zero-length database where one existed: never a fresh install', async () => {
    truncateSync(join(tmp.dir, 'recur.sqlite'), 0);
    const r = await serve();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Recur’s data file is missing or empty');
    expect(r.stderr).toContain('empty (0 bytes)');
    expect(r.stderr).toContain('--restore');
    noStack(r.stderr);
    expect(readFileSync(join(tmp.dir, 'recur.sqlite')).length).toBe(0); // nothing was created over it
  }, 60_000);

  it('a database from a newer Recur is refused with a plain message', async () => {
    const db = new Database(join(tmp.dir, 'recur.sqlite'));
    db.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run(
      'future',
      Date.UTC(2099, 0, 1),
    );
    db.close();
    const r = await serve();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('This data is from a newer Recur');
    noStack(r.stderr);
  }, 60_000);

  it('a brand-new data folder still starts', async () => {
    const fresh = tempFolder('fresh');
    const child = await new Promise<{ stdout: string }>((resolve) => {
      const c = spawn(process.execPath, ['--import', 'tsx', SERVER, '--data', fresh.dir, '--port', '0'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      c.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('Recur listening')) c.kill('SIGTERM');
      });
      c.on('exit', () => resolve({ stdout }));
    });
    expect(child.stdout).toContain('Recur listening');
    expect(existsSync(join(fresh.dir, 'recur-data.json'))).toBe(true);
    fresh.remove();
  }, 60_000);
});
