import { autoTable, type RowInput } from 'jspdf-autotable';
import { qrMatrix, printableIban } from '../epc';
import type { InvoiceSnapshot, LineItem, TaxRow } from '../snapshot';
import {
  drawQr,
  ensureSpace,
  finishPages,
  MUTED,
  openFrame,
  output,
  tableEnd,
  tableOptions,
  text,
  type Frame,
} from './frame';
import { pageHeader } from './header';

const MARGIN = 16;

/** A full invoice (EU VAT art. 226 contents) on A4 or Letter; long invoices repeat the table header. */
export function renderInvoice(s: InvoiceSnapshot): Uint8Array {
  const fr = openFrame(s, s.paper, MARGIN);
  const { f } = fr;
  const rows: [string, string][] = [];
  if (s.number) rows.push(['Invoice no.', s.number]);
  else rows.push(['Status', 'Draft – not yet issued']);
  if (s.issueDate) rows.push(['Issue date', f.date(s.issueDate)]);
  if (s.dueDate) rows.push(['Due date', f.date(s.dueDate)]);
  if (s.periodStart || s.periodEnd) rows.push(['Service period', f.range(s.periodStart, s.periodEnd)]);
  rows.push(['Currency', s.currency]);
  let y = pageHeader(fr, s, s.number ? 'INVOICE' : 'DRAFT INVOICE', rows, 'Bill to');

  y = lineTable(fr, s.lines, y);
  y = totalsBlock(fr, s, y + 4);
  if (s.taxRows.length > 0) y = taxTable(fr, s.taxRows, y + 4, 'Tax summary');
  if (s.payments.length > 0) y = paymentsTable(fr, s, y + 4);
  if (s.creditNotes.length > 0) {
    y = ensureSpace(fr, y + 4, 12);
    text(fr, 'Credit notes', fr.margin, y, { bold: true });
    y += 5;
    for (const n of s.creditNotes) {
      y = text(fr, `${n.number} · ${f.dateTime(n.at)} · ${f.money(-n.amount)}`, fr.margin, y);
    }
  }
  if (s.bankTransfer && s.totals.due > 0) y = bankTransfer(fr, s, y + 6);
  if (s.memo) {
    y = ensureSpace(fr, y + 4, 14);
    text(fr, 'Note', fr.margin, y, { bold: true });
    y = text(fr, s.memo, fr.margin, y + 5, { maxWidth: fr.width - 2 * fr.margin });
  }
  finishPages(fr, s, s.number ? `Invoice ${s.number}` : 'Draft invoice', s.mark);
  return output(fr);
}

/** The lines: description (with its period), quantity, unit price, discount, tax and net amount. */
export function lineTable(fr: Frame, lines: LineItem[], startY: number): number {
  const { f } = fr;
  const withDiscount = lines.some((l) => l.discount !== 0);
  const withTax = lines.some((l) => l.taxLabel);
  const head = [
    'Description',
    'Qty',
    'Unit price',
    ...(withDiscount ? ['Discount'] : []),
    ...(withTax ? ['Tax'] : []),
    'Amount',
  ];
  const body: RowInput[] = lines.map((l) => [
    l.periodStart || l.periodEnd ? `${l.description}\n${f.range(l.periodStart, l.periodEnd)}` : l.description,
    String(l.quantity),
    f.money(l.unitAmount),
    ...(withDiscount ? [l.discount ? f.money(-l.discount) : ''] : []),
    ...(withTax ? [l.taxLabel ?? '—'] : []),
    f.money(l.amount),
  ]);
  const numeric = { halign: 'right' as const, cellWidth: 'wrap' as const };
  const columnStyles: Record<number, object> = { 0: { cellWidth: 'auto' } };
  for (let i = 1; i < head.length; i++) columnStyles[i] = numeric;
  autoTable(fr.doc, {
    ...tableOptions(fr, startY),
    head: [head],
    body,
    columnStyles,
    didParseCell: (d) => {
      if (d.section === 'head' && d.column.index > 0) d.cell.styles.halign = 'right';
    },
  });
  return tableEnd(fr);
}

