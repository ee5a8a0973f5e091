import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DataFolderBusyError,
  lockDataFolder,
  makeDatabasePrivate,
  makeDataFolderPrivate,
} from '../../db/data-folder';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const mode = (path: string) => statSync(path).mode & 0o777;

const folders: string[] = [];
const children: Array<{ pid?: number; exitCode: number | null }> = [];
const newFolder = () => {
  const f = mkdtempSync(join(tmpdir(), 'recur-folder-'));
  folders.push(f);
  return f;
};
afterEach(() => {
  for (const c of children.splice(0)) {
    if (c.exitCode === null && c.pid) {
      try {
        process.kill(-c.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
});

/** Starts `electron/server/main.ts` on a folder; resolves once it listens, or with its exit and output. */
function serve(
  folder: string,
): Promise<{ listening: boolean; code: number | null; output: string; pid: number }> {
  const child = spawn('npx', ['tsx', 'electron/server/main.ts', '--data', folder, '--port', '0'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RECUR_TEST_CLOCK: undefined, STRIPE_SECRET_KEY: undefined },
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer in time:\n${output}`)), 30_000);
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
      if (/Recur listening on/.test(output)) {
        clearTimeout(timer);
        resolve({ listening: true, code: null, output, pid: child.pid! });
      }
    });
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ listening: false, code, output, pid: child.pid! });
    });
  });
}

describe('one process per data folder (finding 5.3)', () => {
  it('refuses a second lock on the same folder, and gives it up when released', () => {
    const folder = newFolder();
    const first = lockDataFolder(folder);
    expect(() => lockDataFolder(folder)).toThrow(DataFolderBusyError);
    first.release();
    lockDataFolder(folder).release();
  });

  it('stops a second headless server with a plain sentence, and a crashed one leaves no stale lock', async () => {
    const folder = newFolder();
    const first = await serve(folder);
    expect(first.listening).toBe(true);
    const second = await serve(folder);
    expect(second).toMatchObject({ listening: false, code: 1 });
    expect(second.output.trim()).toBe(
      `Another copy of Recur is already using the data folder ${folder}. Stop it first, or start this one with --data pointing at another folder.`,
    );
    // SIGKILL: nothing runs on the way out, yet the kernel drops the lock with the process.
    process.kill(-first.pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    const third = await serve(folder);
    expect(third.listening).toBe(true);
  }, 60_000);
});

describe('a private data folder (finding 5.7)', () => {
  it('makes an existing world-readable folder 700 and the files in it 600', () => {
    const folder = newFolder();
    chmodSync(folder, 0o755);
    writeFileSync(join(folder, 'recur.sqlite'), '');
    chmodSync(join(folder, 'recur.sqlite'), 0o644);
    mkdirSync(join(folder, 'backups'), { mode: 0o755 });
    writeFileSync(join(folder, 'backups', 'recur-2026-03-02.sqlite'), '');
    chmodSync(join(folder, 'backups', 'recur-2026-03-02.sqlite'), 0o644);
    makeDataFolderPrivate(folder);
    expect(mode(folder)).toBe(0o700);
    expect(mode(join(folder, 'recur.sqlite'))).toBe(0o600);
    expect(mode(join(folder, 'backups'))).toBe(0o700);
    expect(mode(join(folder, 'backups', 'recur-2026-03-02.sqlite'))).toBe(0o600);
  });

  it('creates a new folder as 700 and keeps the database, its WAL and later files 600', () => {
    const folder = join(newFolder(), 'Recur');
    const umask = process.umask();
    try {
      makeDataFolderPrivate(folder);
      // Written later by anyone in the process (a backup copied to a second folder, an export).
      writeFileSync(join(folder, 'later.zip'), '');
      expect(mode(join(folder, 'later.zip'))).toBe(0o600);
    } finally {
      process.umask(umask);
    }
    expect(mode(folder)).toBe(0o700);
    const file = join(folder, 'recur.sqlite');
    writeFileSync(file, '');
    writeFileSync(`${file}-wal`, '');
    chmodSync(file, 0o644);
    chmodSync(`${file}-wal`, 0o644);
    makeDatabasePrivate(file);
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}-wal`)).toBe(0o600);
  });

  it('leaves the headless server’s folder 700 and its database 600', async () => {
    const folder = newFolder();
    chmodSync(folder, 0o755);
    const started = await serve(folder);
    expect(started.listening).toBe(true);
    expect(mode(folder)).toBe(0o700);
    expect(mode(join(folder, 'recur.sqlite'))).toBe(0o600);
  }, 60_000);
});
