import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/open';
import { messageSettings } from '../../../db/schema';

export type MessageSettingsRow = typeof messageSettings.$inferSelect;

/** The defaults (DESIGN §11, REFERENCES "Member messages"), used until the owner saves their own. */
export const DEFAULT_MESSAGE_SETTINGS: Omit<MessageSettingsRow, 'id' | 'updatedAt'> = {
  quietFrom: '21:00',
  quietUntil: '08:00',
  renewalReminderDays: 7,
  renewalReminderMonthly: false,
  trialEndingDays: 3,
  cardExpiringDays: 30,
  membershipExpiringDays: 7,
  comeBackDays: 7,
  comeBackCoupon: null,
  digestEmail: false,
  digestTo: null,
};

export function getMessageSettings(db: DbOrTx): Omit<MessageSettingsRow, 'id' | 'updatedAt'> {
  const row = db.select().from(messageSettings).where(eq(messageSettings.id, 1)).get();
  if (!row) return DEFAULT_MESSAGE_SETTINGS;
  const { id: _id, updatedAt: _at, ...rest } = row;
  return rest;
}
