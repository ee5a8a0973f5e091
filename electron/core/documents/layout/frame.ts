import { jsPDF } from 'jspdf';
import type { UserOptions } from 'jspdf-autotable';
import { addDocumentFonts, FONT_FAMILY } from '../fonts';
import { docFormat, type DocFormat } from '../format';
import type { DocumentCommon, Mark, Party } from '../snapshot';

/** Page geometry in millimetres. */
export interface Frame {
  doc: jsPDF;
  f: DocFormat;
  width: number;
  height: number;
  margin: number;
  /** Where the footer area starts: content stays above it. */
  contentBottom: number;
}

export const INK: [number, number, number] = [26, 26, 30];
export const MUTED: [number, number, number] = [105, 108, 118];
export const RULE: [number, number, number] = [214, 217, 224];
export const ACCENT: [number, number, number] = [34, 84, 160];

const MARK_COLOURS: Record<Exclude<Mark, null>, [number, number, number]> = {
  PAID: [30, 140, 70],
  VOID: [190, 40, 40],
  DRAFT: [120, 120, 130],
  REFUNDED: [190, 110, 20],
};

const FOOTER_SIZE = 7.5;
const PT = 0.3528; // millimetres per point

/** Line height in mm for a font size in points. */
export const lineHeight = (size: number) => size * PT * 1.3;

export function openFrame(
  common: Pick<DocumentCommon, 'locale' | 'currency' | 'timeZone' | 'footer'>,
  format: 'a4' | 'letter' | [number, number],
  margin: number,
): Frame {
  // jsPDF swaps a custom size to match the orientation: a short roll receipt is wider than tall.
  const orientation = Array.isArray(format) && format[0] > format[1] ? 'landscape' : 'portrait';
  const doc = new jsPDF({ unit: 'mm', format, orientation, compress: true, putOnlyUsedFonts: true });
  addDocumentFonts(doc);
  doc.setTextColor(...INK);
  doc.setLineHeightFactor(1.3);
  const width = doc.internal.pageSize.getWidth();
  const height = doc.internal.pageSize.getHeight();
  doc.setFontSize(FOOTER_SIZE);
  const footerLines = common.footer ? doc.splitTextToSize(common.footer, width - 2 * margin).length : 0;
  const contentBottom = height - margin - (footerLines + 1) * lineHeight(FOOTER_SIZE) - 3;
  doc.setFontSize(9);
  return {
    doc,
    f: docFormat(common.locale, common.currency, common.timeZone),
    width,
    height,
    margin,
    contentBottom,
  };
}

export function text(
  fr: Frame,
  value: string | string[],
  x: number,
  y: number,
  o: {
    size?: number;
    bold?: boolean;
    colour?: [number, number, number];
    align?: 'left' | 'right' | 'center';
    maxWidth?: number;
  } = {},
): number {
  const { doc } = fr;
  doc.setFont(FONT_FAMILY, o.bold ? 'bold' : 'normal');
  doc.setFontSize(o.size ?? 9);
  doc.setTextColor(...(o.colour ?? INK));
  const lines: string | string[] = o.maxWidth
    ? (doc.splitTextToSize(value as string, o.maxWidth) as string[])
    : value;
  doc.text(lines, x, y, { align: o.align ?? 'left', baseline: 'top' });
  const count = Array.isArray(lines) ? lines.length : 1;
  return y + count * lineHeight(o.size ?? 9);
}

/** A party's block: name in bold, then address, numbers and contacts. Returns the y below it. */
export function partyBlock(
  fr: Frame,
  p: Party,
  x: number,
  y: number,
  width: number,
  taxLabel: string,
): number {
  y = text(fr, p.name, x, y, { bold: true, size: 10, maxWidth: width });
  for (const line of p.address) y = text(fr, line, x, y, { maxWidth: width });
  const extra: string[] = [];
  if (p.number) extra.push(`Member no. ${p.number}`);
  if (p.taxId) extra.push(`${taxLabel} ${p.taxId}`);
  if (p.registration) extra.push(p.registration);
  if (p.email) extra.push(p.email);
  if (p.phone) extra.push(p.phone);
  for (const line of extra) y = text(fr, line, x, y, { colour: MUTED, maxWidth: width });
  return y;
}

/** Two-column "label  value" facts, right-aligned at `right`. Returns the y below. */
export function facts(fr: Frame, rows: [string, string][], right: number, y: number, size = 9): number {
  const { doc } = fr;
  doc.setFontSize(size);
  doc.setFont(FONT_FAMILY, 'normal');
  const valueWidth = Math.max(...rows.map(([, v]) => doc.getTextWidth(v)), 0);
  for (const [label, value] of rows) {
    text(fr, label, right - valueWidth - 4, y, { size, colour: MUTED, align: 'right' });
    y = text(fr, value, right, y, { size, align: 'right' });
  }
  return y;
}

export function rule(fr: Frame, y: number, x1 = fr.margin, x2 = fr.width - fr.margin): void {
  fr.doc.setDrawColor(...RULE);
  fr.doc.setLineWidth(0.25);
  fr.doc.line(x1, y, x2, y);
}

