import { statSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { businessSettings } from '../../../db/schema';
import { recordAudit } from '../audit/record';
import type { DomainHandlers } from '../handler';
import { forgetSettings, getSettings, settingsColumns } from './repo';

/** Logos are stored whole; the log keeps only whether one was set, not the bytes. */
const auditView = (s: ReturnType<typeof getSettings>) => ({
  ...s,
  logoDataUrl: s.logoDataUrl ? 'set' : null,
});

export const settingsHandlers: DomainHandlers<'settings'> = {
  'settings.get': (ctx) => getSettings(ctx.db),
  'settings.update': (ctx, input) =>
    ctx.write((tx) => {
      const before = getSettings(tx);
      tx.update(businessSettings)
        .set({ ...settingsColumns(input), updatedAt: ctx.nowIso() })
        .where(eq(businessSettings.id, 1))
        .run();
      forgetSettings(tx);
      const after = getSettings(tx);
      recordAudit(tx, ctx, {
        entity: 'settings',
        entityId: 1,
        action: 'updated',
        before: auditView(before),
        after: auditView(after),
      });
      ctx.changed('settings', [1]);
      return after;
    }),
};

export const preferenceHandlers: DomainHandlers<'preferences'> = {
  'preferences.get': (ctx) => ctx.ports.preferences.get(),
  'preferences.set': (ctx, input) => {
    ctx.ports.preferences.set(input);
    return ctx.ports.preferences.get();
  },
};

const sizeOf = (file: string) => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};

export const systemHandlers: DomainHandlers<'system'> = {
  'system.info': (ctx) => {
    const file = ctx.ports.database.file === ':memory:' ? null : ctx.ports.database.file;
    return {
      version: ctx.ports.version ?? '0.0.0',
      dataFolder: ctx.ports.dataFolder ?? null,
      databaseFile: file,
      // WAL mode keeps recent writes beside the main file; both are the database.
      databaseBytes: file ? sizeOf(file) + sizeOf(`${file}-wal`) : null,
      testClock: Boolean(ctx.ports.testClock),
    };
  },
};
