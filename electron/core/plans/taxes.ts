import { and, asc, eq, ne } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/open';
import { taxRates } from '../../../db/schema';
import type { TaxRate } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { DomainHandlers } from '../handler';
import { prepared } from '../prepared';

type Row = typeof taxRates.$inferSelect;

export const toTaxRate = (r: Row): TaxRate => ({
  id: r.id,
  name: r.name,
  rateBps: r.rateBps,
  inclusive: r.inclusive,
  isDefault: r.isDefault,
  status: r.status,
});

export function getTaxRateRow(db: DbOrTx, id: number): Row {
  const row = db.select().from(taxRates).where(eq(taxRates.id, id)).get();
  if (!row) throw new AppError('NOT_FOUND', 'That tax rate does not exist.');
  return row;
}

/** The rate a line is taxed at: the plan's (or line's) own, else the business default, else none. */
export function resolveTaxRate(db: DbOrTx, taxRateId: number | null): Row | null {
  if (taxRateId !== null) return getTaxRateRow(db, taxRateId);
  const query = prepared(db, 'taxRates.default', (d) =>
    d
      .select()
      .from(taxRates)
      .where(and(eq(taxRates.isDefault, true), eq(taxRates.status, 'active')))
      .prepare(),
  );
  return query.get() ?? null;
}

function clearDefault(tx: DbOrTx, exceptId: number) {
  tx.update(taxRates).set({ isDefault: false }).where(ne(taxRates.id, exceptId)).run();
}

export const taxRateHandlers: DomainHandlers<'taxRates'> = {
  'taxRates.list': (ctx, { includeArchived }) =>
    ctx.db
      .select()
      .from(taxRates)
      .where(includeArchived ? undefined : eq(taxRates.status, 'active'))
      .orderBy(asc(taxRates.name))
      .all()
      .map(toTaxRate),

  'taxRates.create': (ctx, input) =>
    ctx.write((tx) => {
      const row = tx
        .insert(taxRates)
        .values({ ...input, createdAt: ctx.nowIso() })
        .returning()
        .get();
      if (input.isDefault) clearDefault(tx, row.id);
      ctx.changed('taxRates', [row.id]);
      return toTaxRate(row);
    }),

  'taxRates.setDefault': (ctx, { id }) =>
    ctx.write((tx) => {
      const row = getTaxRateRow(tx, id);
      if (row.status !== 'active')
        throw new AppError('CONFLICT', 'An archived tax rate cannot be the default.');
      clearDefault(tx, id);
      const updated = tx
        .update(taxRates)
        .set({ isDefault: true })
        .where(eq(taxRates.id, id))
        .returning()
        .get()!;
      ctx.changed('taxRates', [id]);
      return toTaxRate(updated);
    }),

  // Rates are never changed or deleted: finalized invoices name them. A new rate replaces an old one.
  'taxRates.archive': (ctx, { id }) =>
    ctx.write((tx) => {
      getTaxRateRow(tx, id);
      const row = tx
        .update(taxRates)
        .set({ status: 'archived', isDefault: false })
        .where(eq(taxRates.id, id))
        .returning()
        .get()!;
      ctx.changed('taxRates', [id]);
      return toTaxRate(row);
    }),
};
