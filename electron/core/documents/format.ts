import { minorDigits } from '../../../shared/money';

/** Money and dates in the business's locale and zone, as every screen shows them (DESIGN §10). */
export interface DocFormat {
  money(minor: number): string;
  /** A calendar date (YYYY-MM-DD). */
  date(isoDate: string | null): string;
  /** A period [start, end) as one compact range. */
  range(start: string | null, end: string | null): string;
  /** An instant in the business's zone. */
  dateTime(iso: string): string;
  percent(bps: number): string;
}

const cache = new Map<string, DocFormat>();

const utcDay = (isoDate: string) => {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
};

export function docFormat(locale: string, currency: string, timeZone: string): DocFormat {
  const key = `${locale}|${currency}|${timeZone}`;
  let f = cache.get(key);
  if (!f) {
    const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    const instant = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
    const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 });
    const digits = minorDigits(currency);
    const unit = 10 ** digits;
    const cur = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    // As shared/money formatMoney, with the formatter made once: whole and fraction split with integers.
    const money = (minor: number) => {
      const abs = Math.abs(minor);
      const whole = Math.trunc(abs / unit);
      const frac = abs % unit;
      const text = digits === 0 ? `${whole}` : `${whole}.${String(frac).padStart(digits, '0')}`;
      const formatted = cur.format(text as unknown as number);
      return minor < 0 ? `-${formatted}` : formatted;
    };
    f = {
      money,
      date: (d) => (d ? day.format(utcDay(d)) : ''),
      range: (s, e) =>
        s && e ? day.formatRange(utcDay(s), utcDay(e)) : s || e ? day.format(utcDay((s ?? e)!)) : '',
      dateTime: (iso) => instant.format(new Date(iso)),
      percent: (bps) => pct.format(bps / 10_000),
    };
    cache.set(key, f);
  }
  return f;
}