/** Starts a new page when `needed` mm do not fit above the footer. */
export function ensureSpace(fr: Frame, y: number, needed: number): number {
  if (y + needed <= fr.contentBottom) return y;
  fr.doc.addPage();
  return fr.margin;
}

/** Shared table look: the embedded font in every cell (jspdf-autotable falls back to Helvetica otherwise). */
export function tableOptions(fr: Frame, startY: number): Partial<UserOptions> {
  return {
    startY,
    theme: 'plain',
    showHead: 'everyPage',
    margin: { left: fr.margin, right: fr.margin, top: fr.margin, bottom: fr.height - fr.contentBottom },
    styles: {
      font: FONT_FAMILY,
      fontSize: 8.5,
      textColor: INK,
      cellPadding: { top: 1.6, bottom: 1.6, left: 1.5, right: 1.5 },
      lineColor: RULE,
      overflow: 'linebreak',
    },
    headStyles: { font: FONT_FAMILY, fontStyle: 'bold', textColor: MUTED, fillColor: [244, 245, 248] },
    bodyStyles: { lineWidth: { bottom: 0.2 } },
  };
}

export const tableEnd = (fr: Frame): number =>
  (fr.doc as unknown as { lastAutoTable: { finalY: number } }).lastAutoTable.finalY;

/** The logo, fitted into a box; returns its drawn height. */
export function drawLogo(
  fr: Frame,
  c: DocumentCommon,
  x: number,
  y: number,
  maxW: number,
  maxH: number,
): number {
  if (!c.logo) return 0;
  const scale = Math.min(maxW / c.logo.width, maxH / c.logo.height);
  const w = c.logo.width * scale;
  const h = c.logo.height * scale;
  try {
    fr.doc.addImage(c.logo.dataUrl, c.logo.format, x, y, w, h, 'logo', 'FAST');
  } catch {
    return 0; // A logo jsPDF cannot read is left out rather than failing the invoice.
  }
  return h;
}

/**
 * On every page: the footer text, "Page n of m" with the document's name, and the status mark across
 * the page (PAID, VOID, DRAFT) so a copy can never pass for another state.
 */
export function finishPages(fr: Frame, c: DocumentCommon, label: string, mark: Mark): void {
  const { doc } = fr;
  // PDF viewers show the title instead of the blob's random name.
  doc.setProperties({ title: label, creator: 'Recur' });
  const pages = doc.getNumberOfPages();
  for (let i = 1; i <= pages; i++) {
    doc.setPage(i);
    if (mark) drawMark(fr, mark);
    let y = fr.contentBottom + 3;
    rule(fr, y - 1.5);
    if (c.footer) {
      y = text(fr, c.footer, fr.margin, y, {
        size: FOOTER_SIZE,
        colour: MUTED,
        maxWidth: fr.width - 2 * fr.margin,
      });
    }
    text(fr, label, fr.margin, y, { size: FOOTER_SIZE, colour: MUTED });
    if (pages > 1 || fr.height > 200) {
      text(fr, `Page ${i} of ${pages}`, fr.width - fr.margin, y, {
        size: FOOTER_SIZE,
        colour: MUTED,
        align: 'right',
      });
    }
  }
}

function drawMark(fr: Frame, mark: Exclude<Mark, null>): void {
  const { doc } = fr;
  const size = fr.width < 100 ? 36 : 96;
  doc.saveGraphicsState();
  doc.setGState(
    new (doc as unknown as { GState: new (o: object) => unknown }).GState({ opacity: 0.14 }) as never,
  );
  doc.setFont(FONT_FAMILY, 'bold');
  doc.setFontSize(size);
  doc.setTextColor(...MARK_COLOURS[mark]);
  const angle = fr.width < 100 ? 0 : 35;
  const w = doc.getTextWidth(mark);
  const h = size * PT * 0.7;
  const rad = (angle * Math.PI) / 180;
  // Centre the rotated word on the page: start at centre minus half the word along its own direction.
  const cx = fr.width / 2;
  const cy = fr.width < 100 ? Math.min(fr.height / 2, 60) : fr.height / 2;
  const x = cx - (Math.cos(rad) * w) / 2 - (Math.sin(rad) * h) / 2;
  const y = cy + (Math.sin(rad) * w) / 2 - (Math.cos(rad) * h) / 2 + h;
  doc.text(mark, x, y, { angle });
  doc.restoreGraphicsState();
}

/** The EPC QR code as filled squares (one rectangle per run of dark modules in a row). */
export function drawQr(fr: Frame, matrix: boolean[][], x: number, y: number, size: number): void {
  const n = matrix.length;
  const quiet = 2;
  const m = size / (n + 2 * quiet);
  fr.doc.setFillColor(255, 255, 255);
  fr.doc.rect(x, y, size, size, 'F');
  fr.doc.setFillColor(0, 0, 0);
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      if (!matrix[r]![c]) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && matrix[r]![c]) c++;
      fr.doc.rect(x + (quiet + start) * m, y + (quiet + r) * m, (c - start) * m + 0.01, m + 0.01, 'F');
    }
  }
}

export function output(fr: Frame): Uint8Array {
  return new Uint8Array(fr.doc.output('arraybuffer'));
}
