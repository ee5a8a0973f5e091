import { afterEach, describe, expect, it } from 'vitest';
import { outbox } from '../../../db/schema';
import type { FaultPoints } from '../../../electron/core/ports';
import { messagesFixture, type MessagesFixture } from '../../support/messages';

let f: MessagesFixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

type Step = Parameters<FaultPoints['reached']>[0];

/** Crashes (throws out of the send job) the first time a step is reached: the database is left as a crash would leave it. */
function crashOnceAt(step: Step) {
  let armed = false;
  return {
    arm: () => (armed = true),
    faults: {
      reached(s: Step) {
        if (armed && s === step) {
          armed = false;
          throw new Error(`crash at ${s}`);
        }
      },
    } satisfies FaultPoints,
  };
}

async function receiptFor(fx: MessagesFixture, memberId: number) {
  const sub = await fx.t.call(fx.owner, 'subscriptions.create', {
    memberId,
    planId: await fx.plan(),
    collection: 'manual',
  });
  const [invoice] = await fx.invoicesOf(sub.id);
  await fx.t.call(fx.owner, 'payments.record', {
    invoiceId: invoice!.id as number,
    amount: 3000,
    method: 'cash',
  });
}

const statuses = (fx: MessagesFixture) =>
  fx.t.database.db
    .select()
    .from(outbox)
    .all()
    .map((r) => `${r.topic}:${r.channel}:${r.status}`);

describe('sending survives faults', () => {
  it('waits while the mail server is down, retrying with backoff, then sends each mail once', async () => {
    f = await messagesFixture('2026-03-02', { sms: false });
    const ann = await f.memberWithPhone('Ann', undefined, { sms: false });
    f.smtp.refuseAll(true);
    await receiptFor(f, ann);
    await f.t.core.scheduler.runDue();
    const rows = f.t.database.db.select().from(outbox).all();
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ['queued', 1],
      ['queued', 1],
    ]);
    expect(rows[0]!.lastError).toContain('Mailbox unavailable');
    f.t.clock.advance(60_000);
    await f.t.core.scheduler.runDue();
    expect(
      f.t.database.db
        .select()
        .from(outbox)
        .all()
        .map((r) => r.attempts),
    ).toEqual([2, 2]);
    f.smtp.refuseAll(false);
    f.t.clock.advance(4 * 60_000);
    await f.t.core.scheduler.runDue();
    expect(f.smtp.received).toHaveLength(0); // five minutes not over yet
    f.t.clock.advance(60_000);
    await f.t.core.scheduler.runDue();
    await f.t.core.scheduler.runDue();
    expect(statuses(f)).toEqual(['subscription_started:email:sent', 'payment_received:email:sent']);
    expect(f.smtp.received).toHaveLength(2);
  });

  for (const step of ['message:sending-written', 'message:provider-answered'] as const) {
    it(`sends exactly one text per cause after a crash at ${step}`, async () => {
      const crash = crashOnceAt(step);
      f = await messagesFixture('2026-03-02', { faults: crash.faults });
      const ann = await f.memberWithPhone('Ann', '(212) 555-0134', { email: false, sms: true });
      await receiptFor(f, ann);
      crash.arm();
      await f.t.core.scheduler.runDue();
      // The crash left the first text in flight.
      expect(statuses(f)).toContain('subscription_started:sms:sending');
      f.t.clock.advance(1000);
      await f.t.core.scheduler.runDue();
      await f.t.core.scheduler.runDue();
      expect(statuses(f)).toEqual(['subscription_started:sms:sent', 'payment_received:sms:sent']);
      const bodies = f.twilio.messages.map((m) => m.body);
      expect(bodies.filter((b) => b.startsWith('Welcome'))).toHaveLength(1);
      expect(bodies.filter((b) => b.includes('we received'))).toHaveLength(1);
    });
  }

  it('resends a mail caught mid-send with the same Message-ID, so it is one message', async () => {
    const crash = crashOnceAt('message:provider-answered');
    f = await messagesFixture('2026-03-02', { sms: false, faults: crash.faults });
    const ann = await f.memberWithPhone('Ann', undefined, { sms: false });
    await receiptFor(f, ann);
    crash.arm();
    await f.t.core.scheduler.runDue();
    expect(statuses(f)).toEqual(['subscription_started:email:sending', 'payment_received:email:sending']);
    await f.t.core.scheduler.runDue();
    expect(statuses(f)).toEqual(['subscription_started:email:sent', 'payment_received:email:sent']);
    // The server got each twice (the crash hid the first answer), under one Message-ID per message.
    const ids = f.smtp.received.map((m) => /^Message-ID: (.*)$/im.exec(m.raw)?.[1]);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(2);
  });
});
