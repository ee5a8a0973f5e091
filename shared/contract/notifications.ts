import { z } from 'zod';
import { channel } from './define';
import type { OutboxItem } from './messages';
import { email, empty, id } from './common';

export interface EmailSettings {
  host: string | null;
  port: number | null;
  secure: boolean;
  user: string | null;
  from: string | null;
  /** Whether a password is stored; the password itself never leaves the main process. */
  hasPassword: boolean;
  configured: boolean;
}

export const notificationChannels = {
  'email.settings': channel<EmailSettings>()(empty, 'owner'),
  'email.saveSettings': channel<EmailSettings>()(
    z.object({
      host: z.string().trim().min(1, 'Enter the mail server (e.g. smtp.example.com)').max(200),
      port: z.number().int().min(1, 'Use a port from 1 to 65535').max(65535, 'Use a port from 1 to 65535'),
      secure: z.boolean().default(false),
      user: z.string().trim().max(200).optional(),
      /** Omitted: keep the stored one. Empty string: forget it. */
      password: z.string().max(500).optional(),
      from: email,
    }),
    'owner',
  ),
  /** Sends a test message at once and says what the server answered. */
  'email.test': channel<{ sent: true }>()(z.object({ to: email }), 'owner'),
  /** Emails the member the link to add their card (queued in the outbox). */
  'paymentMethods.emailSetupLink': channel<OutboxItem>()(z.object({ setupId: id }), 'staff'),
};
