import { z } from 'zod';
import { channel } from './define';
import { empty, optionalEmail, optionalText, requiredText } from './common';
import { currencyCode, locale, timeZone } from './auth';
import type { BusinessSettings, Preferences, SystemInfo } from './types';

export const addressInput = z.object({
  line1: optionalText(200, 'Address line 1'),
  line2: optionalText(200, 'Address line 2'),
  city: optionalText(100, 'City'),
  region: optionalText(100, 'State or region'),
  postalCode: optionalText(20, 'Postal code'),
  country: optionalText(100, 'Country'),
});

const documentPrefix = z
  .string()
  .trim()
  .max(10, 'Use at most 10 characters')
  .regex(/^[A-Za-z0-9/_-]*$/, 'Use letters, digits, dashes, slashes and underscores');

const MAX_LOGO_BYTES = 512 * 1024;

export const settingsChannels = {
  'settings.get': channel<BusinessSettings>()(empty, 'signedIn'),
  'settings.update': channel<BusinessSettings>()(
    z
      .object({
        name: requiredText(120, 'Business name'),
        address: addressInput,
        taxId: optionalText(50, 'Tax id').nullable(),
        logoDataUrl: z
          .string()
          .max(MAX_LOGO_BYTES, 'The logo is too large: use an image under 380 KB')
          .regex(/^data:image\/(png|jpeg|svg\+xml);base64,/, 'The logo must be a PNG, JPEG or SVG image')
          .nullable(),
        currency: currencyCode,
        timeZone,
        locale,
        email: optionalEmail.nullable(),
        phone: optionalText(40, 'Phone').nullable(),
        lockAfterMinutes: z
          .number()
          .int('Use whole minutes')
          .min(1, 'Lock after at least 1 minute')
          .max(24 * 60, 'Lock after at most 24 hours'),
        memberNumberPrefix: z
          .string()
          .trim()
          .max(6, 'Use at most 6 characters')
          .regex(/^[A-Za-z0-9-]*$/, 'Use letters, digits and dashes only'),
        invoicePrefix: documentPrefix,
        creditNotePrefix: documentPrefix,
        invoiceDueDays: z
          .number()
          .int('Use whole days')
          .min(0, 'Cannot be negative')
          .max(365, 'At most 365 days'),
        deskPayLater: z.boolean(),
      })
      .partial(),
    'owner',
  ),
  'preferences.get': channel<Preferences>()(empty, 'public'),
  'preferences.set': channel<Preferences>()(z.object({ theme: z.enum(['light', 'dark', 'auto']) }), 'public'),
  'system.info': channel<SystemInfo>()(empty, 'signedIn'),
};
