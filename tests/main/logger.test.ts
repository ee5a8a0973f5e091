import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createFileLogger, formatLine } from '../../electron/main/logger';

vi.mock('electron', () => ({}));

const clock = { now: () => new Date('2025-03-01T10:00:00.000Z') };
const tempDirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'recur-log-'));
  tempDirs.push(dir);
  return dir;
};
afterAll(() => tempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('file logger', () => {
  it('writes one JSON line per entry, like the headless server', () => {
    const dir = join(tempDir(), 'logs');
    const logger = createFileLogger({ dir, clock, console: null });
    logger.info('started', { version: '0.1.0' });
    logger.error('boom', { error: new Error('bad thing') });
    const lines = readFileSync(join(dir, 'recur.log'), 'utf8').trim().split('\n');
    expect(JSON.parse(lines[0]!)).toEqual({
      at: '2025-03-01T10:00:00.000Z',
      level: 'info',
      message: 'started',
      version: '0.1.0',
    });
    const second = JSON.parse(lines[1]!);
    expect(second).toMatchObject({
      level: 'error',
      message: 'boom',
      error: { name: 'Error', message: 'bad thing' },
    });
    expect(second.error.stack).toContain('Error: bad thing');
  });

  it('rotates by size and keeps a bounded number of files', () => {
    const dir = tempDir();
    const logger = createFileLogger({ dir, clock, console: null, maxBytes: 200, keep: 2 });
    for (let i = 0; i < 20; i++) logger.info(`entry ${i} ${'x'.repeat(40)}`);
    expect(readFileSync(join(dir, 'recur.log'), 'utf8').length).toBeLessThanOrEqual(200);
    expect(existsSync(join(dir, 'recur.1.log'))).toBe(true);
    expect(existsSync(join(dir, 'recur.2.log'))).toBe(true);
    expect(existsSync(join(dir, 'recur.3.log'))).toBe(false);
    expect(readFileSync(join(dir, 'recur.log'), 'utf8')).toContain('entry 19');
  });

  it('echoes to the console by level and survives an unwritable folder', () => {
    const out = { log: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const fs = {
      appendFileSync: vi.fn(() => {
        throw new Error('EACCES');
      }),
      mkdirSync: vi.fn(),
      renameSync: vi.fn(),
      rmSync: vi.fn(),
      statSync: vi.fn(() => ({ size: 0 })),
    };
    const logger = createFileLogger({ dir: '/nope', clock, console: out, fs });
    logger.warn('careful');
    logger.info('still fine');
    expect(out.warn).toHaveBeenCalledWith(
      '{"at":"2025-03-01T10:00:00.000Z","level":"warn","message":"careful"}',
    );
    expect(out.log).toHaveBeenCalledWith(
      '{"at":"2025-03-01T10:00:00.000Z","level":"info","message":"still fine"}',
    );
    expect(fs.appendFileSync).toHaveBeenCalledTimes(1);
  });

  it('serializes cycles and bigints without throwing', () => {
    const a: Record<string, unknown> = { n: 1n };
    a.self = a;
    expect(formatLine(clock.now(), 'info', 'x', { a })).toBe(
      '{"at":"2025-03-01T10:00:00.000Z","level":"info","message":"x","a":{"n":"1","self":"[circular]"}}',
    );
  });
});
