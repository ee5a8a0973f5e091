import { TextInput, type TextInputProps } from '@mantine/core';
import { minorDigits, parseMoney } from '../../../shared/money';
import { useFormat } from '../app/format';

/** The currency's symbol in the business locale ("$", "€", "£"), for the input's left section. */
function currencySymbol(locale: string, currency: string): string {
  try {
    return (
      new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' })
        .formatToParts(0)
        .find((p) => p.type === 'currency')?.value ?? currency
    );
  } catch {
    return currency;
  }
}

/** Minor units as the text a person would type: 3000 USD → "30.00", 500 JPY → "500". */
export function moneyText(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  if (digits === 0) return String(minor);
  const unit = 10 ** digits;
  return `${Math.trunc(minor / unit)}.${String(Math.abs(minor % unit)).padStart(digits, '0')}`;
}

/**
 * A money amount typed as text and parsed with `parseMoney` (never a float): the caller keeps the text
 * and reads minor units with `parseMoneyField`.
 */
export function MoneyInput({
  value,
  onChange,
  currency,
  ...props
}: Omit<TextInputProps, 'value' | 'onChange'> & {
  value: string;
  onChange: (text: string) => void;
  currency?: string;
}) {
  const format = useFormat();
  const code = currency ?? format.currency;
  const symbol = currencySymbol(format.locale, code);
  const digits = minorDigits(code);
  return (
    <TextInput
      inputMode="decimal"
      autoComplete="off"
      leftSection={<span style={{ fontSize: 'var(--mantine-font-size-sm)' }}>{symbol}</span>}
      leftSectionWidth={symbol.length > 2 ? 48 : 32}
      placeholder={digits === 0 ? '0' : `0.${'0'.repeat(digits)}`}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      styles={{ input: { fontVariantNumeric: 'tabular-nums' } }}
      {...props}
    />
  );
}

/**
 * Minor units of a money field, or the message to show under it. Empty text is `empty` (0 for an
 * optional fee) or asks for an amount.
 */
export function parseMoneyField(
  text: string,
  currency: string,
  empty: number | null = null,
): { value: number } | { error: string } {
  if (!text.trim()) return empty === null ? { error: 'Enter an amount' } : { value: empty };
  const value = parseMoney(text, currency);
  if (value === null) {
    const digits = minorDigits(currency);
    return {
      error:
        digits === 0
          ? 'Enter a whole amount, like 500'
          : `Enter an amount like 30.${'0'.repeat(digits)} (digits and one decimal point)`,
    };
  }
  return { value };
}
