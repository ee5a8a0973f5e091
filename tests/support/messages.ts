import type { OutboxItem } from '../../shared/contract';
import { createSmtpMailer } from '../../electron/core/notifications/mailer';
import { createTwilioGateway } from '../../electron/core/notifications/twilio';
import type { BuildCoreOptions } from './core';
import { paymentsFixture, type PaymentsFixture } from './payments';
import { startSmtpCapture } from './smtp-capture';
import { startTwilioStandin, type TwilioStandin } from './twilio-standin';

export interface MessagesFixture extends PaymentsFixture {
  smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
  twilio: TwilioStandin;
  /** A member with an email address and a (New York) phone, texts chosen as well. */
  memberWithPhone(
    first: string,
    phone?: string,
    choices?: { email?: boolean; sms?: boolean },
  ): Promise<number>;
  /** The outbox rows, oldest first. */
  outbox(filter?: { memberId?: number; topic?: string }): Promise<OutboxItem[]>;
}

/**
 * A whole core with cards (Stripe stand-in), email (a local SMTP server) and SMS (the Twilio
 * stand-in), all configured through the channels as the owner would.
 */
export async function messagesFixture(
  today = '2026-03-02',
  options: { faults?: BuildCoreOptions['faults']; sms?: boolean } = {},
): Promise<MessagesFixture> {
  const smtp = await startSmtpCapture();
  const twilio = await startTwilioStandin();
  const f = (await paymentsFixture(today, {
    mailer: createSmtpMailer,
    smsGateway: createTwilioGateway(twilio.url),
    ...(options.faults ? { faults: options.faults } : {}),
  })) as MessagesFixture;
  f.smtp = smtp;
  f.twilio = twilio;
  await f.t.call(f.owner, 'email.saveSettings', {
    host: '127.0.0.1',
    port: smtp.port,
    from: 'desk@ironoak.test',
  });
  if (options.sms !== false) {
    await f.t.call(f.owner, 'sms.saveSettings', {
      accountSid: twilio.accountSid,
      authToken: twilio.authToken,
      from: '+12125550100',
    });
  }
  let n = 0;
  f.memberWithPhone = async (
    first,
    phone = `(212) 555-01${String(++n + 10).padStart(2, '0')}`,
    choices = {},
  ) => {
    const m = await f.t.call(f.owner, 'members.create', {
      firstName: first,
      lastName: 'Tester',
      email: `${first.toLowerCase()}@example.com`,
      phone,
    });
    await f.t.call(f.owner, 'messages.saveMemberChoices', {
      memberId: m.id,
      email: choices.email ?? true,
      sms: choices.sms ?? true,
      refuseReminders: false,
    });
    return m.id;
  };
  f.outbox = async (filter = {}) =>
    [...(await f.t.call(f.owner, 'outbox.list', { ...filter, limit: 500 })).items].reverse();
  const close = f.close;
  f.close = async () => {
    await close();
    await smtp.close();
    await twilio.close();
  };
  return f;
}
