/**
 * Money is an integer count of the currency's minor unit (cents, pence, yen) plus an ISO 4217 code.
 * Never a float: amounts are parsed from text digit by digit and rounded half-up (DESIGN §5).
 */
export interface Money {
  amount: number;
  currency: string;
}

const digitsCache = new Map<string, number>();

/** How many minor digits a currency has (2 for EUR, 0 for JPY, 3 for KWD), from Intl. */
export function minorDigits(currency: string): number {
  let d = digitsCache.get(currency);
  if (d === undefined) {
    d = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits as number;
    digitsCache.set(currency, d);
  }
  return d;
}

export function isCurrency(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  try {
    return Intl.supportedValuesOf('currency').includes(code);
  } catch {
    return false;
  }
}

export function isMinorUnits(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n);
}

/** Formats minor units for display in the business's locale, e.g. 123456 USD en-US → "$1,234.56". */
export function formatMoney(amount: number, currency: string, locale = 'en-US'): string {
  const digits = minorDigits(currency);
  // Split into whole and fraction with integer arithmetic so large amounts never lose a cent.
  const negative = amount < 0;
  const abs = Math.abs(amount);
  const unit = 10 ** digits;
  const whole = Math.trunc(abs / unit);
  const frac = abs % unit;
  const text = digits === 0 ? `${whole}` : `${whole}.${String(frac).padStart(digits, '0')}`;
  // Intl accepts a decimal string exactly (no float rounding) in modern engines.
  const formatted = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(text as unknown as number);
  return negative ? `-${formatted}` : formatted;
}

/**
 * Parses what a person typed ("12", "12.5", "1,234.56") into minor units. Returns null when it is not
 * a plain non-negative amount with at most the currency's number of decimals.
 */
export function parseMoney(text: string, currency: string): number | null {
  const digits = minorDigits(currency);
  const cleaned = text.trim().replace(/[\s,']/g, '');
  const m = /^(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!m) return null;
  const frac = m[2] ?? '';
  if (frac.length > digits) return null;
  const value = Number(m[1]) * 10 ** digits + Number(frac.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(value) ? value : null;
}

/**
 * Minor units as a plain decimal for files (CSV), in integer arithmetic: 12345 USD → "123.45",
 * -5 EUR → "-0.05", 500 JPY → "500". The inverse of parseMoney for non-negative amounts.
 */
export function decimalOf(amount: number, currency: string): string {
  const digits = minorDigits(currency);
  const sign = amount < 0 ? '-' : '';
  const text = String(Math.abs(amount)).padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${text}` : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** amount × numerator / denominator, rounded half-up to the minor unit, in integer arithmetic. */
export function mulDivHalfUp(amount: number, numerator: number, denominator: number): number {
  if (denominator <= 0) throw new RangeError('denominator must be positive');
  const sign = Math.sign(amount) * Math.sign(numerator) || 1;
  const n = BigInt(Math.abs(amount)) * BigInt(Math.abs(numerator));
  const d = BigInt(denominator);
  const q = (n * 2n + d) / (2n * d);
  return sign * Number(q);
}
