import { Temporal } from 'temporal-polyfill';
import type { IsoDate } from './dates';

/**
 * Calendar-date arithmetic for billing (DESIGN §5) on Temporal.PlainDate: dates without a time or
 * zone, so a period never drifts by a daylight-saving hour. Month arithmetic clamps to month end.
 */
export type IntervalUnit = 'day' | 'week' | 'month' | 'year';

const plain = (d: IsoDate) => Temporal.PlainDate.from(d);

export const addDays = (d: IsoDate, days: number): IsoDate => plain(d).add({ days }).toString();

/** Whole days from `a` to `b` (negative if b is earlier). */
export const daysBetween = (a: IsoDate, b: IsoDate): number =>
  plain(a).until(plain(b), { largestUnit: 'day' }).days;

export const compareDates = (a: IsoDate, b: IsoDate): number =>
  Temporal.PlainDate.compare(plain(a), plain(b));

export const minDate = (a: IsoDate, b: IsoDate) => (compareDates(a, b) <= 0 ? a : b);
export const maxDate = (a: IsoDate, b: IsoDate) => (compareDates(a, b) >= 0 ? a : b);

/** The date in year/month with day `day`, clamped to the month's last day (31 → Feb 28/29). */
function clampedDay(year: number, month: number, day: number): Temporal.PlainDate {
  const first = Temporal.PlainDate.from({ year, month, day: 1 });
  return first.with({ day: Math.min(day, first.daysInMonth) });
}

/**
 * Boundary n of a schedule: `anchor` + n × (count units), computed from the anchor and never from the
 * previous boundary, so Jan 31 → Feb 28 → Mar 31 → Apr 30. `anchorDay` is the intended day of month
 * (it may exceed the anchor's own month, as when billing on the 31st starts in February).
 */
export function boundary(
  anchor: IsoDate,
  anchorDay: number,
  unit: IntervalUnit,
  count: number,
  n: number,
): IsoDate {
  const a = plain(anchor);
  if (unit === 'day') return a.add({ days: n * count }).toString();
  if (unit === 'week') return a.add({ days: 7 * n * count }).toString();
  const months = (unit === 'year' ? 12 : 1) * n * count;
  const total = a.year * 12 + (a.month - 1) + months;
  return clampedDay(Math.floor(total / 12), (total % 12) + 1, anchorDay).toString();
}

/** The first date on or after `from` that falls on `day` of a month (clamped to month end). */
export function nextBillingDay(from: IsoDate, day: number): IsoDate {
  const f = plain(from);
  const inThisMonth = clampedDay(f.year, f.month, day);
  if (Temporal.PlainDate.compare(inThisMonth, f) >= 0) return inThisMonth.toString();
  const next = f.add({ months: 1 });
  return clampedDay(next.year, next.month, day).toString();
}

export const dayOfMonth = (d: IsoDate) => plain(d).day;

export function describeInterval(unit: IntervalUnit, count: number): string {
  if (count === 1) return { day: 'daily', week: 'weekly', month: 'monthly', year: 'yearly' }[unit];
  return `every ${count} ${unit}s`;
}
