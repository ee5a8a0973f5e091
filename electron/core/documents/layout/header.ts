import type { DocumentCommon } from '../snapshot';
import { ACCENT, drawLogo, facts, MUTED, partyBlock, rule, text, type Frame } from './frame';

export const TAX_ID = 'Tax ID';

/**
 * The top of a full-page document: logo and business on the left, the title and its facts on the
 * right, then who it is for. Returns the y where the body starts.
 */
export function pageHeader(
  fr: Frame,
  c: DocumentCommon,
  title: string,
  rows: [string, string][],
  customerLabel: string,
): number {
  const { margin, width } = fr;
  const half = (width - 2 * margin) / 2;
  let left = margin;
  const logoH = drawLogo(fr, c, margin, left, 50, 18);
  if (logoH) left += logoH + 4;
  left = partyBlock(fr, c.business, margin, left, half - 4, TAX_ID);

  let right = text(fr, title, width - margin, margin, {
    size: 20,
    bold: true,
    colour: ACCENT,
    align: 'right',
  });
  right = facts(fr, rows, width - margin, right + 2);

  let y = Math.max(left, right) + 6;
  rule(fr, y - 3);
  text(fr, customerLabel.toUpperCase(), margin, y, { size: 7.5, bold: true, colour: MUTED });
  y = partyBlock(fr, c.customer, margin, y + 4, half, TAX_ID);
  return y + 6;
}
