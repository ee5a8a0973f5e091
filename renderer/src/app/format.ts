import { useMemo } from 'react';
import { dateInZone, formatDate, formatDateTime } from '../../../shared/dates';
import { formatMoney } from '../../../shared/money';
import { useAuth } from './auth';

const ISO_DAY_IN_TEXT = /\b(\d{4}-\d{2}-\d{2})\b/g;

function utcDay(isoDate: string): Date {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

/**
 * Formatting in the business's locale and time zone (not the computer's), so every screen and every
 * printout agrees on what "today" is.
 */
export function useFormat() {
  const { business } = useAuth();
  const locale = business?.locale ?? 'en-US';
  const timeZone = business?.timeZone ?? 'UTC';
  const currency = business?.currency ?? 'USD';
  return useMemo(() => {
    const date = (isoDate: string | null | undefined) =>
      isoDate ? safe(() => formatDate(isoDate, locale), isoDate) : '';
    return {
      locale,
      timeZone,
      currency,
      /** A calendar date (YYYY-MM-DD) such as a birthday. */
      date,
      /** A billing period [start, end) as one compact range: "Mar 2 – Apr 2, 2026". */
      dateRange: (start: string | null | undefined, end: string | null | undefined) => {
        if (!start || !end) return date(start ?? end);
        return safe(
          () =>
            new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).formatRange(
              utcDay(start),
              utcDay(end),
            ),
          `${start} – ${end}`,
        );
      },
      /** The business-local day an instant fell on, e.g. when a member joined. */
      day: (instant: string | null | undefined) =>
        instant ? safe(() => formatDate(dateInZone(new Date(instant), timeZone), locale)) : '',
      dateTime: (instant: string | null | undefined) =>
        instant ? safe(() => formatDateTime(instant, locale, timeZone)) : '',
      /** Minor units in the business currency (or the record's own currency when given). */
      money: (minor: number, inCurrency: string = currency) => formatMoney(minor, inCurrency, locale),
      number: (n: number) => new Intl.NumberFormat(locale).format(n),
      /** Basis points as a percentage: 825 → "8.25%". */
      percent: (bps: number) =>
        new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(bps / 10_000),
      /** The core writes dates into sentences as YYYY-MM-DD; show them the way the business reads dates. */
      text: (sentence: string) => sentence.replace(ISO_DAY_IN_TEXT, (d) => date(d) || d),
    };
  }, [locale, timeZone, currency]);
}

export type Format = ReturnType<typeof useFormat>;

// A malformed value from an older database should show as-is rather than crash the page.
function safe(fn: () => string, fallback = ''): string {
  try {
    return fn();
  } catch {
    return fallback;
  }
}
