import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../db/open';
import { createCore } from '../../../electron/core';
import { createTestClock } from '../../../electron/core/clock';
import type { SecretStore } from '../../../electron/core/ports';
import type { ChannelName, InputOf, OutputOf } from '../../../shared/contract';
import type { ErrorBody } from '../../../shared/errors';
import { MIGRATIONS, memoryLogger, memoryPreferences, memorySecrets, OWNER } from '../../support/core';

export const START = new Date('2026-03-02T15:00:00Z');

/** A core on a database file in a data folder of its own, as the hosts build it (restore included). */
export function fileCore(dataFolder: string, options: { secrets?: SecretStore; start?: Date } = {}) {
  const file = join(dataFolder, 'recur.sqlite');
  const clock = createTestClock(options.start ?? START);
  const open = (f: string) => openDatabase({ file: f, migrationsFolder: MIGRATIONS, now: () => clock.now() });
  const ports = {
    database: open(file),
    clock,
    logger: memoryLogger(),
    preferences: memoryPreferences(),
    secrets: options.secrets ?? memorySecrets(),
    dataFolder,
    reopenDatabase: open,
    version: '0.0.0-test',
  };
  const core = createCore(ports);
  const send = (token: string | null, channel: string, input?: unknown) =>
    core.dispatch({ token }, channel, input ?? {});
  return {
    core,
    clock,
    ports,
    file,
    send,
    async call<C extends ChannelName>(
      token: string | null,
      channel: C,
      input: InputOf<C>,
    ): Promise<OutputOf<C>> {
      const r = await send(token, channel, input);
      if (!r.ok) throw new Error(`${channel} failed: ${JSON.stringify(r.error)}`);
      return r.value as OutputOf<C>;
    },
    async fail<C extends ChannelName>(
      token: string | null,
      channel: C,
      input: InputOf<C>,
    ): Promise<ErrorBody> {
      const r = await send(token, channel, input);
      if (r.ok) throw new Error(`${channel} unexpectedly succeeded`);
      return r.error;
    },
    close: () => core.close(),
  };
}
export type FileCore = ReturnType<typeof fileCore>;

export async function ownerOf(t: FileCore): Promise<string> {
  return (await t.call(null, 'auth.setup', OWNER)).token;
}

export async function addMembers(t: FileCore, token: string, n: number, prefix = 'Member'): Promise<void> {
  for (let i = 0; i < n; i++) {
    await t.call(token, 'members.create', {
      firstName: prefix,
      lastName: `No${i}`,
      email: `${prefix.toLowerCase()}${i}@example.test`,
    });
  }
}

export function tempFolder(name: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `recur-${name}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Rows of a table straight from the database, for before/after comparisons. */
export function rowsOf(t: FileCore, table: string): unknown[] {
  return t.ports.database.sqlite.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all();
}
