import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { paymentMethods } from '../../../db/schema';
import { messagesFixture, type MessagesFixture } from '../../support/messages';

let f: MessagesFixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

const topicsOf = async (fx: MessagesFixture, memberId: number, topic: string) =>
  (await fx.outbox({ memberId, topic })).map((r) => `${r.channel}:${r.status}`);

describe('reminders on the right day', () => {
  it('reminds a quarterly renewal 7 days before, never a monthly one by default, never a member who refused', async () => {
    f = await messagesFixture('2026-03-02');
    const quarterly = await f.plan({ name: 'Quarter', price: 8000, interval: 'month', intervalCount: 3 });
    const monthly = await f.plan({ name: 'Monthly' });
    const ann = await f.memberWithPhone('Ann');
    const bo = await f.memberWithPhone('Bo');
    const cy = await f.memberWithPhone('Cy');
    await f.t.call(f.owner, 'messages.saveMemberChoices', {
      memberId: cy,
      email: true,
      sms: false,
      refuseReminders: true,
    });
    await f.t.call(f.owner, 'subscriptions.create', {
      memberId: ann,
      planId: quarterly,
      collection: 'manual',
    });
    await f.t.call(f.owner, 'subscriptions.create', { memberId: bo, planId: monthly, collection: 'manual' });
    await f.t.call(f.owner, 'subscriptions.create', {
      memberId: cy,
      planId: quarterly,
      collection: 'manual',
    });
    await f.advancePaying('2026-04-02', '2026-05-02', '2026-05-25');
    expect(await topicsOf(f, ann, 'renewal_reminder')).toEqual([]);

    await f.advanceTo('2026-05-26'); // 7 days before 2 June
    expect(await topicsOf(f, ann, 'renewal_reminder')).toEqual(['email:sent', 'sms:sent']);
    const mail = f.smtp.received.find((m) => m.raw.includes('renews on Jun 2, 2026'));
    expect(mail?.to).toEqual(['ann@example.com']);
    expect(
      f.twilio.messages.filter((m) =>
        m.body.includes('Quarter membership renews on Jun 2, 2026 ($80.00 quarterly'),
      ),
    ).toHaveLength(0);
    expect(
      f.twilio.messages.filter((m) => m.body.includes('renews on Jun 2, 2026 ($80.00 every 3 months)')),
    ).toHaveLength(1);
    expect(await topicsOf(f, bo, 'renewal_reminder')).toEqual([]);
    expect(await topicsOf(f, cy, 'renewal_reminder')).toEqual([]);
    // The member who refused reminders still gets receipts.
    expect((await topicsOf(f, cy, 'payment_received')).length).toBeGreaterThan(0);

    // A repeated run, and the next days, send nothing twice.
    await f.t.core.scheduler.runDue();
    await f.advanceTo('2026-05-27');
    await f.advanceTo('2026-06-01');
    expect(await topicsOf(f, ann, 'renewal_reminder')).toEqual(['email:sent', 'sms:sent']);
    expect(f.twilio.messages.filter((m) => m.body.includes('renews on Jun 2, 2026'))).toHaveLength(1);
  });

  it('reminds a monthly renewal on exactly the 7th day before, each period, once the owner turns it on', async () => {
    f = await messagesFixture('2026-03-15');
    // As the Messages settings page does: read the settings, flip the switch, save them whole.
    const settings = await f.t.call(f.owner, 'messages.settings', {});
    expect(settings.renewalReminderMonthly).toBe(false);
    await f.t.call(f.owner, 'messages.saveSettings', { ...settings, renewalReminderMonthly: true });
    const monthly = await f.plan({ name: 'Monthly' });
    const ann = await f.memberWithPhone('Ann', undefined, { sms: false });
    await f.t.call(f.owner, 'subscriptions.create', { memberId: ann, planId: monthly, collection: 'manual' });
    const reminders = async () => (await f!.outbox({ memberId: ann, topic: 'renewal_reminder' })).length;
    const mailsFor = (date: string) => f!.smtp.received.filter((m) => m.raw.includes(`renews on ${date}`));

    await f.advancePaying('2026-04-01', '2026-04-07');
    expect(await reminders()).toBe(0);
    await f.advanceTo('2026-04-08'); // 7 days before 15 April
    expect(await reminders()).toBe(1);
    expect(mailsFor('Apr 15, 2026').map((m) => m.to)).toEqual([['ann@example.com']]);
    // A repeated run the same day, and the days up to the renewal, send nothing more.
    await f.t.core.scheduler.runDue();
    await f.advancePaying('2026-04-09', '2026-04-14', '2026-04-15', '2026-05-07');
    expect(await reminders()).toBe(1);
    await f.advanceTo('2026-05-08'); // 7 days before 15 May, the next period's end
    expect(await reminders()).toBe(2);
    expect(mailsFor('May 15, 2026')).toHaveLength(1);
    expect(mailsFor('Apr 15, 2026')).toHaveLength(1);
  });

  it('sends no monthly renewal reminder while the setting is off', async () => {
    f = await messagesFixture('2026-03-15');
    const monthly = await f.plan({ name: 'Monthly' });
    const ann = await f.memberWithPhone('Ann');
    await f.t.call(f.owner, 'subscriptions.create', { memberId: ann, planId: monthly, collection: 'manual' });
    await f.advancePaying('2026-04-07', '2026-04-08', '2026-04-15', '2026-05-08', '2026-05-09');
    expect(await topicsOf(f, ann, 'renewal_reminder')).toEqual([]);
    expect(f.smtp.received.some((m) => m.raw.includes('renews on'))).toBe(false);
    // The subscription did renew meanwhile: the silence is the setting, not a stalled clock.
    expect(await topicsOf(f, ann, 'payment_received')).toEqual([
      'email:sent',
      'sms:sent',
      'email:sent',
      'sms:sent',
    ]);
  });

  it('warns 3 days before a trial ends, and catches up a day the desk computer was off', async () => {
    f = await messagesFixture('2026-03-02');
    const trial = await f.plan({ name: 'Trial plan', trialDays: 14 });
    const ann = await f.memberWithPhone('Ann');
    await f.t.call(f.owner, 'subscriptions.create', { memberId: ann, planId: trial, collection: 'manual' });
    await f.advanceTo('2026-03-12');
    expect(await topicsOf(f, ann, 'trial_ending')).toEqual([]);
    // Off on the 13th and 14th: the reminder for the 16th still goes out on the 15th, once.
    await f.advanceTo('2026-03-15');
    expect(await topicsOf(f, ann, 'trial_ending')).toEqual(['email:sent', 'sms:sent']);
    expect(f.twilio.messages.find((m) => m.body.includes('trial ends on Mar 16, 2026'))).toBeDefined();
    await f.t.core.scheduler.runDue();
    expect(await topicsOf(f, ann, 'trial_ending')).toEqual(['email:sent', 'sms:sent']);
  });

  it('warns 30 days before a card expires, and 7 days before a cancelled membership ends', async () => {
    f = await messagesFixture('2026-03-02');
    const ann = await f.memberWithPhone('Ann', undefined, { sms: false });
    const bo = await f.memberWithPhone('Bo', undefined, { sms: false });
    const plan = await f.plan();
    for (const m of [ann, bo]) {
      const card = await f.addCard(m);
      f.t.database.db
        .update(paymentMethods)
        .set({ expMonth: 4, expYear: 2026 })
        .where(eq(paymentMethods.id, card))
        .run();
    }
    const annSub = await f.t.call(f.owner, 'subscriptions.create', {
      memberId: ann,
      planId: plan,
      collection: 'automatic',
    });
    const sub = await f.t.call(f.owner, 'subscriptions.create', {
      memberId: bo,
      planId: plan,
      collection: 'automatic',
    });
    for (const s of [annSub, sub]) {
      const [invoice] = await f.invoicesOf(s.id);
      if (invoice?.status === 'open')
        await f.t.call(f.owner, 'invoices.charge', { invoiceId: invoice.id as number });
    }
    await f.t.call(f.owner, 'subscriptions.cancel', {
      id: sub.id,
      when: 'period_end',
      reason: 'moving away',
    });
    expect(await topicsOf(f, bo, 'subscription_cancelled')).toEqual(['email:queued']);
    await f.advanceTo('2026-03-25');
    expect(await topicsOf(f, bo, 'membership_expiring')).toEqual([]);
    await f.advanceTo('2026-03-26'); // 7 days before 2 April
    expect(await topicsOf(f, bo, 'membership_expiring')).toEqual(['email:sent']);
    expect(await topicsOf(f, ann, 'membership_expiring')).toEqual([]);
    expect(await topicsOf(f, ann, 'card_expiring')).toEqual([]);
    await f.advanceTo('2026-03-31'); // 30 days before 30 April
    expect(await topicsOf(f, ann, 'card_expiring')).toEqual(['email:sent']);
    // Nothing more will be charged to Bo's card: no warning.
    expect(await topicsOf(f, bo, 'card_expiring')).toEqual([]);
    expect(f.smtp.received.some((m) => m.raw.includes('ending 4242 expires at the end of 04/2026'))).toBe(
      true,
    );
  });

  it("asks a member to come back 7 days after the end, with the owner's coupon; not one who refused", async () => {
    f = await messagesFixture('2026-03-02');
    const settings = await f.t.call(f.owner, 'messages.settings', {});
    await f.t.call(f.owner, 'messages.saveSettings', { ...settings, comeBackCoupon: 'BACK10' });
    const plan = await f.plan();
    const ann = await f.memberWithPhone('Ann');
    const bo = await f.memberWithPhone('Bo');
    await f.t.call(f.owner, 'messages.saveMemberChoices', {
      memberId: bo,
      email: true,
      sms: true,
      refuseReminders: true,
    });
    for (const m of [ann, bo]) {
      const sub = await f.t.call(f.owner, 'subscriptions.create', {
        memberId: m,
        planId: plan,
        collection: 'manual',
      });
      await f.payAll();
      await f.t.call(f.owner, 'subscriptions.cancel', { id: sub.id, when: 'now', reason: 'too busy' });
    }
    expect(await topicsOf(f, ann, 'subscription_cancelled')).toEqual(['email:queued', 'sms:queued']);
    await f.advanceTo('2026-03-08');
    expect(await topicsOf(f, ann, 'come_back')).toEqual([]);
    await f.advanceTo('2026-03-09');
    expect(await topicsOf(f, ann, 'come_back')).toEqual(['email:sent', 'sms:sent']);
    expect(f.twilio.messages.find((m) => m.body.includes('Use the code BACK10'))?.to).toBe('+12125550111');
    expect(await topicsOf(f, bo, 'come_back')).toEqual([]);
    await f.advanceTo('2026-03-10');
    expect(await topicsOf(f, ann, 'come_back')).toHaveLength(2);
  });
});
