import type { CreditNoteSnapshot } from '../snapshot';
import { ensureSpace, finishPages, MUTED, openFrame, output, text } from './frame';
import { pageHeader } from './header';
import { taxTable } from './invoice';

/** A credit note: its own number, the invoice it corrects (EU VAT art. 219), why, and how much. */
export function renderCreditNote(s: CreditNoteSnapshot): Uint8Array {
  const fr = openFrame(s, s.paper, 16);
  const { f } = fr;
  const rows: [string, string][] = [
    ['Credit note no.', s.number],
    ['Issue date', f.dateTime(s.issuedAt)],
    ['Corrects invoice', s.invoice.number ?? '—'],
    ['Currency', s.currency],
  ];
  let y = pageHeader(fr, s, 'CREDIT NOTE', rows, 'Credit to');

  y = ensureSpace(fr, y, 30);
  y = text(
    fr,
    `This credit note corrects invoice ${s.invoice.number ?? ''}${s.invoice.issueDate ? ` of ${f.date(s.invoice.issueDate)}` : ''} (total ${f.money(s.invoice.total)}).`,
    fr.margin,
    y,
    { maxWidth: fr.width - 2 * fr.margin },
  );
  y = text(fr, `Reason: ${s.reason}`, fr.margin, y + 2, { maxWidth: fr.width - 2 * fr.margin });
  y += 6;
  fr.doc.setFillColor(244, 245, 248);
  fr.doc.roundedRect(fr.margin, y, fr.width - 2 * fr.margin, 20, 2, 2, 'F');
  text(fr, 'Amount credited', fr.margin + 5, y + 3.5, { colour: MUTED });
  text(fr, fr.f.money(-s.amount), fr.margin + 5, y + 8.5, { size: 16, bold: true });
  text(
    fr,
    s.destination === 'refund' ? 'Paid back to the member' : "Added to the member's credit balance",
    fr.width - fr.margin - 5,
    y + 8.5,
    { align: 'right' },
  );
  y += 26;
  if (s.taxRows.length) y = taxTable(fr, s.taxRows, y, 'Of which tax, by rate');
  finishPages(fr, s, `Credit note ${s.number}`, null);
  return output(fr);
}
