import Papa from 'papaparse';
import { decimalOf } from '../../../../shared/money';
import { downloadText } from '../../components/download';

export type CsvCell = string | number | null;

/** One column of a report's CSV: its heading and how a row fills it (money needs the currency). */
export interface CsvColumn<R> {
  header: string;
  cell: (row: R, currency: string) => CsvCell;
}

/** A column copied as it is (text, counts, dates). */
export const textColumn = <R>(header: string, cell: (row: R) => CsvCell): CsvColumn<R> => ({
  header,
  cell: (row) => cell(row),
});

/** A money column: minor units as a plain decimal so a spreadsheet can add them up. */
export const moneyColumn = <R>(header: string, pick: (row: R) => number): CsvColumn<R> => ({
  header,
  cell: (row, currency) => major(pick(row), currency),
});

/** The report's currency on every line, so a file read on its own still says what the numbers are. */
export const currencyColumn: CsvColumn<unknown> = { header: 'Currency', cell: (_, currency) => currency };

/** A rate in basis points as a plain percentage with two decimals, e.g. 1250 → "12.50". */
export const percentColumn = <R>(header: string, pick: (row: R) => number): CsvColumn<R> => ({
  header,
  cell: (row) => (pick(row) / 100).toFixed(2),
});

/** Writes `rows` as a CSV file with one line a row and one field a column. */
export function exportRows<R>(filename: string, columns: CsvColumn<R>[], rows: R[], currency: string): void {
  exportCsv(
    filename,
    columns.map((c) => c.header),
    rows.map((row) => columns.map((c) => c.cell(row, currency))),
  );
}

/** A report table as CSV: plain numbers (money in major units) so a spreadsheet can add them up. */
export function exportCsv(filename: string, header: string[], rows: CsvCell[][]): void {
  downloadText(Papa.unparse({ fields: header, data: rows }), filename, 'text/csv');
}

/** Minor units as a plain decimal for CSV, e.g. 12345 USD → "123.45". */
export function major(minor: number, currency: string): string {
  return decimalOf(minor, currency);
}
