import { fileURLToPath } from 'node:url';
import { openDatabase, type RecurDatabase } from '../../db/open';
import { createCore, type Core } from '../../electron/core';
import { systemClock } from '../../electron/core/clock';
import type { CorePorts, Logger, PreferenceStore, SecretStore } from '../../electron/core/ports';
import type { Preferences } from '../../shared/contract';

export const MIGRATIONS = fileURLToPath(new URL('../../db/migrations', import.meta.url));

/** The owner of the synthetic business; a kept database is signed into with these. */
export const BENCH_OWNER = {
  businessName: 'Bench Fitness Club',
  currency: 'USD',
  timeZone: 'America/New_York',
  locale: 'en-US',
  name: 'Bench Owner',
  email: 'owner@bench.example.com',
  password: 'bench password 123',
};

export interface BenchCore {
  core: Core;
  /** What the core was built with (backups and exports take the ports themselves). */
  ports: CorePorts;
  database: RecurDatabase;
  /** Errors the core logged (INTERNAL failures); the bench reports them. */
  errors: string[];
  /** dispatch that returns the value or throws with the error body. */
  call<T = unknown>(token: string | null, channel: string, input: unknown): Promise<T>;
  close(): void;
}

function benchLogger(errors: string[]): Logger {
  return {
    info: () => {},
    warn: () => {},
    error: (message, data) => errors.push(`${message} ${JSON.stringify(data ?? {})}`),
  };
}

function memoryPorts(): { preferences: PreferenceStore; secrets: SecretStore } {
  let prefs: Preferences = { theme: 'auto' };
  const map = new Map<string, string>();
  return {
    preferences: { get: () => prefs, set: (p) => (prefs = p) },
    secrets: {
      get: (n) => map.get(n) ?? null,
      set: (n, v) => void map.set(n, v),
      delete: (n) => void map.delete(n),
    },
  };
}

/** The database opened as the app opens it (WAL, synchronous=FULL, migrations). */
export function openBenchDatabase(file: string): RecurDatabase {
  return openDatabase({ file, migrationsFolder: MIGRATIONS, backupDir: `${file}.backups` });
}

/**
 * A whole core on the real clock, as the app builds it: only the outside world is in memory. With a
 * data folder, backups and exports land in it as in the app.
 */
export function buildBenchCore(database: RecurDatabase, dataFolder: string | null = null): BenchCore {
  const errors: string[] = [];
  const ports: CorePorts = {
    database,
    clock: systemClock,
    logger: benchLogger(errors),
    ...memoryPorts(),
    dataFolder,
    version: '0.0.0-bench',
  };
  const core = createCore(ports);
  return {
    core,
    ports,
    database,
    errors,
    async call<T>(token: string | null, channel: string, input: unknown): Promise<T> {
      const r = await core.dispatch({ token }, channel, input);
      if (!r.ok) throw new Error(`${channel} failed: ${JSON.stringify(r.error)}`);
      return r.value as T;
    },
    close: () => core.close(),
  };
}

/** First-run setup through the core; returns the owner's token. */
export async function setupOwner(bench: BenchCore): Promise<string> {
  const { token } = await bench.call<{ token: string }>(null, 'auth.setup', BENCH_OWNER);
  return token;
}

export async function signIn(bench: BenchCore): Promise<string> {
  const { token } = await bench.call<{ token: string }>(null, 'auth.login', {
    email: BENCH_OWNER.email,
    password: BENCH_OWNER.password,
  });
  return token;
}