function totalsBlock(fr: Frame, s: InvoiceSnapshot, y: number): number {
  const { f } = fr;
  const t = s.totals;
  const allInclusive = s.taxRows.length > 0 && s.taxRows.every((r) => r.inclusive);
  const rows: [string, string, boolean][] = [['Subtotal', f.money(t.subtotal), false]];
  if (t.discount) rows.push(['Discount', f.money(-t.discount), false]);
  if (t.tax) rows.push([allInclusive ? 'Tax included' : 'Tax', f.money(t.tax), false]);
  rows.push(['Total', f.money(t.total), true]);
  if (t.balanceApplied) rows.push(['Credit balance applied', f.money(-t.balanceApplied), false]);
  if (t.credited) rows.push(['Credit notes', f.money(-t.credited), false]);
  if (t.paid) rows.push(['Paid', f.money(-t.paid), false]);
  if (t.refunded) rows.push(['Refunded', f.money(t.refunded), false]);
  rows.push(['Amount due', f.money(t.due), true]);
  y = ensureSpace(fr, y, rows.length * 5 + 2);
  const right = fr.width - fr.margin;
  for (const [label, value, strong] of rows) {
    text(fr, label, right - 38, y, {
      align: 'right',
      bold: strong,
      colour: strong ? undefined : MUTED,
      size: strong ? 10 : 9,
    });
    y = text(fr, value, right, y, { align: 'right', bold: strong, size: strong ? 10 : 9 }) + 0.8;
  }
  return y;
}

/** Per-rate taxable amount and tax (art. 226 (8)–(10)). */
export function taxTable(fr: Frame, rows: TaxRow[], startY: number, title: string): number {
  const { f } = fr;
  startY = ensureSpace(fr, startY, 8 + rows.length * 6);
  text(fr, title, fr.margin, startY, { bold: true });
  autoTable(fr.doc, {
    ...tableOptions(fr, startY + 5),
    tableWidth: 120,
    head: [['Rate', 'Taxable amount', 'Tax']],
    body: rows.map((r) => [
      `${r.label}${r.inclusive ? ' (included)' : ''}`,
      f.money(r.taxable),
      f.money(r.tax),
    ]),
    columnStyles: { 1: { halign: 'right' }, 2: { halign: 'right' } },
    didParseCell: (d) => {
      if (d.section === 'head' && d.column.index > 0) d.cell.styles.halign = 'right';
    },
  });
  return tableEnd(fr);
}

function paymentsTable(fr: Frame, s: InvoiceSnapshot, startY: number): number {
  const { f } = fr;
  startY = ensureSpace(fr, startY, 8 + s.payments.length * 6);
  text(fr, 'Payments', fr.margin, startY, { bold: true });
  autoTable(fr.doc, {
    ...tableOptions(fr, startY + 5),
    head: [['Date', 'Method', 'Transaction id', 'Amount']],
    body: s.payments.map((p) => [
      f.dateTime(p.at),
      p.method,
      p.transactionId ?? '—',
      p.refunded ? `${f.money(p.amount)}\nRefunded ${f.money(p.refunded)}` : f.money(p.amount),
    ]),
    columnStyles: { 3: { halign: 'right' } },
    didParseCell: (d) => {
      if (d.section === 'head' && d.column.index === 3) d.cell.styles.halign = 'right';
    },
  });
  return tableEnd(fr);
}

function bankTransfer(fr: Frame, s: InvoiceSnapshot, y: number): number {
  const bt = s.bankTransfer!;
  const size = 30;
  y = ensureSpace(fr, y, size + 4);
  fr.doc.setDrawColor(214, 217, 224);
  fr.doc.roundedRect(fr.margin, y, fr.width - 2 * fr.margin, size + 4, 2, 2, 'S');
  drawQr(fr, qrMatrix(bt.payload), fr.margin + 2, y + 2, size);
  const x = fr.margin + size + 8;
  let ty = text(fr, 'Pay by bank transfer', x, y + 4, { bold: true, size: 10 });
  ty = text(fr, 'Scan the code in your banking app, or enter:', x, ty + 1, { colour: MUTED });
  ty = text(fr, `IBAN ${printableIban(bt.iban)}${bt.bic ? `   BIC ${bt.bic}` : ''}`, x, ty + 1);
  ty = text(fr, `Amount ${fr.f.money(s.totals.due)}   Reference ${s.number ?? ''}`, x, ty);
  text(fr, `Payable to ${s.business.name}`, x, ty, { colour: MUTED });
  return y + size + 6;
}
