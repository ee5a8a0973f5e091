import { fileURLToPath } from 'node:url';
import { openDatabase, type RecurDatabase } from '../../db/open';
import { createCore, type Core } from '../../electron/core';
import { createTestClock } from '../../electron/core/clock';
import type { CorePorts, Logger, PreferenceStore, SecretStore, TestClock } from '../../electron/core/ports';
import type { ChannelName, InputOf, OutputOf, Preferences } from '../../shared/contract';
import type { Envelope, ErrorBody } from '../../shared/errors';

export const MIGRATIONS = fileURLToPath(new URL('../../db/migrations', import.meta.url));

/** A logger that keeps what it was told, so tests can assert that errors were logged (or not). */
export function memoryLogger(): Logger & {
  entries: Array<{ level: string; message: string; data?: unknown }>;
} {
  const entries: Array<{ level: string; message: string; data?: unknown }> = [];
  return {
    entries,
    info: (message, data) => entries.push({ level: 'info', message, data }),
    warn: (message, data) => entries.push({ level: 'warn', message, data }),
    error: (message, data) => entries.push({ level: 'error', message, data }),
  };
}

export function memoryPreferences(): PreferenceStore {
  let prefs: Preferences = { theme: 'auto' };
  return { get: () => prefs, set: (p) => (prefs = p) };
}

export function memorySecrets(): SecretStore {
  const map = new Map<string, string>();
  return {
    get: (n) => map.get(n) ?? null,
    set: (n, v) => void map.set(n, v),
    delete: (n) => void map.delete(n),
  };
}

export interface TestCore {
  core: Core;
  clock: TestClock;
  database: RecurDatabase;
  logger: ReturnType<typeof memoryLogger>;
  /** Raw dispatch: the envelope. */
  send(token: string | null, channel: string, input?: unknown): Promise<Envelope<unknown>>;
  /** Typed call that returns the value or throws with the error body in the message. */
  call<C extends ChannelName>(token: string | null, channel: C, input: InputOf<C>): Promise<OutputOf<C>>;
  /** Typed call that must fail; returns the error body. */
  fail<C extends ChannelName>(token: string | null, channel: C, input: InputOf<C>): Promise<ErrorBody>;
  close(): void;
}

export const OWNER = {
  businessName: 'Iron & Oak Fitness',
  currency: 'USD',
  timeZone: 'America/New_York',
  locale: 'en-US',
  name: 'Olga Owner',
  email: 'olga@ironoak.test',
  password: 'correct horse battery',
};

/** A whole core on an in-memory database built by the real migrations, on a test clock. */
export interface BuildCoreOptions {
  start?: Date;
  testClockChannels?: boolean;
  file?: string;
  /** Only the first N migrations: a database of an earlier release, to test an upgrade. */
  migrationsUpTo?: number;
  cardGateway?: CorePorts['cardGateway'];
  faults?: CorePorts['faults'];
  mailer?: CorePorts['mailer'];
  smsGateway?: CorePorts['smsGateway'];
  secrets?: SecretStore;
  /** A data folder (exports land in its exports/); none by default, as for an in-memory database. */
  dataFolder?: string;
}

export function buildCore(options: BuildCoreOptions = {}): TestCore {
  const clock = createTestClock(options.start ?? new Date('2026-03-02T15:00:00Z'));
  const database = openDatabase({
    file: options.file ?? ':memory:',
    migrationsFolder: MIGRATIONS,
    ...(options.migrationsUpTo === undefined ? {} : { upTo: options.migrationsUpTo }),
  });
  const logger = memoryLogger();
  const core = createCore({
    database,
    clock,
    logger,
    preferences: memoryPreferences(),
    secrets: options.secrets ?? memorySecrets(),
    ...(options.cardGateway ? { cardGateway: options.cardGateway } : {}),
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.mailer ? { mailer: options.mailer } : {}),
    ...(options.smsGateway ? { smsGateway: options.smsGateway } : {}),
    dataFolder: options.dataFolder ?? null,
    version: '0.0.0-test',
    ...(options.testClockChannels ? { testClock: clock } : {}),
  });
  const send = (token: string | null, channel: string, input?: unknown) =>
    core.dispatch({ token }, channel, input ?? {});
  return {
    core,
    clock,
    database,
    logger,
    send,
    async call(token, channel, input) {
      const r = await send(token, channel, input);
      if (!r.ok) throw new Error(`${channel} failed: ${JSON.stringify(r.error)}`);
      return r.value as never;
    },
    async fail(token, channel, input) {
      const r = await send(token, channel, input);
      if (r.ok) throw new Error(`${channel} unexpectedly succeeded: ${JSON.stringify(r.value)}`);
      return r.error;
    },
    close: () => core.close(),
  };
}

/** Sets the business up and returns the owner's token. */
export async function setupOwner(t: TestCore): Promise<string> {
  const { token } = await t.call(null, 'auth.setup', OWNER);
  return token;
}

/** Creates an operator with a role, signs them in, clears must-change-password, returns their token. */
export async function signInAs(
  t: TestCore,
  ownerToken: string,
  role: 'manager' | 'staff' | 'owner',
  email = `${role}@ironoak.test`,
): Promise<string> {
  const temporaryPassword = 'temporary password 1';
  await t.call(ownerToken, 'operators.create', { name: `${role} person`, email, role, temporaryPassword });
  const { token } = await t.call(null, 'auth.login', { email, password: temporaryPassword });
  await t.call(token, 'auth.changePassword', {
    currentPassword: temporaryPassword,
    newPassword: 'a brand new password',
  });
  return token;
}
