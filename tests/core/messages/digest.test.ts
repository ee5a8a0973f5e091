import { billingEvents } from '../../../db/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { messagesFixture, type MessagesFixture } from '../../support/messages';

let f: MessagesFixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

describe('the morning digest', () => {
  it('says what was paid and how, what failed and why, what renewed and what is due, from the billing events', async () => {
    f = await messagesFixture('2026-03-02', { sms: false });
    const plan = await f.plan();
    const ann = await f.memberWithPhone('Ann', undefined, { sms: false });
    const bo = await f.memberWithPhone('Bo', undefined, { sms: false });
    await f.addCard(bo, 'pm_card_chargeDeclined');
    await f.t.call(f.owner, 'subscriptions.create', { memberId: ann, planId: plan, collection: 'manual' });
    await f.payAll();
    const sub = await f.t.call(f.owner, 'subscriptions.create', {
      memberId: bo,
      planId: plan,
      collection: 'automatic',
    });
    const [invoice] = await f.invoicesOf(sub.id);
    await f.t.call(f.owner, 'invoices.charge', { invoiceId: invoice!.id as number }).catch(() => undefined);

    const d = await f.t.call(f.owner, 'digest.today', {});
    expect(d).toMatchObject({ since: '2026-03-01', until: '2026-03-02', firstToday: true });
    expect(d.paidByMethod).toEqual([
      {
        label: 'Cash',
        method: 'cash',
        count: 1,
        amounts: [{ amount: 3000, currency: 'USD' }],
        memberIds: [ann],
      },
    ]);
    expect(d.failed).toHaveLength(1);
    expect(d.failed[0]).toMatchObject({
      count: 1,
      amounts: [{ amount: 3000, currency: 'USD' }],
      memberIds: [bo],
    });
    expect(d.failed[0]!.reason).toMatch(/declined/i);

    // A week on: Ann's renewal is due within 7 days; on 2 April it renews and shows the next morning.
    await f.advanceTo('2026-03-27');
    expect((await f.t.call(f.owner, 'digest.today', {})).dueNext7Days).toMatchObject({
      count: 1,
      memberIds: [ann],
    });
    await f.advanceTo('2026-04-02');
    await f.payAll();
    await f.advanceTo('2026-04-03');
    const next = await f.t.call(f.owner, 'digest.today', {});
    // Renewals are exactly the renewal events written since yesterday's midnight (New York).
    const renewedEvents = f.t.database.db
      .select()
      .from(billingEvents)
      .all()
      .filter((e) => e.type === 'subscription.renewed' && e.createdAt >= '2026-04-02T04:00:00.000Z');
    expect(next.renewed.count).toBe(renewedEvents.length);
    expect(next.renewed.memberIds).toEqual([...new Set(renewedEvents.map((e) => e.memberId))]);
    const cash = f.t.database.db
      .select()
      .from(billingEvents)
      .all()
      .filter((e) => e.type === 'payment.succeeded' && e.createdAt >= '2026-04-02T04:00:00.000Z');
    expect(cash.length).toBeGreaterThan(0);
    expect(next.paidByMethod).toEqual([
      expect.objectContaining({
        method: 'cash',
        count: cash.length,
        amounts: [
          {
            amount: cash.reduce((n, e) => n + (JSON.parse(e.data) as { amount: number }).amount, 0),
            currency: 'USD',
          },
        ],
      }),
    ]);

    // Dismissed, it stays away until the next day.
    await f.t.call(f.owner, 'digest.dismiss', {});
    expect((await f.t.call(f.owner, 'digest.today', {})).firstToday).toBe(false);
    await f.advanceTo('2026-04-04');
    expect((await f.t.call(f.owner, 'digest.today', {})).firstToday).toBe(true);
  });

  it('emails the digest to the owner once a day when asked', async () => {
    f = await messagesFixture('2026-03-02', { sms: false });
    const s = await f.t.call(f.owner, 'messages.settings', {});
    await f.t.call(f.owner, 'messages.saveSettings', {
      ...s,
      digestEmail: true,
      digestTo: 'owner@ironoak.test',
    });
    await f.t.core.scheduler.runDue();
    await f.t.core.scheduler.runDue();
    const digests = f.smtp.received.filter((m) => m.to.includes('owner@ironoak.test'));
    expect(digests).toHaveLength(1);
    expect(digests[0]!.raw).toContain('Due in the next 7 days: 0');
    await f.advanceTo('2026-03-03');
    expect(f.smtp.received.filter((m) => m.to.includes('owner@ironoak.test'))).toHaveLength(2);
  });
});
