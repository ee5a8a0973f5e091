/**
 * Calendar dates (`YYYY-MM-DD`) in the business's time zone and instants (ISO strings in UTC).
 * Environment-neutral: only Intl, no Node APIs.
 */
export type IsoDate = string;

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function isLocale(locale: string): boolean {
  try {
    return Intl.getCanonicalLocales(locale).length === 1;
  } catch {
    return false;
  }
}

export function isCalendarDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date that `instant` falls on in `timeZone`. */
export function dateInZone(instant: Date, timeZone: string): IsoDate {
  let f = dayFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormatters.set(timeZone, f);
  }
  return f.format(instant);
}

/** Formats a calendar date for people, e.g. 2026-03-01 → "Mar 1, 2026" in en-US. */
export function formatDate(date: IsoDate, locale = 'en-US'): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/** Formats an instant in the business's zone, e.g. "Mar 1, 2026, 2:05 PM". */
export function formatDateTime(iso: string, locale = 'en-US', timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(new Date(iso));
}
