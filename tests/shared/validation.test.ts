import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract';
import { fieldErrors } from '../../shared/validation';

const errorOf = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input);
  if (r.success) throw new Error(`expected ${JSON.stringify(input)} to be refused`);
  return r.error;
};

describe('fieldErrors', () => {
  it('keys each message by its field path, nested paths joined with dots', () => {
    const schema = z.object({
      name: z.string().min(1, 'Enter a name'),
      address: z.object({ city: z.string().max(3, 'City is too long') }),
      rows: z.array(z.object({ email: z.email('Bad email') })),
    });
    expect(
      fieldErrors(
        errorOf(schema, {
          name: '',
          address: { city: 'Springfield' },
          rows: [{ email: 'a@b.co' }, { email: 'x' }],
        }),
      ),
    ).toEqual({ name: 'Enter a name', 'address.city': 'City is too long', 'rows.1.email': 'Bad email' });
  });

  it('keeps the first message of a field', () => {
    const schema = z.object({ code: z.string().min(5, 'Too short').regex(/^\d+$/, 'Digits only') });
    expect(fieldErrors(errorOf(schema, { code: 'ab' }))).toEqual({ code: 'Too short' });
  });

  it('puts errors about the whole input under "_"', () => {
    expect(fieldErrors(errorOf(z.object({}).strict(), 'not an object'))).toHaveProperty('_');
  });

  it('gives the owner-facing messages of the contract for auth.setup', () => {
    const fields = fieldErrors(
      errorOf(contract['auth.setup'].input, {
        businessName: ' ',
        currency: 'XYZ',
        timeZone: 'Mars/Base',
        name: 'Olga',
        email: 'nope',
        password: 'short',
      }),
    );
    expect(fields).toEqual({
      businessName: 'Enter business name',
      currency: 'Choose a currency from the list (an ISO code such as USD or EUR)',
      timeZone: 'Choose a time zone from the list (such as Europe/London)',
      email: 'That is not a valid email address',
      password: 'Use at least 10 characters',
    });
  });
});
