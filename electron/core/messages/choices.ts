import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/open';
import { memberMessagePrefs } from '../../../db/schema';
import type { MemberMessageChoices } from '../../../shared/contract';
import { countryCodeOf, toE164 } from '../../../shared/phone';
import type { MemberRow } from '../members/repo';
import { findSettingsRow } from '../settings/repo';

/**
 * A member's message choices. Without a saved choice: email when they have an address, otherwise
 * SMS (texts need consent, so a member with both gets email until they choose SMS as well).
 */
export function choicesOf(db: DbOrTx, member: MemberRow): MemberMessageChoices {
  const row = db.select().from(memberMessagePrefs).where(eq(memberMessagePrefs.memberId, member.id)).get();
  const phone = phoneOf(db, member);
  return {
    memberId: member.id,
    email: row ? row.email : Boolean(member.email),
    sms: row ? row.sms : !member.email,
    refuseReminders: row?.refuseReminders ?? false,
    phoneE164: phone.e164,
    phoneProblem: phone.problem,
    hasEmail: Boolean(member.email),
  };
}

/** The member's phone in E.164, read in the business's country, or why it cannot be used for texts. */
export function phoneOf(db: DbOrTx, member: MemberRow): { e164: string | null; problem: string | null } {
  if (!member.phone?.trim()) return { e164: null, problem: null };
  const business = findSettingsRow(db);
  const country = countryCodeOf(business?.country, business?.locale);
  const e164 = toE164(member.phone, country);
  if (e164) return { e164, problem: null };
  return {
    e164: null,
    problem: `The phone number "${member.phone}" is not a valid number for texts${country ? ` in ${country}` : ''}; add the country code (+…) or correct it.`,
  };
}
