import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthResult, ClockState } from '../../shared/contract';
import type { Envelope } from '../../shared/errors';
import { OWNER } from '../support/core';

/** `npx tsx electron/server/main.ts` as a real process: the headless mode of DESIGN §3, end to end. */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LISTENING = /Recur listening on http:\/\/127\.0\.0\.1:(\d+)/;
const START = '2026-03-02T15:00:00.000Z';

interface ServerProcess {
  child: ChildProcess;
  base: string;
  dataFolder: string;
  output(): string;
}

const started: ServerProcess[] = [];

async function startServer(env: Record<string, string | undefined>): Promise<ServerProcess> {
  const dataFolder = mkdtempSync(join(tmpdir(), 'recur-serve-'));
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  delete childEnv.RECUR_TEST_CLOCK;
  delete childEnv.RECUR_TEST_CLOCK_START;
  delete childEnv.STRIPE_SECRET_KEY;
  Object.assign(childEnv, env);
  // Its own process group, so npx, tsx and node can be stopped together by the group's id.
  const child = spawn('npx', ['tsx', 'electron/server/main.ts', '--data', dataFolder, '--port', '0'], {
    cwd: ROOT,
    env: childEnv,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const server: ServerProcess = { child, base: '', dataFolder, output: () => output };
  started.push(server);
  server.base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const m = LISTENING.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return server;
}

function stop(server: ServerProcess): Promise<void> {
  return new Promise((resolve) => {
    const { child } = server;
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return resolve();
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

async function call<T>(base: string, channel: string, input: unknown, token?: string) {
  const res = await fetch(`${base}/api/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });
  return { status: res.status, envelope: (await res.json()) as Envelope<T> };
}

function valueOf<T>(reply: { status: number; envelope: Envelope<T> }): T {
  if (!reply.envelope.ok) throw new Error(`unexpected error: ${JSON.stringify(reply.envelope.error)}`);
  expect(reply.status).toBe(200);
  return reply.envelope.value;
}

let plain: ServerProcess;
let movable: ServerProcess;

beforeAll(async () => {
  [plain, movable] = await Promise.all([
    startServer({}),
    startServer({ RECUR_TEST_CLOCK: '1', RECUR_TEST_CLOCK_START: START }),
  ]);
}, 30_000);

afterAll(async () => {
  await Promise.all(started.map(stop));
  for (const s of started) rmSync(s.dataFolder, { recursive: true, force: true });
});

describe('the headless server process', () => {
  it('prints where it listens and answers auth.status over HTTP', async () => {
    expect(plain.output()).toMatch(LISTENING);
    const status = valueOf(
      await call<{ setupNeeded: boolean; testClock: boolean }>(plain.base, 'auth.status', {}),
    );
    expect(status).toMatchObject({ setupNeeded: true, testClock: false, operator: null });
    expect(existsSync(join(plain.dataFolder, 'recur.sqlite'))).toBe(true);
  });

  it('has no clock channels without RECUR_TEST_CLOCK', async () => {
    const { status, envelope } = await call(plain.base, 'clock.get', {});
    expect(status).toBe(404);
    expect(envelope).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(plain.output()).not.toContain('Test clock on');
  });

  it('with RECUR_TEST_CLOCK=1, clock.advance {days: 3} moves clock.get by three days', async () => {
    expect(movable.output()).toContain('Test clock on');
    // Clock channels are the owner's: set the business up first.
    const { token } = valueOf(await call<AuthResult>(movable.base, 'auth.setup', OWNER));
    const before = valueOf(await call<ClockState>(movable.base, 'clock.get', {}, token));
    expect(before).toEqual({ now: START, today: '2026-03-02' });

    const advanced = valueOf(await call<ClockState>(movable.base, 'clock.advance', { days: 3 }, token));
    expect(Date.parse(advanced.now) - Date.parse(before.now)).toBe(3 * 86_400_000);
    expect(advanced.today).toBe('2026-03-05');

    // Three idle days end the session, as they would on a real clock; sign in again to look.
    const again = valueOf(
      await call<AuthResult>(movable.base, 'auth.login', { email: OWNER.email, password: OWNER.password }),
    );
    expect(valueOf(await call<ClockState>(movable.base, 'clock.get', {}, again.token))).toEqual(advanced);
  });
});
