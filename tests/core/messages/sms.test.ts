import { afterEach, describe, expect, it } from 'vitest';
import { outbox } from '../../../db/schema';
import { noon } from '../../support/billing';
import { messagesFixture, type MessagesFixture } from '../../support/messages';

let f: MessagesFixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

/** A subscription paid at the desk: the member gets a welcome and a receipt (never refusable). */
async function payAtDesk(fx: MessagesFixture, memberId: number) {
  const planId = await fx.plan({ name: 'Gold' });
  const sub = await fx.t.call(fx.owner, 'subscriptions.create', { memberId, planId, collection: 'manual' });
  const [invoice] = await fx.invoicesOf(sub.id);
  return fx.t.call(fx.owner, 'payments.record', {
    invoiceId: invoice!.id as number,
    amount: 3000,
    method: 'cash',
  });
}

const texts = (fx: MessagesFixture) =>
  fx.t.database.db
    .select()
    .from(outbox)
    .all()
    .filter((r) => r.channel === 'sms');

describe('SMS through Twilio', () => {
  it('texts the receipt in E.164, once per cause even when runs repeat', async () => {
    f = await messagesFixture('2026-03-02');
    const ann = await f.memberWithPhone('Ann', '(212) 555-0134');
    expect(await f.t.call(f.owner, 'messages.memberChoices', { memberId: ann })).toMatchObject({
      phoneE164: '+12125550134',
      phoneProblem: null,
      email: true,
      sms: true,
    });
    await payAtDesk(f, ann);
    await f.t.core.scheduler.runDue();
    await f.t.core.scheduler.runDue();
    const receipts = f.twilio.messages.filter((m) => m.body.includes('we received $30.00'));
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({ to: '+12125550134', from: '+12125550100' });
    const log = await f.outbox({ memberId: ann, topic: 'payment_received' });
    expect(log.map((r) => [r.channel, r.status])).toEqual([
      ['email', 'sent'],
      ['sms', 'sent'],
    ]);
    expect(log[0]!.attachments).toBe(1);
  });

  it('holds texts in quiet hours (21:00–08:00 New York) and sends them when the window opens', async () => {
    f = await messagesFixture('2026-03-02');
    const ann = await f.memberWithPhone('Ann');
    f.t.clock.set(new Date('2026-03-03T02:30:00Z')); // 21:30 in New York
    f.owner = (
      await f.t.call(null, 'auth.login', { email: 'olga@ironoak.test', password: 'correct horse battery' })
    ).token;
    await payAtDesk(f, ann);
    await f.t.core.scheduler.runDue();
    expect(f.twilio.messages).toHaveLength(0);
    // The email is not held: only texts wait.
    expect(f.smtp.received.length).toBeGreaterThan(0);
    const [waiting] = texts(f);
    expect(waiting).toMatchObject({ status: 'queued', nextAttemptAt: '2026-03-03T13:00:00.000Z' });
    f.t.clock.set(new Date('2026-03-03T12:59:00Z'));
    await f.t.core.scheduler.runDue();
    expect(f.twilio.messages).toHaveLength(0);
    f.t.clock.set(new Date('2026-03-03T13:00:00Z'));
    await f.t.core.scheduler.runDue();
    expect(f.twilio.messages.length).toBeGreaterThan(0);
  });

  it('retries Twilio 5xx and rate limits with backoff; a STOP reply fails at once in plain words', async () => {
    f = await messagesFixture('2026-03-02');
    const ann = await f.memberWithPhone('Ann', '(212) 555-0134');
    const bo = await f.memberWithPhone('Bo', '(212) 555-0135');
    f.twilio.failNumber('+12125550135', {
      status: 400,
      code: 21610,
      message: 'Attempt to send to unsubscribed recipient',
    });
    f.twilio.failNext({ status: 503 }, 2);
    f.twilio.failNext({ status: 429, code: 20429 }, 1);
    await payAtDesk(f, ann);
    await f.t.core.scheduler.runDue();
    let annTexts = texts(f).filter((r) => r.memberId === ann);
    // Welcome and receipt both hit the 503s.
    expect(annTexts.map((r) => [r.status, r.attempts])).toEqual([
      ['queued', 1],
      ['queued', 1],
    ]);
    expect(annTexts[0]!.lastError).toContain('Twilio is having trouble (HTTP 503)');
    expect(annTexts[0]!.nextAttemptAt).toBe(new Date(noon('2026-03-02').getTime() + 60_000).toISOString());
    f.t.clock.advance(60_000);
    await f.t.core.scheduler.runDue();
    annTexts = texts(f).filter((r) => r.memberId === ann);
    expect(annTexts.map((r) => [r.status, r.attempts])).toEqual([
      ['queued', 2],
      ['sent', 2],
    ]);
    expect(annTexts[0]!.lastError).toContain('slow down');
    // Second backoff step: five minutes.
    f.t.clock.advance(4 * 60_000);
    await f.t.core.scheduler.runDue();
    expect(texts(f).filter((r) => r.memberId === ann && r.status === 'sent')).toHaveLength(1);
    f.t.clock.advance(60_000);
    await f.t.core.scheduler.runDue();
    expect(texts(f).filter((r) => r.memberId === ann && r.status === 'sent')).toHaveLength(2);

    await payAtDesk(f, bo);
    await f.t.core.scheduler.runDue();
    const boTexts = texts(f).filter((r) => r.memberId === bo);
    expect(boTexts.every((r) => r.status === 'failed' && r.attempts === 1)).toBe(true);
    expect(boTexts[0]!.lastError).toBe(
      'The member replied STOP to your texts, so Twilio will not deliver them. (Twilio 21610)',
    );
  });

  it('skips a number that cannot be normalized, visibly, and flags it on the member', async () => {
    f = await messagesFixture('2026-03-02');
    const cy = await f.memberWithPhone('Cy', '555-12');
    expect((await f.t.call(f.owner, 'messages.memberChoices', { memberId: cy })).phoneProblem).toContain(
      'The phone number "555-12" is not a valid number for texts in US',
    );
    await payAtDesk(f, cy);
    await f.t.core.scheduler.runDue();
    expect(f.twilio.messages).toHaveLength(0);
    const skipped = (await f.outbox({ memberId: cy })).filter((r) => r.channel === 'sms');
    expect(skipped.length).toBe(2);
    expect(skipped.every((r) => r.status === 'skipped' && r.lastError?.includes('555-12'))).toBe(true);
    // The test text refuses it too, in plain words, and sends nothing.
    const e = await f.t.fail(f.owner, 'sms.test', { to: '555-12' });
    expect(e).toMatchObject({ code: 'VALIDATION', fields: { to: 'Not a valid phone number' } });
    expect(f.twilio.requests()).toBe(1); // only the credential check when the settings were saved
  });

  it('refuses wrong Twilio credentials and keeps the ones that work', async () => {
    f = await messagesFixture('2026-03-02');
    const before = await f.t.call(f.owner, 'sms.settings', {});
    expect(before).toEqual({
      accountSid: f.twilio.accountSid,
      from: '+12125550100',
      hasToken: true,
      configured: true,
    });
    const e = await f.t.fail(f.owner, 'sms.saveSettings', {
      accountSid: f.twilio.accountSid,
      authToken: 'wrong token',
      from: '+12125550199',
    });
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toContain('Twilio refused the account SID or auth token');
    expect(await f.t.call(f.owner, 'sms.settings', {})).toEqual(before);
    // The token never comes back to the renderer.
    expect(JSON.stringify(await f.t.call(f.owner, 'sms.settings', {}))).not.toContain(f.twilio.authToken);
    const badSid = await f.t.fail(f.owner, 'sms.saveSettings', { accountSid: 'nope', from: '+12125550199' });
    expect(badSid.fields?.accountSid).toContain('starts with AC');
  });

  it('leaves texts out when the member chose email only, and asks a number before SMS can be chosen', async () => {
    f = await messagesFixture('2026-03-02');
    const dee = await f.memberWithPhone('Dee', '(212) 555-0136', { sms: false });
    await payAtDesk(f, dee);
    await f.t.core.scheduler.runDue();
    expect(texts(f)).toHaveLength(0);
    const noPhone = (
      await f.t.call(f.owner, 'members.create', { firstName: 'Eve', lastName: 'X', email: 'e@x.test' })
    ).id;
    const e = await f.t.fail(f.owner, 'messages.saveMemberChoices', {
      memberId: noPhone,
      email: true,
      sms: true,
      refuseReminders: false,
    });
    expect(e.fields).toEqual({ sms: 'No phone number' });
    const neither = await f.t.fail(f.owner, 'messages.saveMemberChoices', {
      memberId: noPhone,
      email: false,
      sms: false,
      refuseReminders: false,
    });
    expect(neither.code).toBe('VALIDATION');
  });
});
