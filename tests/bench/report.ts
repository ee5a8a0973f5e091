import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Row {
  metric: string;
  value: number;
  unit: string;
  /** Upper bound; absent for informational rows. */
  target?: number;
  /** Where the target comes from (DESIGN §9, or our own bar). */
  targetSource?: string;
  note?: string;
}

export const passOf = (row: Row): boolean | null =>
  row.target === undefined ? null : row.value < row.target;

const fmt = (v: number, unit: string) => {
  if (!Number.isFinite(v)) return String(v);
  const digits = unit === 'ms' ? (v < 10 ? 2 : v < 100 ? 1 : 0) : v < 100 ? 1 : 0;
  return `${v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${unit}`;
};

/** The table printed at the end of a run: metric, value, target, pass/fail. */
export function formatTable(rows: readonly Row[]): string {
  const cells = rows.map((r) => {
    const pass = passOf(r);
    return [
      r.metric,
      fmt(r.value, r.unit),
      r.target === undefined
        ? '—'
        : `< ${fmt(r.target, r.unit)}${r.targetSource ? ` (${r.targetSource})` : ''}`,
      pass === null ? 'info' : pass ? 'PASS' : 'FAIL',
      r.note ?? '',
    ];
  });
  const header = ['metric', 'value', 'target', 'result', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    c
      .map((v, i) => (i === 1 ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

export function writeJson(file: string, data: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
}
