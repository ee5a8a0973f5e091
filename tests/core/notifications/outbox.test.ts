import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { cardSetups } from '../../../db/schema';
import { createSmtpMailer } from '../../../electron/core/notifications/mailer';
import { paymentsFixture, type PaymentsFixture } from '../../support/payments';
import { startSmtpCapture } from '../../support/smtp-capture';

let f: PaymentsFixture | undefined;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>> | undefined;
afterEach(async () => {
  await f?.close();
  await smtp?.close();
  f = undefined;
  smtp = undefined;
});

describe('the outbox', () => {
  it('queues the card link with its cause, waits without email settings, then sends it', async () => {
    smtp = await startSmtpCapture();
    f = await paymentsFixture('2026-03-02', { mailer: createSmtpMailer });
    const member = (
      await f.t.call(f.owner, 'members.create', {
        firstName: 'Ann',
        lastName: 'Lee',
        email: 'ann@example.com',
      })
    ).id;
    const setup = await f.t.call(f.owner, 'paymentMethods.startSetup', { memberId: member });
    const queued = await f.t.call(f.owner, 'paymentMethods.emailSetupLink', { setupId: setup.id });
    expect(queued).toMatchObject({
      to: 'ann@example.com',
      status: 'queued',
      subject: 'Iron & Oak Fitness: add your card',
    });

    // No email settings yet: it waits, visibly.
    await f.t.core.scheduler.runDue();
    expect((await f.t.call(f.owner, 'outbox.list', {})).items[0]).toMatchObject({
      status: 'queued',
      attempts: 0,
    });
    expect(smtp.received).toEqual([]);

    const settings = await f.t.call(f.owner, 'email.saveSettings', {
      host: '127.0.0.1',
      port: smtp.port,
      from: 'desk@ironoak.test',
      password: 'pw',
    });
    expect(settings).toMatchObject({ configured: true, hasPassword: true });
    expect(JSON.stringify(settings)).not.toContain('pw"');
    await f.t.core.scheduler.runDue();
    expect((await f.t.call(f.owner, 'outbox.list', {})).items[0]).toMatchObject({
      status: 'sent',
      attempts: 1,
    });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.to).toEqual(['ann@example.com']);
    // Quoted-printable wraps long lines with a trailing `=`; undo it to read the link.
    const body = smtp.received[0]!.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    expect(body).toContain(setup.url);
  });

  it('retries with backoff when the server refuses, and refuses to email a member without an address', async () => {
    smtp = await startSmtpCapture();
    f = await paymentsFixture('2026-03-02', { mailer: createSmtpMailer });
    await f.t.call(f.owner, 'email.saveSettings', {
      host: '127.0.0.1',
      port: smtp.port,
      from: 'desk@ironoak.test',
    });
    const noEmail = await f.member();
    const s1 = await f.t.call(f.owner, 'paymentMethods.startSetup', { memberId: noEmail });
    expect((await f.t.fail(f.owner, 'paymentMethods.emailSetupLink', { setupId: s1.id })).fields).toEqual({
      email: 'No email address',
    });

    const member = (
      await f.t.call(f.owner, 'members.create', { firstName: 'Bo', lastName: 'Ng', email: 'bo@example.com' })
    ).id;
    const s2 = await f.t.call(f.owner, 'paymentMethods.startSetup', { memberId: member });
    await f.t.call(f.owner, 'paymentMethods.emailSetupLink', { setupId: s2.id });
    smtp.refuseAll(true);
    await f.t.core.scheduler.runDue();
    const [failedOnce] = (await f.t.call(f.owner, 'outbox.list', {})).items;
    expect(failedOnce).toMatchObject({
      status: 'queued',
      attempts: 1,
      lastError: expect.stringContaining('Mailbox unavailable'),
    });
    // Not retried before the backoff is over; retried after.
    smtp.refuseAll(false);
    await f.t.core.scheduler.runDue();
    expect(smtp.received).toHaveLength(0);
    f.t.clock.advance(61_000);
    await f.t.core.scheduler.runDue();
    expect(smtp.received).toHaveLength(1);
    const row = f.t.database.db.select().from(cardSetups).where(eq(cardSetups.id, s2.id)).get();
    expect(row?.status).toBe('open');
  });
});
