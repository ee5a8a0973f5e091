import { asc, eq } from 'drizzle-orm';
import { operators } from '../../../db/schema';
import { AppError } from '../../../shared/errors';
import { recordAudit } from '../audit/record';
import { hashPassword } from '../auth/passwords';
import { endSessionsOf } from '../auth/sessions';
import type { DomainHandlers } from '../handler';
import {
  assertEmailFree,
  assertOtherActiveOwner,
  getOperatorRow,
  toOperator,
  type OperatorRow,
} from './repo';
import type { Tx } from '../../../db/open';
import type { Ctx } from '../context';

const auditView = (o: { name: string; email: string; role: string; status: string }) => ({
  name: o.name,
  email: o.email,
  role: o.role,
  status: o.status,
});

/** Deactivates or reactivates an operator, with the checks the change needs, in one transaction. */
function setStatus(
  ctx: Ctx,
  id: number,
  status: OperatorRow['status'],
  check: (tx: Tx, before: OperatorRow) => void = () => {},
) {
  return ctx.write((tx) => {
    const before = getOperatorRow(tx, id);
    check(tx, before);
    const row = tx
      .update(operators)
      .set({ status, updatedAt: ctx.nowIso() })
      .where(eq(operators.id, id))
      .returning()
      .get()!;
    recordAudit(tx, ctx, {
      entity: 'operator',
      entityId: id,
      action: status === 'active' ? 'reactivated' : 'deactivated',
      before: auditView(before),
      after: auditView(row),
    });
    ctx.changed('operators', [id]);
    return toOperator(row);
  });
}

export const operatorHandlers: DomainHandlers<'operators'> = {
  'operators.list': (ctx) =>
    ctx.db.select().from(operators).orderBy(asc(operators.name)).all().map(toOperator),

  'operators.create': async (ctx, input) => {
    const passwordHash = await hashPassword(input.temporaryPassword);
    return ctx.write((tx) => {
      assertEmailFree(tx, input.email);
      const now = ctx.nowIso();
      const row = tx
        .insert(operators)
        .values({
          name: input.name,
          email: input.email,
          role: input.role,
          passwordHash,
          mustChangePassword: true,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get();
      recordAudit(tx, ctx, {
        entity: 'operator',
        entityId: row.id,
        action: 'created',
        after: auditView(row),
      });
      ctx.changed('operators', [row.id]);
      return toOperator(row);
    });
  },

  'operators.update': (ctx, { id, ...changes }) =>
    ctx.write((tx) => {
      const before = getOperatorRow(tx, id);
      if (changes.role && changes.role !== 'owner' && before.role === 'owner') {
        assertOtherActiveOwner(tx, id, 'change the role of');
      }
      const row = tx
        .update(operators)
        .set({ ...changes, updatedAt: ctx.nowIso() })
        .where(eq(operators.id, id))
        .returning()
        .get()!;
      recordAudit(tx, ctx, {
        entity: 'operator',
        entityId: id,
        action: 'updated',
        before: auditView(before),
        after: auditView(row),
      });
      ctx.changed('operators', [id]);
      return toOperator(row);
    }),

  'operators.deactivate': (ctx, { id }) =>
    setStatus(ctx, id, 'deactivated', (tx, before) => {
      if (id === ctx.me().operator.id) {
        throw new AppError('CONFLICT', 'You cannot deactivate yourself while signed in.');
      }
      if (before.role === 'owner') assertOtherActiveOwner(tx, id, 'deactivate');
      // Whoever is signed in as them is signed out now.
      endSessionsOf(tx, id, ctx.nowIso());
    }),

  'operators.reactivate': (ctx, { id }) => setStatus(ctx, id, 'active'),

  'operators.resetPassword': async (ctx, { id, temporaryPassword }) => {
    const passwordHash = await hashPassword(temporaryPassword);
    return ctx.write((tx) => {
      getOperatorRow(tx, id);
      const now = ctx.nowIso();
      tx.update(operators)
        .set({ passwordHash, mustChangePassword: true, updatedAt: now })
        .where(eq(operators.id, id))
        .run();
      // Whoever held the old password is signed out everywhere.
      endSessionsOf(tx, id, now);
      recordAudit(tx, ctx, { entity: 'operator', entityId: id, action: 'password reset' });
      ctx.changed('operators', [id]);
      return null;
    });
  },
};
