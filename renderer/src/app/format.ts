import { useMemo } from 'react';
import { dateInZone, formatDate, formatDateTime } from '../../../shared/dates';
import { formatMoney } from '../../../shared/money';
import { useAuth } from './auth';

/**
 * Formatting in the business's locale and time zone (not the computer's), so every screen and every
 * printout agrees on what "today" is.
 */
export function useFormat() {
  const { business } = useAuth();
  const locale = business?.locale ?? 'en-US';
  const timeZone = business?.timeZone ?? 'UTC';
  const currency = business?.currency ?? 'USD';
  return useMemo(
    () => ({
      locale,
      timeZone,
      /** A calendar date (YYYY-MM-DD) such as a birthday. */
      date: (isoDate: string | null | undefined) => (isoDate ? safe(() => formatDate(isoDate, locale)) : ''),
      /** The business-local day an instant fell on, e.g. when a member joined. */
      day: (instant: string | null | undefined) =>
        instant ? safe(() => formatDate(dateInZone(new Date(instant), timeZone), locale)) : '',
      dateTime: (instant: string | null | undefined) =>
        instant ? safe(() => formatDateTime(instant, locale, timeZone)) : '',
      money: (minor: number) => formatMoney(minor, currency, locale),
      number: (n: number) => new Intl.NumberFormat(locale).format(n),
    }),
    [locale, timeZone, currency],
  );
}

// A malformed value from an older database should show as-is rather than crash the page.
function safe(fn: () => string): string {
  try {
    return fn();
  } catch {
    return '';
  }
}
