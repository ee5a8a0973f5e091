import type Database from 'better-sqlite3';
import { dateInZone } from '../../../shared/dates';
import type { Ctx } from '../context';
import type { DomainHandlers } from '../handler';
import { getSettings } from '../settings/repo';
import { dashboardReport } from './dashboard';
import { drill } from './drill';
import { endOfDayReport } from './end-of-day';
import { failedPaymentsReport } from './failed-payments';
import { membersReport } from './members';
import { mrrReport } from './mrr';
import { addDays, checkFilters, dayStartInstant } from './range';
import { receivablesReport } from './receivables';
import { revenueReport } from './revenue';
import { taxReport } from './tax';
import { all } from './sql';
import { syncReportZone } from './zone';

const hourInZone = (now: Date, timeZone: string) =>
  Number(new Intl.DateTimeFormat('en-US', { hour: 'numeric', hourCycle: 'h23', timeZone }).format(now));

/** What every report needs: the raw connection, the business's currency and zone, and today. */
function scope(ctx: Ctx, filters: { planId?: number | undefined; operatorId?: number | undefined } = {}) {
  const sqlite: Database.Database = ctx.ports.database.sqlite;
  const settings = getSettings(ctx.db);
  syncReportZone(sqlite, settings.timeZone);
  checkFilters(sqlite, filters);
  return {
    sqlite,
    currency: settings.currency,
    timeZone: settings.timeZone,
    today: dateInZone(ctx.now(), settings.timeZone),
  };
}

export const reportHandlers: DomainHandlers<'reports'> = {
  'reports.options': (ctx) => {
    const s = scope(ctx);
    return {
      plans: all<{ id: number; name: string; archived: number }>(
        s.sqlite,
        `SELECT id, name, status = 'archived' AS archived FROM plans ORDER BY status, name`,
      ).map((p) => ({ ...p, archived: p.archived === 1 })),
      operators: all<{ id: number; name: string }>(s.sqlite, 'SELECT id, name FROM operators ORDER BY name'),
      currency: s.currency,
      today: s.today,
    };
  },

  'reports.today': (ctx) => {
    const { timeZone } = getSettings(ctx.db);
    return { today: dateInZone(ctx.now(), timeZone), hour: hourInZone(ctx.now(), timeZone) };
  },

  'reports.dashboard': (ctx) => {
    const s = scope(ctx);
    return dashboardReport(s.sqlite, {
      today: s.today,
      hour: hourInZone(ctx.now(), s.timeZone),
      currency: s.currency,
    });
  },

  'reports.revenue': (ctx, input) => {
    const s = scope(ctx, input);
    return revenueReport(s.sqlite, { ...input, currency: s.currency });
  },

  'reports.mrr': (ctx, input) => {
    const s = scope(ctx, input);
    return mrrReport(s.sqlite, { ...input, currency: s.currency, today: s.today });
  },

  'reports.members': (ctx, input) => {
    const s = scope(ctx, input);
    return membersReport(s.sqlite, { ...input, currency: s.currency, today: s.today });
  },

  'reports.failedPayments': (ctx, input) => {
    const s = scope(ctx, input);
    return failedPaymentsReport(s.sqlite, {
      from: input.from,
      to: input.to,
      fromInstant: dayStartInstant(input.from, s.timeZone),
      toInstant: dayStartInstant(addDays(input.to, 1), s.timeZone),
      currency: s.currency,
      planId: input.planId,
    });
  },

  'reports.receivables': (ctx, input) => {
    const s = scope(ctx, input);
    // What is owed is known up to today; a later end date means today.
    return receivablesReport(s.sqlite, {
      asOf: input.to < s.today ? input.to : s.today,
      currency: s.currency,
      planId: input.planId,
      limit: input.limit,
    });
  },

  'reports.tax': (ctx, input) => {
    const s = scope(ctx);
    return taxReport(s.sqlite, { ...input, currency: s.currency });
  },

  'reports.endOfDay': (ctx, input) => {
    const s = scope(ctx, input);
    return endOfDayReport(s.sqlite, { ...input, currency: s.currency });
  },

  'reports.drill': (ctx, { ref, offset, limit }) => {
    const s = scope(ctx, ref);
    return drill(s.sqlite, ref, { offset, limit }, s.timeZone, s.currency);
  },
};
