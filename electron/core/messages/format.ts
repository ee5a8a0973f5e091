import type { DbOrTx } from '../../../db/open';
import { describeInterval, type IntervalUnit } from '../../../shared/calendar';
import { formatDate } from '../../../shared/dates';
import { formatMoney } from '../../../shared/money';
import { getSettings } from '../settings/repo';

/**
 * Values for message text, in the business's locale: a message is words for a member, so unlike
 * reports (formatted by the renderer) its variables are formatted when it is queued.
 */
export function messageFormat(db: DbOrTx) {
  const { locale } = getSettings(db);
  return {
    money: (amount: number, currency: string) => formatMoney(amount, currency, locale),
    date: (isoDate: string) => formatDate(isoDate.slice(0, 10), locale),
    price: (amount: number, currency: string, unit: IntervalUnit, count: number) =>
      `${formatMoney(amount, currency, locale)} ${describeInterval(unit, count)}`,
  };
}
