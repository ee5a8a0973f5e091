import type { ReceiptSnapshot } from '../snapshot';
import { drawLogo, MUTED, openFrame, output, rule, text, type Frame } from './frame';

const WIDTH = 80;
const MARGIN = 4;

/**
 * The receipt for desk thermal printers: 80 mm wide, as long as it needs to be. Laid out twice: once to
 * measure, once on a page of exactly that height (printers cut after the page).
 */
export function renderReceipt80(s: ReceiptSnapshot): Uint8Array {
  const height = layout(openFrame({ ...s, footer: null }, [WIDTH, 2000], MARGIN), s) + MARGIN;
  const fr = openFrame({ ...s, footer: null }, [WIDTH, Math.max(height, 60)], MARGIN);
  layout(fr, s);
  fr.doc.setProperties({ title: `Receipt ${s.number}`, creator: 'Recur' });
  return output(fr);
}

function layout(fr: Frame, s: ReceiptSnapshot): number {
  const { f } = fr;
  const w = WIDTH - 2 * MARGIN;
  const centre = WIDTH / 2;
  const right = WIDTH - MARGIN;
  let y = MARGIN;
  const logoH = drawLogo(fr, s, centre - 20, y, 40, 14);
  if (logoH) y += logoH + 2;
  const b = s.business;
  y = text(fr, b.name, centre, y, { bold: true, size: 10, align: 'center', maxWidth: w });
  for (const line of b.address) y = text(fr, line, centre, y, { size: 7.5, align: 'center', maxWidth: w });
  if (b.taxId) y = text(fr, `Tax ID ${b.taxId}`, centre, y, { size: 7.5, align: 'center' });
  if (b.registration) y = text(fr, b.registration, centre, y, { size: 7.5, align: 'center', maxWidth: w });
  y += 2;
  rule(fr, y, MARGIN, right);
  y = text(fr, s.mark === 'REFUNDED' ? 'RECEIPT – REFUNDED' : 'RECEIPT', centre, y + 2, {
    bold: true,
    size: 11,
    align: 'center',
  });
  const kv = (k: string, v: string) => {
    text(fr, k, MARGIN, y, { size: 8, colour: MUTED });
    y = text(fr, v, right, y, { size: 8, align: 'right', maxWidth: w - 22 });
  };
  kv('Receipt no.', s.number);
  kv('Date', f.dateTime(s.payment.at));
  kv('Member', s.customer.name);
  if (s.customer.number) kv('Member no.', s.customer.number);
  if (s.invoice?.number) kv('Invoice', s.invoice.number);
  y += 1.5;
  rule(fr, y, MARGIN, right);
  y += 2;
  for (const l of s.invoice?.lines ?? []) {
    const label = l.quantity > 1 ? `${l.quantity} × ${l.description}` : l.description;
    const end = text(fr, label, MARGIN, y, { size: 8, maxWidth: w - 24 });
    text(fr, f.money(l.amount), right, y, { size: 8, align: 'right' });
    y = end;
    if (l.taxLabel) y = text(fr, l.taxLabel, MARGIN + 2, y, { size: 7, colour: MUTED });
  }
  for (const r of s.invoice?.taxRows ?? []) {
    text(fr, `${r.label} on ${f.money(r.taxable)}`, MARGIN, y, { size: 7.5, colour: MUTED });
    y = text(fr, f.money(r.tax), right, y, { size: 7.5, align: 'right', colour: MUTED });
  }
  y += 1;
  rule(fr, y, MARGIN, right);
  y += 2;
  if (s.invoice) kv('Invoice total', f.money(s.invoice.total));
  text(fr, 'PAID', MARGIN, y, { bold: true, size: 11 });
  y = text(fr, f.money(s.payment.amount), right, y, { bold: true, size: 11, align: 'right' });
  kv('Method', s.payment.method);
  if (s.payment.transactionId) kv('Transaction', s.payment.transactionId);
  if (s.payment.refunded) kv('Refunded', f.money(s.payment.refunded));
  if (s.invoice) kv('Still due', f.money(s.invoice.due));
  y += 2;
  rule(fr, y, MARGIN, right);
  y = text(fr, 'Thank you!', centre, y + 2, { size: 9, align: 'center' });
  if (s.footer)
    y = text(fr, s.footer, centre, y + 1, { size: 7, align: 'center', colour: MUTED, maxWidth: w });
  return y;
}
