import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock, Logger } from '../core/ports';

type Level = 'info' | 'warn' | 'error';

export interface FileSystemLike {
  appendFileSync(file: string, data: string): void;
  mkdirSync(dir: string, options: { recursive: true }): unknown;
  renameSync(from: string, to: string): void;
  rmSync(file: string, options: { force: true }): void;
  statSync(file: string): { size: number };
}

const nodeFs: FileSystemLike = { appendFileSync, mkdirSync, renameSync, rmSync, statSync };

export interface FileLoggerOptions {
  dir: string;
  clock: Clock;
  /** Rotate when the current file would pass this size. */
  maxBytes?: number;
  /** Rotated files kept: recur.1.log (newest) … recur.N.log. */
  keep?: number;
  console?: Pick<Console, 'log' | 'warn' | 'error'> | null;
  fs?: FileSystemLike;
}

/**
 * One JSON line, the same shape as the headless server's log (`{at, level, message, ...data}`).
 * Errors become their name, message and stack; cycles and BigInts cannot break a line.
 */
export function formatLine(at: Date, level: Level, message: string, data?: Record<string, unknown>): string {
  const seen = new WeakSet<object>();
  const replacer = (_key: string, value: unknown) => {
    if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
    if (typeof value === 'bigint') return value.toString();
    if (value && typeof value === 'object') {
      if (seen.has(value)) return '[circular]';
      seen.add(value);
    }
    return value;
  };
  try {
    return JSON.stringify({ at: at.toISOString(), level, message, ...data }, replacer);
  } catch {
    return JSON.stringify({ at: at.toISOString(), level, message, data: '[unserializable]' });
  }
}

/**
 * The core's `Logger` port for the app: one JSON line per entry in `<data>/logs/recur.log`, rotated by
 * size, and echoed to the console (visible in `npm run dev`). Logging never throws.
 */
export function createFileLogger(options: FileLoggerOptions): Logger & { file: string } {
  const fs = options.fs ?? nodeFs;
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const keep = options.keep ?? 3;
  const out = options.console === undefined ? console : options.console;
  const file = join(options.dir, 'recur.log');
  const rotated = (n: number) => join(options.dir, `recur.${n}.log`);

  let size: number | null = null;
  let broken = false;

  const rotate = () => {
    fs.rmSync(rotated(keep), { force: true });
    for (let n = keep - 1; n >= 1; n--) {
      try {
        fs.renameSync(rotated(n), rotated(n + 1));
      } catch {
        // that generation does not exist yet
      }
    }
    fs.renameSync(file, rotated(1));
    size = 0;
  };

  const write = (level: Level, message: string, data?: Record<string, unknown>) => {
    const line = `${formatLine(options.clock.now(), level, message, data)}\n`;
    if (out) {
      const sink = level === 'error' ? out.error : level === 'warn' ? out.warn : out.log;
      sink.call(out, line.trimEnd());
    }
    if (broken) return;
    try {
      if (size === null) {
        fs.mkdirSync(options.dir, { recursive: true });
        try {
          size = fs.statSync(file).size;
        } catch {
          size = 0;
        }
      }
      const bytes = Buffer.byteLength(line);
      if (size > 0 && size + bytes > maxBytes) rotate();
      fs.appendFileSync(file, line);
      size += bytes;
    } catch (e) {
      broken = true;
      out?.error(`Recur cannot write its log file ${file}; logging to the console only.`, e);
    }
  };

  return {
    file,
    info: (message, data) => write('info', message, data),
    warn: (message, data) => write('warn', message, data),
    error: (message, data) => write('error', message, data),
  };
}
