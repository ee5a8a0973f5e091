import type { Tx } from '../../../db/open';
import { isAppError } from '../../../shared/errors';
import type { Ctx } from '../context';
import { queueDocumentMail } from './emails';
import { getDocumentSettings } from './settings';

/**
 * "Email invoices when issued" (Settings → Documents): queued in the finalizing transaction, once per
 * invoice. A member without an email address simply gets none; issuing never fails because of it.
 */
export function emailInvoiceOnIssue(tx: Tx, ctx: Ctx, invoiceId: number): void {
  if (!getDocumentSettings(tx).emailInvoices) return;
  try {
    queueDocumentMail(tx, ctx, { kind: 'invoice', id: invoiceId }, undefined, {
      dedupeKey: `invoice-issued:${invoiceId}`,
      automatic: true,
    });
  } catch (e) {
    // Thrown before anything was written (no address): nothing to undo.
    if (!isAppError(e) || e.code !== 'VALIDATION') throw e;
  }
}
