import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatMoney,
  isCurrency,
  isMinorUnits,
  minorDigits,
  mulDivHalfUp,
  decimalOf,
  parseMoney,
} from '../../shared/money';

/** Minor units written as a plain decimal ("1234.56"), digit by digit, without floats. */
function plainDecimal(amount: number, digits: number): string {
  const text = String(amount).padStart(digits + 1, '0');
  return digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** The exact ratio a×k/d in BigInt, as floor and ceil. */
function bounds(a: number, k: number, d: number): [number, number] {
  const n = BigInt(a) * BigInt(k);
  const q = n / BigInt(d);
  return [Number(q), Number(n % BigInt(d) === 0n ? q : q + 1n)];
}

describe('minorDigits and isCurrency', () => {
  it.each([
    ['USD', 2],
    ['EUR', 2],
    ['GBP', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['KWD', 3],
    ['BHD', 3],
  ])('%s has %i minor digits', (currency, digits) => {
    expect(minorDigits(currency)).toBe(digits);
  });

  it('knows ISO codes and refuses the rest', () => {
    for (const code of ['USD', 'EUR', 'JPY', 'CHF', 'KWD']) expect(isCurrency(code), code).toBe(true);
    for (const code of ['usd', 'US', 'USDD', 'XYZ', '', '$', '123'])
      expect(isCurrency(code), code).toBe(false);
  });

  it('isMinorUnits accepts safe integers only', () => {
    expect(isMinorUnits(0)).toBe(true);
    expect(isMinorUnits(-1250)).toBe(true);
    expect(isMinorUnits(12.5)).toBe(false);
    expect(isMinorUnits(Number.MAX_SAFE_INTEGER + 1)).toBe(false);
    expect(isMinorUnits('1250')).toBe(false);
    expect(isMinorUnits(Number.NaN)).toBe(false);
  });
});

describe('formatMoney', () => {
  it.each([
    [123456, 'USD', 'en-US', '$1,234.56'],
    [5, 'USD', 'en-US', '$0.05'],
    [0, 'USD', 'en-US', '$0.00'],
    [100, 'USD', 'en-US', '$1.00'],
    [1234, 'JPY', 'en-US', '¥1,234'],
    [1234, 'JPY', 'ja-JP', '￥1,234'],
    [1234567, 'KWD', 'en-US', 'KWD 1,234.567'],
    [-2550, 'USD', 'en-US', '-$25.50'],
  ])('formatMoney(%i, %s, %s) = %j', (amount, currency, locale, expected) => {
    expect(formatMoney(amount, currency, locale).replace(/\u00a0/g, ' ')).toBe(expected);
  });

  it('uses the locale for separators and symbol position', () => {
    expect(formatMoney(123456, 'EUR', 'de-DE').replace(/\u00a0/g, ' ')).toBe('1.234,56 €');
    expect(formatMoney(123456, 'EUR', 'fr-FR').replace(/[\u00a0\u202f]/g, ' ')).toBe('1 234,56 €');
  });

  it('never loses a cent on the largest amounts (no float arithmetic)', () => {
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'USD', 'en-US')).toBe('$90,071,992,547,409.91');
    expect(formatMoney(9_007_199_254_740_99, 'USD', 'en-US')).toBe('$9,007,199,254,740.99');
  });

  it('property: every safe amount shows its exact digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => {
        const shown = formatMoney(n, 'USD', 'en-US');
        expect(shown.replace(/[$,]/g, '')).toBe(plainDecimal(n, 2));
      }),
    );
  });
});

describe('parseMoney', () => {
  it.each([
    ['12.5', 'USD', 1250],
    ['12', 'USD', 1200],
    ['12.', 'USD', 1200],
    ['0.05', 'USD', 5],
    ['1,234.56', 'USD', 123456],
    [' 7.00 ', 'USD', 700],
    ["1'000", 'CHF', 100000],
    ['1 000', 'EUR', 100000],
    ['1234', 'JPY', 1234],
    ['1.234', 'KWD', 1234],
    ['0', 'USD', 0],
  ])('parseMoney(%j, %s) = %i', (text, currency, expected) => {
    expect(parseMoney(text, currency)).toBe(expected);
  });

  it.each([
    ['1.234', 'USD'],
    ['1.5', 'JPY'],
    ['-1', 'USD'],
    ['abc', 'USD'],
    ['', 'USD'],
    ['.', 'USD'],
    ['$12', 'USD'],
    ['1e3', 'USD'],
    ['0x10', 'USD'],
    ['12.3.4', 'USD'],
    ['Infinity', 'USD'],
    ['90071992547409.92', 'USD'],
    ['99999999999999999999', 'USD'],
  ])('rejects %j in %s', (text, currency) => {
    expect(parseMoney(text, currency)).toBeNull();
  });

  it('property: parses a plain decimal of any safe amount back to the same minor units', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.constantFrom('USD', 'JPY', 'KWD', 'EUR'),
        (n, currency) => {
          expect(parseMoney(plainDecimal(n, minorDigits(currency)), currency)).toBe(n);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('property: what formatMoney shows in en-US parses back (amount without the symbol)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), (n) => {
        expect(parseMoney(formatMoney(n, 'USD', 'en-US').replace('$', ''), 'USD')).toBe(n);
      }),
    );
  });
});

