import { getCountries, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

let namesToCodes: Map<string, CountryCode> | null = null;

/**
 * The two-letter country code for a country as typed in an address ("US", "Germany", "Deutschland"
 * in English names only) or, failing that, the region of the business's locale (en-US → US).
 */
export function countryCodeOf(
  country: string | null | undefined,
  locale?: string | null,
): CountryCode | null {
  const codes = getCountries();
  const text = country?.trim() ?? '';
  if (/^[a-z]{2}$/i.test(text) && codes.includes(text.toUpperCase() as CountryCode)) {
    return text.toUpperCase() as CountryCode;
  }
  if (text) {
    if (!namesToCodes) {
      const names = new Intl.DisplayNames(['en'], { type: 'region' });
      namesToCodes = new Map(codes.map((c) => [names.of(c)?.toLowerCase() ?? c, c]));
      namesToCodes.set('usa', 'US');
      namesToCodes.set('united states of america', 'US');
      namesToCodes.set('uk', 'GB');
    }
    const code = namesToCodes.get(text.toLowerCase());
    if (code) return code;
  }
  const region = locale ? new Intl.Locale(locale).maximize().region : undefined;
  return region && codes.includes(region as CountryCode) ? (region as CountryCode) : null;
}

/**
 * A phone number as Twilio wants it (E.164, `+15551234567`), read in `country` when it has no `+`
 * prefix; null when it is not a valid number there.
 */
export function toE164(raw: string, country: CountryCode | null): string | null {
  const text = raw.trim();
  if (!text) return null;
  const parsed = parsePhoneNumberFromString(text, country ?? undefined);
  return parsed?.isValid() ? parsed.number : null;
}
