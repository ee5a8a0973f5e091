import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { creditNotes, payments, refunds } from '../../../db/schema';
import { crashHarness, intentsOf, signIn } from '../../support/crash';

const h = crashHarness('recur-crash-');

/** A business with one member, a visa on file and one open invoice of 30.00, in a database file. */
async function prepare(name: string) {
  const { file, t, owner, member, planId } = await h.memberWithCard(name);
  const sub = await t.call(owner, 'subscriptions.create', { memberId: member, planId });
  const invoiceId = (await t.call(owner, 'invoices.list', { subscriptionId: sub.id })).items[0]!.id;
  t.close();
  return { file, invoiceId };
}

describe('a crash at any step of a charge charges once and loses nothing', () => {
  it.each(['charge:pending-written', 'charge:gateway-answered', 'charge:recorded'])(
    'killed at %s, then recovered',
    async (step) => {
      const { file, invoiceId } = await prepare(step.replace(/\W/g, '-'));
      const ended = await h.runChild(file, 'charge', invoiceId, step);
      expect(ended.signal, ended.out).toBe('SIGKILL');

      // The app starts again: recovery settles whatever was left pending, with the same key.
      const t = h.coreOn(file);
      const owner = await signIn(t);
      await t.call(owner, 'gateway.reconcile', {});
      await t.call(owner, 'gateway.reconcile', {});

      expect(await t.call(owner, 'invoices.get', { id: invoiceId })).toMatchObject({
        status: 'paid',
        amountPaid: 3000,
        amountDue: 0,
      });
      const rows = t.database.db.select().from(payments).where(eq(payments.invoiceId, invoiceId)).all();
      expect(rows.map((p) => [p.status, p.amount, p.attempt])).toEqual([['succeeded', 3000, 1]]);
      const intents = intentsOf(h.standin, t);
      expect(intents).toHaveLength(1);
      expect(intents[0]).toMatchObject({ status: 'succeeded', amount: 3000 });
      t.close();
    },
    60_000,
  );
});

describe('a crash during a card refund refunds once and records it once', () => {
  it.each(['refund:pending-written', 'refund:gateway-answered'])(
    'killed at %s, then recovered',
    async (step) => {
      const { file, invoiceId } = await prepare(`refund-${step.replace(/\W/g, '-')}`);
      const t0 = h.coreOn(file);
      const owner0 = await signIn(t0);
      const charged = await t0.call(owner0, 'invoices.charge', { invoiceId });
      t0.close();

      const ended = await h.runChild(file, 'refund', charged.payment.id, step);
      expect(ended.signal, ended.out).toBe('SIGKILL');

      const t = h.coreOn(file);
      const owner = await signIn(t);
      await t.call(owner, 'gateway.reconcile', {});
      await t.call(owner, 'gateway.reconcile', {});
      const gatewayId = charged.payment.id;
      const recorded = t.database.db.select().from(refunds).where(eq(refunds.paymentId, gatewayId)).all();
      expect(recorded.map((r) => [r.status, r.amount])).toEqual([['succeeded', 1000]]);
      expect(
        t.database.db
          .select()
          .from(creditNotes)
          .all()
          .map((n) => [n.amount, n.destination]),
      ).toEqual([[1000, 'refund']]);
      const [intent] = intentsOf(h.standin, t);
      const atStripe = [...h.standin.state.refunds.values()].filter((r) => r.payment_intent === intent!.id);
      expect(atStripe.map((r) => r.amount)).toEqual([1000]);
      expect((await t.call(owner, 'invoices.get', { id: invoiceId })).amountRefunded).toBe(1000);
      t.close();
    },
    60_000,
  );
});
