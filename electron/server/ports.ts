import { appendFileSync, chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Preferences } from '../../shared/contract';
import type { Logger, PreferenceStore, SecretStore } from '../core/ports';

/** The headless counterparts of electron-store and safeStorage: small files in the data folder. */

const readJson = <T>(file: string, fallback: T): T => {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return fallback;
  }
};

export function filePreferences(dataFolder: string): PreferenceStore {
  const file = join(dataFolder, 'preferences.json');
  return {
    get: () => ({ theme: 'auto', ...readJson<Partial<Preferences>>(file, {}) }),
    set: (preferences) => writeFileSync(file, JSON.stringify(preferences, null, 2)),
  };
}

/**
 * Secrets headless (DESIGN §7): an environment variable named like the secret in upper snake case
 * (`stripeSecretKey` → `STRIPE_SECRET_KEY`) wins; otherwise `secrets.json` in the data folder,
 * readable only by its owner. There is no OS keychain on a display-less server to encrypt with.
 */
export function fileSecrets(dataFolder: string, env: NodeJS.ProcessEnv = process.env): SecretStore {
  const file = join(dataFolder, 'secrets.json');
  const envName = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
  const write = (all: Record<string, string>) => {
    writeFileSync(file, JSON.stringify(all, null, 2), { mode: 0o600 });
    chmodSync(file, 0o600);
  };
  return {
    get: (name) => env[envName(name)] ?? readJson<Record<string, string>>(file, {})[name] ?? null,
    set: (name, value) => write({ ...readJson<Record<string, string>>(file, {}), [name]: value }),
    delete: (name) => {
      const all = readJson<Record<string, string>>(file, {});
      delete all[name];
      write(all);
    },
  };
}

/** One JSON line per entry in `logs/recur.log`, and warnings and errors on the console. */
export function fileLogger(dataFolder: string, now: () => Date): Logger {
  const dir = join(dataFolder, 'logs');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'recur.log');
  const write = (level: string, message: string, data?: Record<string, unknown>) => {
    const line = JSON.stringify({ at: now().toISOString(), level, message, ...data });
    try {
      appendFileSync(file, `${line}\n`);
    } catch {
      // A full disk must not take the app down with it; the console still has it.
    }
    if (level !== 'info') console.error(`[${level}] ${message}`, data ?? '');
  };
  return {
    info: (m, d) => write('info', m, d),
    warn: (m, d) => write('warn', m, d),
    error: (m, d) => write('error', m, d),
  };
}