describe('mulDivHalfUp', () => {
  it.each([
    [1000, 15, 30, 500],
    [5, 1, 2, 3],
    [3, 1, 2, 2],
    [1, 1, 2, 1],
    [1, 1, 3, 0],
    [2, 1, 3, 1],
    [999, 1, 1000, 1],
    [499, 1, 1000, 0],
    [500, 1, 1000, 1],
    [2999, 7, 30, 700],
    [0, 7, 30, 0],
    [1000, 0, 30, 0],
    [-5, 1, 2, -3],
    [5, -1, 2, -3],
    [-1000, 15, 30, -500],
  ])('mulDivHalfUp(%i, %i, %i) = %i', (a, n, d, expected) => {
    expect(mulDivHalfUp(a, n, d)).toBe(expected);
  });

  it('stays exact where floats would round wrongly', () => {
    // 1.005 × 100 is 100.49999… as a float; in integers 201 × 1 / 2 is 100.5 → 101.
    expect(mulDivHalfUp(201, 1, 2)).toBe(101);
    expect(mulDivHalfUp(Number.MAX_SAFE_INTEGER, 3, 3)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses a zero or negative denominator', () => {
    expect(() => mulDivHalfUp(100, 1, 0)).toThrow(RangeError);
    expect(() => mulDivHalfUp(100, 1, -2)).toThrow(RangeError);
  });

  it('property: a × d / d = a', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(10 ** 12), max: 10 ** 12 }),
        fc.integer({ min: 1, max: 100_000 }),
        (a, d) => {
          expect(mulDivHalfUp(a, d, d)).toBe(a);
        },
      ),
    );
  });

  it('property: for 0 ≤ k ≤ d the result lies between floor and ceil of a×k/d, half-up at .5', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 12 }),
        fc
          .integer({ min: 1, max: 10_000 })
          .chain((d) => fc.tuple(fc.constant(d), fc.integer({ min: 0, max: d }))),
        (a, [d, k]) => {
          const result = mulDivHalfUp(a, k, d);
          const [floor, ceil] = bounds(a, k, d);
          expect(result).toBeGreaterThanOrEqual(floor);
          expect(result).toBeLessThanOrEqual(ceil);
          // Exactly which one: up when the remainder is at least half of d.
          const twiceRemainder = ((BigInt(a) * BigInt(k)) % BigInt(d)) * 2n;
          expect(result).toBe(twiceRemainder >= BigInt(d) ? ceil : floor);
          // A part never exceeds the whole.
          expect(result).toBeLessThanOrEqual(a);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('property: negative amounts round symmetrically to positive ones', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 9 }), fc.integer({ min: 1, max: 1000 }), (a, d) => {
        expect(mulDivHalfUp(-a, 1, d)).toBe(-mulDivHalfUp(a, 1, d));
      }),
    );
  });
});

describe('decimalOf', () => {
  it.each([
    [12345, 'USD', '123.45'],
    [5, 'EUR', '0.05'],
    [-5, 'EUR', '-0.05'],
    [0, 'USD', '0.00'],
    [500, 'JPY', '500'],
    [1234567, 'KWD', '1234.567'],
    [Number.MAX_SAFE_INTEGER, 'USD', '90071992547409.91'],
  ])('decimalOf(%i, %s) = %s', (amount, currency, expected) => {
    expect(decimalOf(amount, currency)).toBe(expected);
  });

  it('round-trips with parseMoney for any non-negative amount', () => {
    for (const currency of ['USD', 'JPY', 'KWD']) {
      for (const amount of [0, 1, 9, 10, 99, 100, 101, 123456789, 2 ** 40 + 7]) {
        expect(parseMoney(decimalOf(amount, currency), currency)).toBe(amount);
      }
    }
  });
});
