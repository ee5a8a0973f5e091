import { SmsError, twilioError, type SmsGatewayFactory } from './sms';

/**
 * Twilio's Messages API over fetch (no SDK needed for two calls): a form-encoded POST with Basic auth.
 * `baseUrl` comes from RECUR_TWILIO_URL so tests and demos can point it at the stand-in.
 */
export function createTwilioGateway(baseUrl = 'https://api.twilio.com'): SmsGatewayFactory {
  const base = baseUrl.replace(/\/+$/, '');
  return (config) => {
    const url = `${base}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}/Messages.json`;
    const auth = `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64')}`;
    const call = async (method: 'GET' | 'POST', target: string, form?: URLSearchParams) => {
      let response: Response;
      try {
        response = await fetch(target, {
          method,
          headers: {
            authorization: auth,
            ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          },
          ...(form ? { body: form.toString() } : {}),
          signal: AbortSignal.timeout(20_000),
        });
      } catch (e) {
        throw new SmsError(
          `Recur could not reach Twilio (${e instanceof Error ? e.message : String(e)}). It will try again.`,
          true,
        );
      }
      const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
      if (!response.ok) throw twilioError(response.status, body as { code?: number; message?: string });
      return body ?? {};
    };
    return {
      async verify() {
        await call('GET', `${base}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}.json`);
      },
      async send({ to, body }) {
        const form = new URLSearchParams({ To: to, Body: body });
        form.set(config.from.startsWith('MG') ? 'MessagingServiceSid' : 'From', config.from);
        const answer = await call('POST', url, form);
        return { sid: String(answer.sid) };
      },
      async findSent({ to, body, since }) {
        const query = new URLSearchParams({ To: to, 'DateSent>': since.toISOString().slice(0, 10) });
        const answer = await call('GET', `${url}?${query.toString()}`);
        const messages = (answer.messages ?? []) as Array<{ sid: string; body: string }>;
        return messages.find((m) => m.body === body)?.sid ?? null;
      },
    };
  };
}
