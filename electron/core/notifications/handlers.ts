import { eq } from 'drizzle-orm';
import { businessSettings, cardSetups } from '../../../db/schema';
import { AppError } from '../../../shared/errors';
import { recordAudit } from '../audit/record';
import type { Ctx } from '../context';
import type { DomainHandlers } from '../handler';
import { getMemberRow } from '../members/repo';
import { findSettingsRow, forgetSettings } from '../settings/repo';
import { outboxItem } from './list';
import { queueMail, SMTP_PASSWORD, smtpConfigOf } from './outbox';

function emailSettings(ctx: Ctx) {
  const s = findSettingsRow(ctx.db);
  return {
    host: s?.smtpHost ?? null,
    port: s?.smtpPort ?? null,
    secure: s?.smtpSecure ?? false,
    user: s?.smtpUser ?? null,
    from: s?.mailFrom ?? null,
    hasPassword: Boolean(ctx.ports.secrets.get(SMTP_PASSWORD)),
    configured: smtpConfigOf(ctx) !== null,
  };
}

export const emailHandlers: DomainHandlers<'email'> = {
  'email.settings': (ctx) => emailSettings(ctx),
  'email.saveSettings': (ctx, { host, port, secure, user, password, from }) => {
    if (password !== undefined) {
      if (password === '') ctx.ports.secrets.delete(SMTP_PASSWORD);
      else ctx.ports.secrets.set(SMTP_PASSWORD, password);
    }
    ctx.write((tx) => {
      tx.update(businessSettings)
        .set({
          smtpHost: host,
          smtpPort: port,
          smtpSecure: secure,
          smtpUser: user ?? null,
          mailFrom: from,
          updatedAt: ctx.nowIso(),
        })
        .where(eq(businessSettings.id, 1))
        .run();
      forgetSettings(tx);
      recordAudit(tx, ctx, {
        entity: 'settings',
        entityId: 1,
        action: 'email settings saved',
        after: { host, port, from },
      });
    });
    return emailSettings(ctx);
  },
  'email.test': async (ctx, { to }) => {
    const config = smtpConfigOf(ctx);
    if (!config || !ctx.ports.mailer) throw new AppError('CONFLICT', 'Save the email settings first.');
    try {
      await ctx.ports.mailer(config)({
        from: config.from,
        to,
        subject: 'Recur test message',
        text: 'Email from Recur works.',
      });
    } catch (e) {
      throw new AppError(
        'GATEWAY_UNAVAILABLE',
        `The mail server did not accept the message: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    return { sent: true as const };
  },
};

export const emailSetupLinkHandler = {
  'paymentMethods.emailSetupLink': ((ctx, { setupId }) =>
    ctx.write((tx) => {
      const setup = tx.select().from(cardSetups).where(eq(cardSetups.id, setupId)).get();
      if (!setup) throw new AppError('NOT_FOUND', 'That card request does not exist.');
      if (setup.status !== 'open')
        throw new AppError('CONFLICT', 'This link is no longer open. Start a new card request.');
      const member = getMemberRow(tx, setup.memberId);
      if (!member.email) {
        throw new AppError(
          'VALIDATION',
          'This member has no email address. Add one, or show them the QR code.',
          { email: 'No email address' },
        );
      }
      const business = findSettingsRow(tx)!.name;
      const id = queueMail(tx, ctx, {
        to: member.email,
        subject: `${business}: add your card`,
        body: `Hello ${member.firstName},\n\n${business} asks you to add the card for your membership payments. It is done on Stripe's secure page; ${business} never sees the card number:\n\n${setup.url}\n\nThe link works until ${setup.expiresAt.slice(0, 16).replace('T', ' ')} UTC.\n`,
        topic: `card-link:${setup.id}`,
        memberId: member.id,
      });
      recordAudit(tx, ctx, {
        entity: 'member',
        entityId: member.id,
        action: 'card link emailed',
        after: { to: member.email },
      });
      return outboxItem(tx, id);
    })) as DomainHandlers<'paymentMethods'>['paymentMethods.emailSetupLink'],
};
