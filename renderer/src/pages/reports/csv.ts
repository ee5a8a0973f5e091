import Papa from 'papaparse';
import { decimalOf } from '../../../../shared/money';
import { downloadText } from '../../components/download';

/** A report table as CSV: plain numbers (money in major units) so a spreadsheet can add them up. */
export function exportCsv(
  filename: string,
  header: string[],
  rows: Array<Array<string | number | null>>,
): void {
  downloadText(Papa.unparse({ fields: header, data: rows }), filename, 'text/csv');
}

/** Minor units as a plain decimal for CSV, e.g. 12345 USD → "123.45". */
export function major(minor: number, currency: string): string {
  return decimalOf(minor, currency);
}
