import type { DbOrTx } from '../../../db/open';
import { dateInZone } from '../../../shared/dates';
import { getSettings } from '../settings/repo';

/** Today as a billing date: the calendar day in the business's time zone (DESIGN §5). */
export function businessToday(db: DbOrTx, now: Date): string {
  return dateInZone(now, getSettings(db).timeZone);
}
