import { z } from 'zod';
import { isCalendarDate } from '../dates';
import { BAD_TEXT_MESSAGE, hasBadText } from '../validation';

export const id = z.number({ error: 'Missing id' }).int().positive();
export const byId = z.object({ id });
export const empty = z.object({}).strict();

/**
 * Text with no NUL and no lone surrogate (dispatch refuses those in every field of every channel;
 * this says so in forms that validate with the contract before sending).
 */
export const cleanString = () => z.string().refine((v) => !hasBadText(v), BAD_TEXT_MESSAGE);

/**
 * The fields of an update: every one optional, and none defaulted. zod 4 keeps `.default()` inside
 * `.partial()`, so an update built that way would quietly reset every field it was not sent (a plan's
 * grace days back to 7 when only its name changed).
 */
export function updateFields<S extends z.ZodRawShape>(shape: S) {
  const fields: Record<string, z.ZodType> = {};
  for (const [name, schema] of Object.entries(shape)) {
    const plain = (schema instanceof z.ZodDefault ? schema.removeDefault() : schema) as z.ZodType;
    fields[name] = plain.optional();
  }
  return fields as { [K in keyof S]: z.ZodOptional<S[K] extends z.ZodDefault<infer I> ? I : S[K]> };
}

/** Trimmed text; empty strings become undefined so optional fields stay optional. */
export const optionalText = (max: number, label: string) =>
  cleanString()
    .trim()
    .max(max, `${label} is too long (at most ${max} characters)`)
    .optional()
    .transform((v) => (v === '' ? undefined : v));

export const requiredText = (max: number, label: string) =>
  z
    .string({ error: `Enter ${label.toLowerCase()}` })
    .refine((v) => !hasBadText(v), BAD_TEXT_MESSAGE)
    .trim()
    .min(1, `Enter ${label.toLowerCase()}`)
    .max(max, `${label} is too long (at most ${max} characters)`);

export const email = z
  .string({ error: 'Enter an email address' })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'That is not a valid email address' }));

export const optionalEmail = z
  .string()
  .trim()
  .toLowerCase()
  .optional()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.email({ error: 'That is not a valid email address' }).optional());

export const calendarDate = z.string().refine(isCalendarDate, 'Use a real date as YYYY-MM-DD');

export const password = z
  .string({ error: 'Enter a password' })
  .min(10, 'Use at least 10 characters')
  .max(200, 'Use at most 200 characters');

export const paging = {
  limit: z.number().int().min(1).max(500).default(50),
  offset: z.number().int().min(0).default(0),
};
