import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/open';
import { businessSettings } from '../../../db/schema';
import type { BusinessSettings } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { prepared } from '../prepared';
import { addressOf, addressColumns } from '../address';

type Row = typeof businessSettings.$inferSelect;

export const toSettings = (row: Row): BusinessSettings => ({
  name: row.name,
  address: addressOf(row),
  taxId: row.taxId,
  logoDataUrl: row.logoDataUrl,
  currency: row.currency,
  timeZone: row.timeZone,
  locale: row.locale,
  email: row.email,
  phone: row.phone,
  lockAfterMinutes: row.lockAfterMinutes,
  memberNumberPrefix: row.memberNumberPrefix,
  invoicePrefix: row.invoicePrefix,
  creditNotePrefix: row.creditNotePrefix,
  invoiceDueDays: row.invoiceDueDays,
  deskPayLater: row.deskPayLater,
});

export const findSettingsRow = (db: DbOrTx) =>
  prepared(db, 'settings.row', (d) =>
    d.select().from(businessSettings).where(eq(businessSettings.id, 1)).prepare(),
  ).get();

/**
 * Settings are read many times in one transaction (dates, numbers, snapshots); they are kept for the
 * transaction's life. Only transactions are memoized, never the shared handle, so a change committed
 * by one call is seen by the next; `settings.update` forgets the entry of its own transaction.
 */
const perTransaction = new WeakMap<object, BusinessSettings>();
const isTransaction = (db: DbOrTx) => 'rollback' in db;

export function getSettings(db: DbOrTx): BusinessSettings {
  const cached = perTransaction.get(db);
  if (cached) return cached;
  const row = findSettingsRow(db);
  if (!row) throw new AppError('CONFLICT', 'Recur is not set up yet. Create the business first.');
  const settings = toSettings(row);
  if (isTransaction(db)) perTransaction.set(db, settings);
  return settings;
}

export const forgetSettings = (db: DbOrTx) => perTransaction.delete(db);

/** Columns for a (partial) settings change. */
export function settingsColumns(s: Partial<BusinessSettings>): Partial<Row> {
  const cols: Partial<Row> = {};
  if (s.name !== undefined) cols.name = s.name;
  if (s.address !== undefined) Object.assign(cols, addressColumns(s.address));
  if (s.taxId !== undefined) cols.taxId = s.taxId ?? null;
  if (s.logoDataUrl !== undefined) cols.logoDataUrl = s.logoDataUrl;
  if (s.currency !== undefined) cols.currency = s.currency;
  if (s.timeZone !== undefined) cols.timeZone = s.timeZone;
  if (s.locale !== undefined) cols.locale = s.locale;
  if (s.email !== undefined) cols.email = s.email ?? null;
  if (s.phone !== undefined) cols.phone = s.phone ?? null;
  if (s.lockAfterMinutes !== undefined) cols.lockAfterMinutes = s.lockAfterMinutes;
  if (s.memberNumberPrefix !== undefined) cols.memberNumberPrefix = s.memberNumberPrefix;
  if (s.invoicePrefix !== undefined) cols.invoicePrefix = s.invoicePrefix;
  if (s.creditNotePrefix !== undefined) cols.creditNotePrefix = s.creditNotePrefix;
  if (s.invoiceDueDays !== undefined) cols.invoiceDueDays = s.invoiceDueDays;
  if (s.deskPayLater !== undefined) cols.deskPayLater = s.deskPayLater;
  return cols;
}
