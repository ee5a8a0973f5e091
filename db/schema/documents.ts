import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * How documents look and travel (DESIGN §10): one row (id = 1), written the first time the owner saves
 * Settings → Documents. Until then every column has its default.
 */
export const documentSettings = sqliteTable('document_settings', {
  id: integer('id').primaryKey(),
  /** PNG or JPEG data URL, at most 2 MB of image, checked by its bytes (not its name). */
  logoDataUrl: text('logo_data_url'),
  /** Bank details, legal lines: the foot of every page. */
  footer: text('footer'),
  /** Company registration line printed under the business's tax id. */
  registration: text('registration'),
  /** For the EPC ("GiroCode") QR code on euro invoices. */
  iban: text('iban'),
  bic: text('bic'),
  /** Email each invoice to the member as it is issued (queued in the finalizing transaction). */
  emailInvoices: integer('email_invoices', { mode: 'boolean' }).notNull().default(false),
  updatedAt: text('updated_at').notNull(),
});
