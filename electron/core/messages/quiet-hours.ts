import { Temporal } from 'temporal-polyfill';
import type { DbOrTx } from '../../../db/open';
import { getSettings } from '../settings/repo';
import { getMessageSettings } from './settings-repo';

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};

/**
 * When `now` falls in the quiet window ("21:00"–"08:00" in the business's time zone by default), the
 * instant it ends; otherwise null. Texts queued in the window wait for its end (DESIGN §11).
 */
export function quietEndAt(
  now: Date,
  window: { from: string; until: string },
  timeZone: string,
): Date | null {
  const from = minutesOf(window.from);
  const until = minutesOf(window.until);
  if (from === until) return null;
  const local = Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(timeZone);
  const minute = local.hour * 60 + local.minute;
  // A window over midnight (21:00–08:00) or within a day (12:00–14:00).
  const inside = from < until ? minute >= from && minute < until : minute >= from || minute < until;
  if (!inside) return null;
  const day = from > until && minute >= from ? local.toPlainDate().add({ days: 1 }) : local.toPlainDate();
  const end = day.toZonedDateTime({
    timeZone,
    plainTime: Temporal.PlainTime.from({ hour: Math.floor(until / 60), minute: until % 60 }),
  });
  return new Date(end.epochMilliseconds);
}

/** The end of the business's quiet hours when `now` is inside them, else null. */
export function quietHoursEnd(db: DbOrTx, now: Date): Date | null {
  const s = getMessageSettings(db);
  return quietEndAt(now, { from: s.quietFrom, until: s.quietUntil }, getSettings(db).timeZone);
}
