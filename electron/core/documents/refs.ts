import type { DbOrTx } from '../../../db/open';
import { creditNoteSnapshot, invoiceSnapshot, receiptSnapshot } from './loader';
import { render } from './render';

/** What a document is about: an invoice, a payment (as an A4/Letter or 80 mm receipt) or a credit note. */
export type DocumentKind = 'invoice' | 'receipt' | 'receipt80' | 'creditNote';

/** A pointer to a document; the outbox stores these instead of PDF bytes (a document is derived). */
export interface DocumentRef {
  kind: DocumentKind;
  /** The invoice id, payment id or credit-note id. */
  id: number;
}

export interface RenderedDocument {
  /** e.g. INV-00042.pdf */
  filename: string;
  bytes: Uint8Array;
}

/** Numbers may hold slashes (prefix `2026/`): never let one become a folder in a file name. */
const safeName = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-');

/** Builds the PDF a ref names from what is stored now. Throws AppError NOT_FOUND when it is gone. */
export function renderDocumentRef(db: DbOrTx, ref: DocumentRef): RenderedDocument {
  switch (ref.kind) {
    case 'invoice': {
      const s = invoiceSnapshot(db, ref.id);
      return {
        filename: s.number ? `${safeName(s.number)}.pdf` : `draft-invoice-${ref.id}.pdf`,
        bytes: render(s),
      };
    }
    case 'receipt':
    case 'receipt80': {
      const s = receiptSnapshot(db, ref.id, ref.kind === 'receipt80' ? 'roll80' : 'page');
      const suffix = ref.kind === 'receipt80' ? '-80mm' : '';
      return { filename: `${safeName(s.number)}${suffix}.pdf`, bytes: render(s) };
    }
    case 'creditNote': {
      const s = creditNoteSnapshot(db, ref.id);
      return { filename: `${safeName(s.number)}.pdf`, bytes: render(s) };
    }
  }
}
