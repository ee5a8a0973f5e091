import type { ReceiptSnapshot } from '../snapshot';
import { ensureSpace, finishPages, MUTED, openFrame, output, rule, text } from './frame';
import { pageHeader } from './header';
import { lineTable, taxTable } from './invoice';

/** A payment receipt on A4 or Letter: what was paid, how, and for which invoice. */
export function renderReceipt(s: ReceiptSnapshot): Uint8Array {
  const fr = openFrame(s, s.paper, 16);
  const { f } = fr;
  const p = s.payment;
  const rows: [string, string][] = [
    ['Receipt no.', s.number],
    ['Date', f.dateTime(p.at)],
  ];
  if (s.invoice?.number) rows.push(['For invoice', s.invoice.number]);
  let y = pageHeader(fr, s, 'RECEIPT', rows, 'Received from');

  y = ensureSpace(fr, y, 30);
  fr.doc.setFillColor(244, 245, 248);
  fr.doc.roundedRect(fr.margin, y, fr.width - 2 * fr.margin, 24, 2, 2, 'F');
  text(fr, 'Amount paid', fr.margin + 5, y + 4, { colour: MUTED });
  text(fr, f.money(p.amount), fr.margin + 5, y + 9, { size: 18, bold: true });
  const x = fr.margin + 80;
  let ty = text(fr, `Method: ${p.method}`, x, y + 4);
  ty = text(fr, `Transaction id: ${p.transactionId ?? '—'}`, x, ty + 1);
  if (p.refunded) text(fr, `Refunded: ${f.money(p.refunded)}`, x, ty + 1);
  y += 30;

  if (s.invoice) {
    const inv = s.invoice;
    y = text(fr, inv.number ? `Invoice ${inv.number} of ${f.date(inv.issueDate)}` : 'Invoice', fr.margin, y, {
      bold: true,
    });
    y = lineTable(fr, inv.lines, y + 2);
    if (inv.taxRows.length) y = taxTable(fr, inv.taxRows, y + 4, 'Tax summary');
    y = ensureSpace(fr, y + 4, 18);
    const right = fr.width - fr.margin;
    for (const [label, value, strong] of [
      ['Invoice total', f.money(inv.total), false],
      ['Paid to date', f.money(inv.paid), false],
      ['Still due', f.money(inv.due), true],
    ] as const) {
      text(fr, label, right - 38, y, { align: 'right', colour: strong ? undefined : MUTED, bold: strong });
      y = text(fr, value, right, y, { align: 'right', bold: strong }) + 0.8;
    }
  }
  rule(fr, y + 4);
  text(fr, 'Thank you for your payment.', fr.margin, y + 7, { colour: MUTED });
  finishPages(fr, s, `Receipt ${s.number}`, s.mark);
  return output(fr);
}
