import { isCurrency } from '../../../shared/money';

/** Currencies a small business most often bills in; anything Intl knows is still accepted by the core. */
const COMMON_CURRENCIES = [
  'USD', 'EUR', 'GBP', 'CAD', 'AUD', 'NZD', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'HUF', 'RON',
  'JPY', 'CNY', 'HKD', 'SGD', 'INR', 'KRW', 'AED', 'SAR', 'ILS', 'TRY', 'ZAR', 'NGN', 'KES', 'BRL',
  'MXN', 'ARS', 'CLP', 'COP',
]; // prettier-ignore

export function currencyOptions(locale: string, current?: string): { value: string; label: string }[] {
  const names = safeDisplayNames(locale, 'currency');
  const codes = [...COMMON_CURRENCIES];
  if (current && !codes.includes(current)) codes.unshift(current);
  return codes
    .filter((code) => isCurrency(code))
    .map((code) => ({ value: code, label: `${code} — ${names?.of(code) ?? code}` }));
}

export function timeZoneOptions(current?: string): string[] {
  let zones: string[];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = ['UTC'];
  }
  // Some engines list UTC only under its alias; the core accepts it, so always offer it.
  if (!zones.includes('UTC')) zones = ['UTC', ...zones];
  if (current && !zones.includes(current)) zones = [current, ...zones];
  return zones;
}

const COMMON_LOCALES = [
  'en-US', 'en-GB', 'en-CA', 'en-AU', 'en-NZ', 'en-IE', 'en-IN', 'en-ZA', 'fr-FR', 'fr-CA', 'fr-BE',
  'fr-CH', 'de-DE', 'de-AT', 'de-CH', 'nl-NL', 'nl-BE', 'es-ES', 'es-MX', 'es-AR', 'pt-PT', 'pt-BR',
  'it-IT', 'sv-SE', 'nb-NO', 'da-DK', 'fi-FI', 'pl-PL', 'cs-CZ', 'ja-JP', 'zh-CN', 'ko-KR', 'tr-TR',
]; // prettier-ignore

export function localeOptions(current?: string): { value: string; label: string }[] {
  const list = [...COMMON_LOCALES];
  if (current && !list.includes(current)) list.unshift(current);
  return list.map((tag) => {
    const name = safeDisplayNames(tag, 'language')?.of(tag);
    return { value: tag, label: name ? `${name} (${tag})` : tag };
  });
}

/** The browser's language as a canonical tag, falling back to en-US when it is odd (e.g. "C"). */
export function browserLocale(): string {
  try {
    return Intl.getCanonicalLocales(navigator.language)[0] ?? 'en-US';
  } catch {
    return 'en-US';
  }
}

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

function safeDisplayNames(locale: string, type: 'currency' | 'language'): Intl.DisplayNames | null {
  try {
    return new Intl.DisplayNames([locale], { type });
  } catch {
    return null;
  }
}
