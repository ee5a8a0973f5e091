import type { z } from 'zod';

/** Turns zod issues into one message per field path, first issue wins (`address.city`, `rows.3`). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : '_';
    if (!(key in fields)) fields[key] = issue.message;
  }
  return fields;
}

/** A NUL, or half of a UTF-16 surrogate pair without its other half. */
const BAD_TEXT = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const BAD_TEXT_MESSAGE = 'Remove the invisible or broken characters from this text';

/**
 * True when text holds a NUL or a lone surrogate: neither can be typed, both come from broken
 * copy-and-paste or crafted requests, and they break what the text flows into later (SQLite C
 * strings, PDFs, emails, CSV, other programs' UTF-8).
 */
export const hasBadText = (text: string): boolean => BAD_TEXT.test(text);

/**
 * The path of the first string anywhere in an input (object keys included) that `hasBadText`, or null.
 * Dispatch runs it over every channel's input, so every text field refuses such text, including
 * fields declared as plain strings.
 */
export function findBadText(value: unknown, path: string[] = [], depth = 0): string | null {
  if (typeof value === 'string') return hasBadText(value) ? path.join('.') || '_' : null;
  if (value === null || typeof value !== 'object' || depth > 32) return null;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [key, inner] of entries) {
    if (hasBadText(key)) return [...path, key.replace(BAD_TEXT, '?')].join('.');
    const found = findBadText(inner, [...path, key], depth + 1);
    if (found !== null) return found;
  }
  return null;
}
