/**
 * A tiny CSV writer for exports that stream: one row at a time, RFC 4180 quoting, and the same formula
 * guard as the members export (a cell starting with = + - @ would run in a spreadsheet).
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  let s =
    typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('base64') : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvRow = (values: unknown[]): string => `${values.map(csvCell).join(',')}\r\n`;
