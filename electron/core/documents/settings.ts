import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/open';
import { documentSettings } from '../../../db/schema';
import type { DocumentSettings } from '../../../shared/contract';
import { prepared } from '../prepared';

type Row = typeof documentSettings.$inferSelect;

export const DEFAULT_DOCUMENT_SETTINGS: DocumentSettings = {
  logoDataUrl: null,
  footer: null,
  registration: null,
  iban: null,
  bic: null,
  emailInvoices: false,
};

const toSettings = (r: Row): DocumentSettings => ({
  logoDataUrl: r.logoDataUrl,
  footer: r.footer,
  registration: r.registration,
  iban: r.iban,
  bic: r.bic,
  emailInvoices: r.emailInvoices,
});

/** The owner's document settings, or the defaults until they are first saved. */
export function getDocumentSettings(db: DbOrTx): DocumentSettings {
  const row = prepared(db, 'documentSettings.row', (d) =>
    d.select().from(documentSettings).where(eq(documentSettings.id, 1)).prepare(),
  ).get();
  return row ? toSettings(row) : DEFAULT_DOCUMENT_SETTINGS;
}

/** Writes a partial change (inside the caller's transaction) and returns the new whole. */
export function saveDocumentSettings(
  tx: DbOrTx,
  change: Partial<DocumentSettings>,
  nowIso: string,
): DocumentSettings {
  const next = { ...getDocumentSettings(tx), ...stripUndefined(change) };
  tx.insert(documentSettings)
    .values({ id: 1, ...next, updatedAt: nowIso })
    .onConflictDoUpdate({ target: documentSettings.id, set: { ...next, updatedAt: nowIso } })
    .run();
  return next;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
