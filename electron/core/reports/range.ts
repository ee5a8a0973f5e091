import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import { get } from './sql';
import { offsetMinutes } from './zone';

/** Calendar arithmetic on `YYYY-MM-DD` strings (UTC dates, so no zone can shift a day). */
const ms = (d: string) => Date.parse(`${d}T00:00:00Z`);
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

export const addDays = (d: string, n: number) => iso(ms(d) + n * 86_400_000);
export const monthOf = (d: string) => d.slice(0, 7);
export const monthStart = (d: string) => `${d.slice(0, 7)}-01`;

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const t = y * 12 + (m - 1) + n;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}

export const monthEnd = (month: string) => addDays(`${addMonths(month, 1)}-01`, -1);

/** Every month from `from` to `to` (YYYY-MM), both included. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** The Monday of the ISO week a day falls in. */
export function weekStart(d: string): string {
  const dow = (new Date(ms(d)).getUTCDay() + 6) % 7;
  return addDays(d, -dow);
}

/** The UTC instant at which a business day begins, for comparing with stored instants. */
export function dayStartInstant(day: string, timeZone: string): string {
  let t = ms(day) - offsetMinutes(ms(day), timeZone) * 60_000;
  // Once more with the offset at the guess, in case daylight saving changes that night.
  t = ms(day) - offsetMinutes(t, timeZone) * 60_000;
  return new Date(t).toISOString();
}

/** Filters name things that exist; otherwise the owner hears which one does not. */
export function checkFilters(
  sqlite: Database.Database,
  f: { planId?: number | undefined; operatorId?: number | undefined },
): void {
  if (f.planId !== undefined && !get(sqlite, 'SELECT 1 FROM plans WHERE id = ?', f.planId)) {
    throw new AppError('VALIDATION', 'There is no such plan: choose one from the list.', {
      planId: 'Unknown plan',
    });
  }
  if (f.operatorId !== undefined && !get(sqlite, 'SELECT 1 FROM operators WHERE id = ?', f.operatorId)) {
    throw new AppError('VALIDATION', 'There is no such operator: choose one from the list.', {
      operatorId: 'Unknown operator',
    });
  }
}
