import { renderCreditNote } from './layout/creditNote';
import { renderInvoice } from './layout/invoice';
import { renderReceipt } from './layout/receipt';
import { renderReceipt80 } from './layout/receipt80';
import type { DocumentSnapshot } from './snapshot';

/** A document's PDF from its snapshot: no database, no clock (STYLE "Documents"). */
export function render(s: DocumentSnapshot): Uint8Array {
  switch (s.kind) {
    case 'invoice':
      return renderInvoice(s);
    case 'receipt':
      return s.layout === 'roll80' ? renderReceipt80(s) : renderReceipt(s);
    case 'creditNote':
      return renderCreditNote(s);
  }
}
