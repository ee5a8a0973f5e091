import type { Paper } from './snapshot';

/** Countries that use US Letter (the Americas mostly, and the Philippines); everyone else A4. */
const LETTER = new Set([
  'US',
  'CA',
  'MX',
  'PH',
  'CL',
  'CO',
  'VE',
  'GT',
  'CR',
  'PA',
  'DO',
  'PR',
  'SV',
  'NI',
  'BZ',
]);
const NAMES: Record<string, string> = {
  'united states': 'US',
  'united states of america': 'US',
  usa: 'US',
  'u.s.a.': 'US',
  america: 'US',
  canada: 'CA',
  mexico: 'MX',
  méxico: 'MX',
  philippines: 'PH',
  chile: 'CL',
  colombia: 'CO',
  venezuela: 'VE',
  guatemala: 'GT',
  'costa rica': 'CR',
  panama: 'PA',
  'dominican republic': 'DO',
  'puerto rico': 'PR',
};

/** The business's country as typed in Settings ("US", "Canada"), else the region of its locale (en-US). */
export function countryCode(country: string | null | undefined, locale: string): string | null {
  const text = country?.trim() ?? '';
  if (/^[A-Za-z]{2}$/.test(text)) return text.toUpperCase();
  const named = NAMES[text.toLowerCase()];
  if (named) return named;
  if (text) return null;
  try {
    return new Intl.Locale(locale).maximize().region ?? null;
  } catch {
    return null;
  }
}

export function paperFor(country: string | null | undefined, locale: string): Paper {
  const code = countryCode(country, locale);
  return code && LETTER.has(code) ? 'letter' : 'a4';
}
