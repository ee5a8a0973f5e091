import { afterEach, describe, expect, it } from 'vitest';
import { buildCore, setupOwner, type TestCore } from '../../support/core';

let t: TestCore;
afterEach(() => t?.close());

/** Deliverable 6: plans.create needs neither the currency nor the interval count. */
describe('plans.create defaults', () => {
  it('prices a plan in the business currency and bills every 1 interval when those are left out', async () => {
    t = buildCore();
    const owner = await setupOwner(t);
    const plan = await t.call(owner, 'plans.create', { name: 'Monthly', price: 4900, interval: 'month' });
    expect(plan).toMatchObject({
      name: 'Monthly',
      price: 4900,
      currency: 'USD',
      interval: 'month',
      intervalCount: 1,
    });
  });

  it('still refuses a currency other than the business one, and keeps a count that is given', async () => {
    t = buildCore();
    const owner = await setupOwner(t);
    const e = await t.fail(owner, 'plans.create', {
      name: 'Euro plan',
      price: 4900,
      currency: 'EUR',
      interval: 'month',
    });
    expect(e).toMatchObject({ code: 'VALIDATION', fields: { currency: 'Use USD' } });
    const quarterly = await t.call(owner, 'plans.create', {
      name: 'Quarterly',
      price: 12900,
      interval: 'month',
      intervalCount: 3,
    });
    expect(quarterly).toMatchObject({ currency: 'USD', intervalCount: 3 });
    const renamed = await t.call(owner, 'plans.update', { id: quarterly.id, name: 'Quarter' });
    expect(renamed).toMatchObject({ name: 'Quarter', intervalCount: 3 });
  });
});
