import type { InputOf } from '../../shared/contract';
import { buildCore, OWNER, setupOwner, type BuildCoreOptions, type TestCore } from './core';

/** Noon in the business's zone (America/New_York) on a calendar date: no daylight-saving edge cases. */
export const noon = (date: string) => new Date(`${date}T17:00:00Z`);

export interface BillingFixture {
  t: TestCore;
  owner: string;
  member(first?: string): Promise<number>;
  plan(overrides?: Partial<InputOf<'plans.create'>>): Promise<number>;
  taxRate(name: string, rateBps: number, inclusive: boolean): Promise<number>;
  /** Moves the clock to noon of `date` and runs everything that came due, as the app would. */
  advanceTo(date: string): Promise<void>;
  /** Pays every open invoice in full at the desk (a member who always pays on time). */
  payAll(): Promise<void>;
  /** Advances through each date in turn, paying what was invoiced, so dunning never interferes. */
  advancePaying(...dates: string[]): Promise<void>;
  invoicesOf(subscriptionId: number): Promise<
    Array<
      InputOf<'invoices.get'> & {
        number: string | null;
        periodStart: string | null;
        periodEnd: string | null;
        total: number;
        status: string;
      }
    >
  >;
}

export async function billingFixture(
  today = '2026-03-02',
  core: BuildCoreOptions = {},
): Promise<BillingFixture> {
  const t = buildCore({ start: noon(today), ...core });
  let members = 0;
  const fixture: BillingFixture = {
    t,
    owner: await setupOwner(t),
    async member(first = `Member${++members}`) {
      return (await t.call(fixture.owner, 'members.create', { firstName: first, lastName: 'Tester' })).id;
    },
    async plan(overrides = {}) {
      const plan = await t.call(fixture.owner, 'plans.create', {
        name: 'Monthly',
        price: 3000,
        currency: 'USD',
        interval: 'month',
        intervalCount: 1,
        ...overrides,
      });
      return plan.id;
    },
    async taxRate(name, rateBps, inclusive) {
      return (await t.call(fixture.owner, 'taxRates.create', { name, rateBps, inclusive })).id;
    },
    async advanceTo(date) {
      t.clock.set(noon(date));
      await t.core.scheduler.runDue();
      // Days went by: the owner's session timed out, so sign in again as they would.
      fixture.owner = (
        await t.call(null, 'auth.login', { email: OWNER.email, password: OWNER.password })
      ).token;
    },
    async payAll() {
      const open = await t.call(fixture.owner, 'invoices.list', { status: 'open', limit: 500 });
      for (const inv of open.items) {
        await t.call(fixture.owner, 'payments.record', {
          invoiceId: inv.id,
          amount: inv.amountDue,
          method: 'cash',
        });
      }
    },
    async advancePaying(...dates) {
      await fixture.payAll();
      for (const date of dates) {
        await fixture.advanceTo(date);
        await fixture.payAll();
      }
    },
    async invoicesOf(subscriptionId) {
      const page = await t.call(fixture.owner, 'invoices.list', { subscriptionId, limit: 500 });
      return [...page.items].reverse() as never;
    },
  };
  return fixture;
}
