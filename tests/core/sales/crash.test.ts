import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { payments } from '../../../db/schema';
import { crashHarness, intentsOf, signIn } from '../../support/crash';

const h = crashHarness('recur-sale-crash-');

/** A member with a visa on file and an open desk sale of 30.00, in a database file. */
async function prepare(name: string) {
  const { file, t, owner, member, planId } = await h.memberWithCard(name);
  const sale = await t.call(owner, 'sales.create', { memberId: member, planId, requestKey: `crash-${name}` });
  t.close();
  return { file, sale };
}

describe('a crash while a sale is charged charges once and activates once', () => {
  it.each(['charge:pending-written', 'charge:gateway-answered', 'charge:recorded'])(
    'killed at %s, then recovered',
    async (step) => {
      const { file, sale } = await prepare(step.replace(/\W/g, '-'));
      const ended = await h.runChild(file, 'sale', sale.id, step);
      expect(ended.signal, ended.out).toBe('SIGKILL');

      const t = h.coreOn(file);
      const owner = await signIn(t);
      // Until recovery knows the answer the sale cannot be ended under the charge in flight.
      if (step === 'charge:pending-written' || step === 'charge:gateway-answered') {
        expect((await t.fail(owner, 'sales.cancel', { id: sale.id })).message).toContain('on its way');
      }
      await t.call(owner, 'gateway.reconcile', {});
      await t.call(owner, 'gateway.reconcile', {});

      expect(await t.call(owner, 'sales.get', { id: sale.id })).toMatchObject({
        status: 'completed',
        outcome: 'paid',
        subscriptionStatus: 'active',
        amountDue: 0,
      });
      const rows = t.database.db.select().from(payments).where(eq(payments.invoiceId, sale.invoiceId!)).all();
      expect(rows.map((p) => [p.status, p.amount])).toEqual([['succeeded', 3000]]);
      const intents = intentsOf(h.standin, t);
      expect(intents.map((i) => [i.status, i.amount])).toEqual([['succeeded', 3000]]);
      const events = await t.call(owner, 'subscriptions.events', { id: sale.subscriptionId });
      expect(events.filter((e) => e.type === 'subscription.activated')).toHaveLength(1);
      t.close();
    },
    60_000,
  );
});
