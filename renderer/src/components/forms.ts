import { useCallback, useState } from 'react';
import { useForm } from '@mantine/form';
import { zod4Resolver } from 'mantine-form-zod-resolver';
import type { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { fieldErrors } from '../../../shared/validation';

export type FieldErrors = Record<string, string>;

/** Per-field messages from a core VALIDATION error (keys are paths such as `address.city`). */
export function fieldErrorsOf(error: unknown): FieldErrors {
  return error instanceof AppError && error.fields ? error.fields : {};
}

/**
 * Checks input against the same zod schema the core uses, so the operator sees the core's exact words
 * before a round trip; the core still validates again.
 */
export function validateWith(schema: z.ZodType, values: unknown): FieldErrors | null {
  const result = schema.safeParse(values);
  return result.success ? null : fieldErrors(result.error);
}

/** Form values held as strings, plus the field errors to show under each input. */
export function useFormState<T extends Record<string, unknown>>(initial: T) {
  const [values, setValues] = useState<T>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = useCallback(<K extends keyof T>(key: K, value: T[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    // Typing in a field answers its error; keep the others until the next submit.
    setErrors((e) => {
      const k = key as string;
      const stale = Object.keys(e).filter((f) => f === k || f.startsWith(`${k}.`));
      if (stale.length === 0) return e;
      const next = { ...e };
      for (const f of stale) delete next[f];
      return next;
    });
  }, []);
  return { values, setValues, set, errors, setErrors };
}

/**
 * A @mantine/form form checked by the contract's own zod schema (`zod4Resolver`), so the operator
 * sees the core's exact words before a round trip. Shape the values like the channel's input (nested
 * `address.city` and all): error paths then land on the fields without any mapping.
 */
export function useContractForm<V extends Record<string, unknown>>(
  schema: z.ZodType,
  initialValues: V,
  options: {
    /** Checks only the form knows (a repeated password), shown alongside the schema's. */
    check?: (values: V) => FieldErrors;
    /** What is sent, when it differs from what is typed (a number field's text); same paths. */
    toInput?: (values: V) => Record<string, unknown>;
  } = {},
) {
  // First issue per field wins, as the core's `fieldErrors` does.
  const resolver = zod4Resolver(schema, { errorPriority: 'first' });
  return useForm<V>({
    mode: 'controlled',
    initialValues,
    validate: (values) => ({
      ...resolver(options.toInput ? options.toInput(values) : values),
      ...options.check?.(values),
    }),
  });
}

/**
 * Puts the core's VALIDATION `fields` on the form's fields; true when any was shown there (so the
 * caller only toasts what no field explains).
 */
export function showCoreErrors(form: { setErrors: (errors: FieldErrors) => void }, error: unknown): boolean {
  const fields = fieldErrorsOf(error);
  form.setErrors(fields);
  return Object.keys(fields).length > 0;
}
