import { and, asc, count, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/open';
import { plans, subscriptions } from '../../../db/schema';
import type { Plan, UsageAllowance } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { recordAudit } from '../audit/record';
import type { DomainHandlers } from '../handler';
import { contains } from '../like';
import { getSettings } from '../settings/repo';
import { getTaxRateRow } from './taxes';
import { prepared } from '../prepared';

export type PlanRow = typeof plans.$inferSelect;

const ENDED = ['canceled', 'expired'] as const;

export function liveSubscriptionCount(db: DbOrTx, planId: number): number {
  return (
    db
      .select({ n: count() })
      .from(subscriptions)
      .where(and(eq(subscriptions.planId, planId), notInArray(subscriptions.status, [...ENDED])))
      .get()?.n ?? 0
  );
}

export const toPlan = (r: PlanRow, liveSubscriptions: number): Plan => ({
  id: r.id,
  name: r.name,
  description: r.description,
  price: r.price,
  currency: r.currency,
  interval: r.interval,
  intervalCount: r.intervalCount,
  trialDays: r.trialDays,
  setupFee: r.setupFee,
  taxRateId: r.taxRateId,
  features: JSON.parse(r.features) as string[],
  usage: JSON.parse(r.usage) as UsageAllowance[],
  minimumTermCycles: r.minimumTermCycles,
  termEnd: r.termEnd,
  refundPolicy: r.refundPolicy,
  refundDays: r.refundDays,
  pausable: r.pausable,
  graceDays: r.graceDays,
  status: r.status,
  liveSubscriptions,
  createdAt: r.createdAt,
});

export function getPlanRow(db: DbOrTx, id: number): PlanRow {
  const row = prepared(db, 'plans.byId', (d) =>
    d
      .select()
      .from(plans)
      .where(eq(plans.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id });
  if (!row) throw new AppError('NOT_FOUND', 'That plan does not exist.');
  return row;
}

export const planUsage = (row: PlanRow) => JSON.parse(row.usage) as UsageAllowance[];

function assertBusinessCurrency(db: DbOrTx, currency: string) {
  const business = getSettings(db).currency;
  if (currency !== business) {
    throw new AppError('VALIDATION', `Plans are priced in the business currency (${business}).`, {
      currency: `Use ${business}`,
    });
  }
}

const auditView = (p: Plan) => ({
  name: p.name,
  price: p.price,
  interval: `${p.intervalCount} ${p.interval}`,
  trialDays: p.trialDays,
  setupFee: p.setupFee,
  status: p.status,
});

export const planHandlers: DomainHandlers<'plans'> = {
  'plans.list': (ctx, { status, query }) => {
    const rows = ctx.db
      .select()
      .from(plans)
      .where(
        and(
          status === 'all' ? undefined : eq(plans.status, status),
          query ? contains(plans.name, query) : undefined,
        ),
      )
      .orderBy(asc(plans.name))
      .all();
    const counts = new Map(
      ctx.db
        .select({ planId: subscriptions.planId, n: count() })
        .from(subscriptions)
        .where(
          and(
            inArray(
              subscriptions.planId,
              rows.map((r) => r.id),
            ),
            notInArray(subscriptions.status, [...ENDED]),
          ),
        )
        .groupBy(subscriptions.planId)
        .all()
        .map((r) => [r.planId, r.n]),
    );
    return rows.map((r) => toPlan(r, counts.get(r.id) ?? 0));
  },

  'plans.get': (ctx, { id }) => toPlan(getPlanRow(ctx.db, id), liveSubscriptionCount(ctx.db, id)),

  'plans.create': (ctx, { currency: given, ...fields }) =>
    ctx.write((tx) => {
      const currency = given ?? getSettings(tx).currency;
      assertBusinessCurrency(tx, currency);
      const input = { ...fields, currency };
      if (input.taxRateId !== null) getTaxRateRow(tx, input.taxRateId);
      const now = ctx.nowIso();
      const row = tx
        .insert(plans)
        .values({
          ...input,
          description: input.description ?? null,
          features: JSON.stringify(input.features),
          usage: JSON.stringify(input.usage),
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get();
      const plan = toPlan(row, 0);
      recordAudit(tx, ctx, { entity: 'plan', entityId: row.id, action: 'created', after: auditView(plan) });
      ctx.changed('plans', [row.id]);
      return plan;
    }),

  'plans.update': (ctx, { id, applyPriceTo, features, usage, ...changes }) =>
    ctx.write((tx) => {
      const before = getPlanRow(tx, id);
      const live = liveSubscriptionCount(tx, id);
      if (changes.currency !== undefined) assertBusinessCurrency(tx, changes.currency);
      if (changes.taxRateId) getTaxRateRow(tx, changes.taxRateId);
      const scheduleChanged =
        (changes.interval !== undefined && changes.interval !== before.interval) ||
        (changes.intervalCount !== undefined && changes.intervalCount !== before.intervalCount);
      if (scheduleChanged && live > 0) {
        throw new AppError(
          'CONFLICT',
          `This plan has ${live} live subscription${live === 1 ? '' : 's'}, so its billing interval cannot change. Create a new plan and move members to it.`,
          { interval: 'Cannot change while members subscribe' },
        );
      }
      const priceChanged = changes.price !== undefined && changes.price !== before.price;
      if (priceChanged && live > 0 && !applyPriceTo) {
        throw new AppError(
          'VALIDATION',
          'Choose whether the new price also applies to existing subscriptions.',
          {
            applyPriceTo: 'Choose: new subscriptions only, or existing ones too from their next renewal',
          },
        );
      }
      const row = tx
        .update(plans)
        .set({
          ...changes,
          ...(features ? { features: JSON.stringify(features) } : {}),
          ...(usage ? { usage: JSON.stringify(usage) } : {}),
          updatedAt: ctx.nowIso(),
        })
        .where(eq(plans.id, id))
        .returning()
        .get()!;
      if (priceChanged && applyPriceTo === 'existing_too') {
        // The current period is already invoiced; the next renewal bills the new price.
        tx.update(subscriptions)
          .set({ price: row.price, updatedAt: ctx.nowIso() })
          .where(and(eq(subscriptions.planId, id), notInArray(subscriptions.status, [...ENDED])))
          .run();
        ctx.changed('subscriptions', []);
      }
      const plan = toPlan(row, live);
      recordAudit(tx, ctx, {
        entity: 'plan',
        entityId: id,
        action:
          priceChanged && applyPriceTo === 'existing_too' ? 'updated (price for existing too)' : 'updated',
        before: auditView(toPlan(before, live)),
        after: auditView(plan),
      });
      ctx.changed('plans', [id]);
      return plan;
    }),

  // A plan with subscribers is archived, never deleted: its subscriptions keep renewing on it.
  'plans.archive': (ctx, { id }) =>
    ctx.write((tx) => {
      getPlanRow(tx, id);
      const row = tx
        .update(plans)
        .set({ status: 'archived', updatedAt: ctx.nowIso() })
        .where(eq(plans.id, id))
        .returning()
        .get()!;
      recordAudit(tx, ctx, { entity: 'plan', entityId: id, action: 'archived' });
      ctx.changed('plans', [id]);
      return toPlan(row, liveSubscriptionCount(tx, id));
    }),

  'plans.restore': (ctx, { id }) =>
    ctx.write((tx) => {
      getPlanRow(tx, id);
      const row = tx
        .update(plans)
        .set({ status: 'active', updatedAt: ctx.nowIso() })
        .where(eq(plans.id, id))
        .returning()
        .get()!;
      recordAudit(tx, ctx, { entity: 'plan', entityId: id, action: 'restored' });
      ctx.changed('plans', [id]);
      return toPlan(row, liveSubscriptionCount(tx, id));
    }),
};
