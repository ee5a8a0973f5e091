/**
 * The SMS provider port (DESIGN §1, §11): Twilio in the app, a local stand-in in tests. Credentials
 * are secrets (`twilioAccountSid`, `twilioAuthToken`, `twilioFrom`; headless: TWILIO_ACCOUNT_SID …).
 */
export interface SmsConfig {
  accountSid: string;
  authToken: string;
  /** The sending number (E.164) or a Messaging Service sid (`MG…`). */
  from: string;
}

export interface SmsGateway {
  /** Sends one text; resolves with the provider's message id, or throws an `SmsError`. */
  send(message: { to: string; body: string }): Promise<{ sid: string }>;
  /**
   * After a crash between "sending" and "sent": the provider's id of a text with this body sent to
   * this number since `since`, or null when there is none (so it is safe to send it again).
   */
  findSent(query: { to: string; body: string; since: Date }): Promise<string | null>;
  /** Checks the credentials (reads the account); throws an `SmsError` when Twilio refuses them. */
  verify(): Promise<void>;
}

export type SmsGatewayFactory = (config: SmsConfig) => SmsGateway;

export const SMS_SECRETS = {
  accountSid: 'twilioAccountSid',
  authToken: 'twilioAuthToken',
  from: 'twilioFrom',
} as const;

/** A failure in the owner's words, and whether trying again later can help. */
export class SmsError extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
    readonly code: number | null = null,
  ) {
    super(message);
    this.name = 'SmsError';
  }
}

/** Twilio's error codes that Recur explains (REFERENCES "Twilio Messages API"). */
const TWILIO_ERRORS: Record<number, { words: string; retry: boolean }> = {
  20003: {
    words: 'Twilio refused the account SID or auth token. Check them in Settings → Messages.',
    retry: true,
  },
  20429: {
    words: 'Twilio asked Recur to slow down (too many texts at once). It will try again.',
    retry: true,
  },
  21211: { words: 'The phone number is not a valid number for texts.', retry: false },
  21408: { words: 'Texts to this country are not enabled on the Twilio account.', retry: false },
  21606: { words: 'The sending number cannot send texts. Check "From" in Settings → Messages.', retry: true },
  21608: {
    words:
      'The Twilio trial account can only text verified numbers. Verify this number in Twilio, or upgrade the account.',
    retry: false,
  },
  21610: { words: 'The member replied STOP to your texts, so Twilio will not deliver them.', retry: false },
  21612: { words: 'Twilio cannot reach this number from your sending number.', retry: false },
  21614: { words: 'This number cannot receive texts (a landline?).', retry: false },
};

/** Turns Twilio's answer into an `SmsError`: known codes in plain words, 5xx retried, other 4xx not. */
export function twilioError(status: number, body: { code?: number; message?: string } | null): SmsError {
  const code = typeof body?.code === 'number' ? body.code : null;
  const known = code === null ? undefined : TWILIO_ERRORS[code];
  if (known) return new SmsError(`${known.words} (Twilio ${code})`, known.retry, code);
  if (status === 429) return new SmsError(TWILIO_ERRORS[20429]!.words, true, 20429);
  if (status >= 500)
    return new SmsError(`Twilio is having trouble (HTTP ${status}). It will try again.`, true, code);
  return new SmsError(
    `Twilio refused the text: ${body?.message ?? `HTTP ${status}`}${code ? ` (Twilio ${code})` : ''}`,
    false,
    code,
  );
}
