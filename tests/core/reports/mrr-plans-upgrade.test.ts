import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { billingFixture, noon, type BillingFixture } from '../../support/billing';
import { buildCore, MIGRATIONS, OWNER, type TestCore } from '../../support/core';
import { recountPlanMrr, storedPlanMrr } from './recount';

/**
 * Upgrading a database that already holds MRR history: migration `mrr_plans` attributes each change
 * kept so far to the plan of its time (from the subscription's invoices) and builds the plan
 * summaries from them, so MRR by plan covers the months before the upgrade too.
 */
const journal = JSON.parse(readFileSync(join(MIGRATIONS, 'meta', '_journal.json'), 'utf8')) as {
  entries: Array<{ tag: string }>;
};
const BEFORE_MRR_PLANS = journal.entries.findIndex((e) => e.tag.endsWith('_mrr_plans'));

let dir: string;
let f: BillingFixture | undefined;
let upgraded: TestCore | undefined;

afterEach(() => {
  f?.t.close();
  upgraded?.close();
  f = upgraded = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('MRR by plan after an upgrade', () => {
  it('counts the history kept before the upgrade under the plans of its time', async () => {
    expect(BEFORE_MRR_PLANS).toBeGreaterThan(0);
    dir = mkdtempSync(join(tmpdir(), 'recur-mrr-plans-'));
    const file = join(dir, 'recur.sqlite');
    f = await billingFixture('2026-01-15', { file, migrationsUpTo: BEFORE_MRR_PLANS });
    const basic = await f.plan({ name: 'Basic', price: 5000 });
    const premium = await f.plan({ name: 'Premium', price: 8000 });
    const [ana, ben, cleo] = [await f.member('Ana'), await f.member('Ben'), await f.member('Cleo')];
    const anaSub = await f.t.call(f.owner, 'subscriptions.create', { memberId: ana, planId: basic });
    const benSub = await f.t.call(f.owner, 'subscriptions.create', { memberId: ben, planId: premium });
    const cleoSub = await f.t.call(f.owner, 'subscriptions.create', { memberId: cleo, planId: basic });
    await f.advancePaying('2026-02-15', '2026-03-15', '2026-04-15', '2026-04-20');
    // Ben downgrades (the difference goes to his balance, so no invoice says so): his last change.
    await f.t.call(f.owner, 'subscriptions.changePlan', { id: benSub.id, planId: basic, when: 'now' });
    await f.advancePaying('2026-05-15', '2026-06-10');
    // Ana upgrades (invoiced), then leaves in August.
    await f.t.call(f.owner, 'subscriptions.changePlan', { id: anaSub.id, planId: premium, when: 'now' });
    await f.advancePaying('2026-06-15', '2026-07-15', '2026-08-05');
    await f.t.call(f.owner, 'subscriptions.cancel', { id: anaSub.id, when: 'now', reason: 'Moving' });
    f.t.close();
    f = undefined;

    upgraded = buildCore({ file, start: noon('2026-08-05') });
    const t = upgraded;
    const owner = (await t.call(null, 'auth.login', { email: OWNER.email, password: OWNER.password })).token;
    const months = async (planId: number) =>
      (await t.call(owner, 'reports.mrr', { from: '2026-01-01', to: '2026-12-31', planId })).months;
    type Month = Awaited<ReturnType<typeof months>>[number];
    const pick = ({ month, new: n, churn, movedIn, movedOut, mrrEnd, customers }: Month) => ({
      month,
      new: n,
      churn,
      movedIn,
      movedOut,
      mrrEnd,
      customers,
    });
    const moving = (list: Month[]) =>
      list.filter((m) => m.new || m.churn || m.movedIn || m.movedOut).map(pick);

    expect(moving(await months(basic))).toEqual([
      { month: '2026-01', new: 10_000, churn: 0, movedIn: 0, movedOut: 0, mrrEnd: 10_000, customers: 2 },
      { month: '2026-04', new: 0, churn: 0, movedIn: 5000, movedOut: 0, mrrEnd: 15_000, customers: 3 },
      { month: '2026-06', new: 0, churn: 0, movedIn: 0, movedOut: 5000, mrrEnd: 10_000, customers: 2 },
    ]);
    expect(moving(await months(premium))).toEqual([
      { month: '2026-01', new: 8000, churn: 0, movedIn: 0, movedOut: 0, mrrEnd: 8000, customers: 1 },
      { month: '2026-04', new: 0, churn: 0, movedIn: 0, movedOut: 8000, mrrEnd: 0, customers: 0 },
      { month: '2026-06', new: 0, churn: 0, movedIn: 8000, movedOut: 0, mrrEnd: 8000, customers: 1 },
      { month: '2026-08', new: 0, churn: 8000, movedIn: 0, movedOut: 0, mrrEnd: 0, customers: 0 },
    ]);
    expect(storedPlanMrr(t.database.sqlite)).toEqual(recountPlanMrr(t.database.sqlite));

    // Changes after the upgrade carry on from the plans the backfill gave.
    await t.call(owner, 'subscriptions.cancel', { id: cleoSub.id, when: 'now', reason: 'Too far' });
    expect((await months(basic)).at(-1)).toMatchObject({ month: '2026-08', churn: 5000, mrrEnd: 5000 });
    const all = await t.call(owner, 'reports.mrr', { from: '2026-01-01', to: '2026-12-31' });
    expect(all.mrr).toBe(5000);
    expect(storedPlanMrr(t.database.sqlite)).toEqual(recountPlanMrr(t.database.sqlite));
  });
});
