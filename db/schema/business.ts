import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** The business profile: exactly one row (id = 1), created by first-run setup. */
export const businessSettings = sqliteTable('business_settings', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  addressLine1: text('address_line1'),
  addressLine2: text('address_line2'),
  city: text('city'),
  region: text('region'),
  postalCode: text('postal_code'),
  country: text('country'),
  taxId: text('tax_id'),
  logoDataUrl: text('logo_data_url'),
  currency: text('currency').notNull(),
  timeZone: text('time_zone').notNull(),
  locale: text('locale').notNull(),
  email: text('email'),
  phone: text('phone'),
  lockAfterMinutes: integer('lock_after_minutes').notNull().default(15),
  memberNumberPrefix: text('member_number_prefix').notNull().default('M'),
  invoicePrefix: text('invoice_prefix').notNull().default('INV-'),
  creditNotePrefix: text('credit_note_prefix').notNull().default('CN-'),
  /** Days from issue to due date for invoices paid at the desk. */
  invoiceDueDays: integer('invoice_due_days').notNull().default(7),
  /** The desk may sell a membership as "invoice, pay later" (active now, invoice open). */
  deskPayLater: integer('desk_pay_later', { mode: 'boolean' }).notNull().default(true),
  /** Outgoing mail server; its password is a secret (`smtpPassword`), never stored here. */
  smtpHost: text('smtp_host'),
  smtpPort: integer('smtp_port'),
  smtpSecure: integer('smtp_secure', { mode: 'boolean' }).notNull().default(false),
  smtpUser: text('smtp_user'),
  mailFrom: text('mail_from'),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** Named counters for readable numbers (members now; invoices and credit notes later). */
export const sequences = sqliteTable('sequences', {
  name: text('name').primaryKey(),
  next: integer('next').notNull(),
});
