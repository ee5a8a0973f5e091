import type { SmsSettings } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { countryCodeOf, toE164 } from '../../../shared/phone';
import { recordAudit } from '../audit/record';
import type { Ctx } from '../context';
import type { DomainHandlers } from '../handler';
import { findSettingsRow } from '../settings/repo';
import { smsConfigOf } from './outbox';
import { SMS_SECRETS, SmsError } from './sms';

function smsSettings(ctx: Ctx): SmsSettings {
  return {
    accountSid: ctx.ports.secrets.get(SMS_SECRETS.accountSid),
    from: ctx.ports.secrets.get(SMS_SECRETS.from),
    hasToken: Boolean(ctx.ports.secrets.get(SMS_SECRETS.authToken)),
    configured: smsConfigOf(ctx) !== null,
  };
}

const gatewayFor = (ctx: Ctx) => {
  if (!ctx.ports.smsGateway) throw new AppError('CONFLICT', 'Texts cannot be sent from this installation.');
  return ctx.ports.smsGateway;
};

/** Twilio's answer as the owner's error: refused credentials are a wrong input, the rest unavailability. */
const asAppError = (e: unknown) =>
  e instanceof SmsError && e.code === 20003
    ? new AppError('VALIDATION', e.message, { authToken: 'Twilio refused these credentials' })
    : new AppError('GATEWAY_UNAVAILABLE', e instanceof Error ? e.message : String(e));

/** The business's phone-number country, for reading numbers typed without a +. */
export function businessCountry(ctx: Ctx) {
  const s = findSettingsRow(ctx.db);
  return countryCodeOf(s?.country, s?.locale);
}

export const smsHandlers: DomainHandlers<'sms'> = {
  'sms.settings': (ctx) => smsSettings(ctx),
  'sms.saveSettings': async (ctx, { accountSid, authToken, from }) => {
    const token = authToken ?? ctx.ports.secrets.get(SMS_SECRETS.authToken);
    if (!token)
      throw new AppError('VALIDATION', 'Enter the auth token.', { authToken: 'Enter the auth token' });
    const sender = from.startsWith('MG') ? from : toE164(from, businessCountry(ctx));
    if (!sender) {
      throw new AppError('VALIDATION', `"${from}" is not a phone number Twilio can send from.`, {
        from: 'Use the Twilio number in international form, e.g. +15551234567',
      });
    }
    // Wrong credentials are refused before anything is stored, so nothing changes.
    try {
      await gatewayFor(ctx)({ accountSid, authToken: token, from: sender }).verify();
    } catch (e) {
      throw asAppError(e);
    }
    ctx.ports.secrets.set(SMS_SECRETS.accountSid, accountSid);
    ctx.ports.secrets.set(SMS_SECRETS.authToken, token);
    ctx.ports.secrets.set(SMS_SECRETS.from, sender);
    ctx.write((tx) =>
      recordAudit(tx, ctx, {
        entity: 'settings',
        entityId: 1,
        action: 'SMS settings saved',
        after: { accountSid, from: sender },
      }),
    );
    return smsSettings(ctx);
  },
  'sms.forget': (ctx) => {
    for (const name of Object.values(SMS_SECRETS)) ctx.ports.secrets.delete(name);
    ctx.write((tx) =>
      recordAudit(tx, ctx, { entity: 'settings', entityId: 1, action: 'SMS settings removed' }),
    );
    return smsSettings(ctx);
  },
  'sms.test': async (ctx, { to }) => {
    const config = smsConfigOf(ctx);
    if (!config) throw new AppError('CONFLICT', 'Save the SMS settings first.');
    const number = toE164(to, businessCountry(ctx));
    if (!number) {
      throw new AppError(
        'VALIDATION',
        `"${to}" is not a valid phone number. Add the country code (+…) or correct it.`,
        {
          to: 'Not a valid phone number',
        },
      );
    }
    try {
      await gatewayFor(ctx)(config).send({ to: number, body: 'Texts from Recur work.' });
    } catch (e) {
      throw asAppError(e);
    }
    return { sent: true as const };
  },
};
