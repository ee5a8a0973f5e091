import { z } from 'zod';
import { isCurrency } from '../money';
import { isLocale, isTimeZone } from '../dates';
import { channel } from './define';
import { email, empty, password, requiredText } from './common';
import type { AuthResult, AuthStatus } from './types';

export const currencyCode = z
  .string({ error: 'Choose a currency' })
  .trim()
  .toUpperCase()
  .refine(isCurrency, 'Choose a currency from the list (an ISO code such as USD or EUR)');

export const timeZone = z
  .string({ error: 'Choose a time zone' })
  .refine(isTimeZone, 'Choose a time zone from the list (such as Europe/London)');

export const locale = z
  .string()
  .trim()
  .refine(isLocale, 'Choose a language and region from the list (such as en-US)');

export const authChannels = {
  'auth.status': channel<AuthStatus>()(empty, 'public'),
  'auth.setup': channel<AuthResult>()(
    z.object({
      businessName: requiredText(120, 'Business name'),
      currency: currencyCode,
      timeZone,
      locale: locale.default('en-US'),
      name: requiredText(120, 'Your name'),
      email,
      password,
    }),
    'public',
  ),
  'auth.login': channel<AuthResult>()(
    z.object({
      email,
      password: z.string({ error: 'Enter your password' }).min(1, 'Enter your password').max(200),
    }),
    'public',
  ),
  'auth.logout': channel<null>()(empty, 'signedIn'),
  'auth.changePassword': channel<null>()(
    z.object({
      currentPassword: z.string().min(1, 'Enter your current password').max(200),
      newPassword: password,
    }),
    'signedIn',
  ),
};
