import { eq } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../../db/open';
import { memberMessagePrefs } from '../../../db/schema';
import type { MemberMessageChoices } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { countryCodeOf, toE164 } from '../../../shared/phone';
import { recordAudit } from '../audit/record';
import type { Ctx } from '../context';
import type { MemberRow } from '../members/repo';
import { findSettingsRow } from '../settings/repo';

export type SavedChoices = Pick<MemberMessageChoices, 'email' | 'sms' | 'refuseReminders'>;

/**
 * Saves a member's choices (from their page, or with the member form in the same transaction as the
 * member). A channel needs its address: email needs an email, SMS a phone. `fieldPrefix` puts the
 * field errors where the caller's form shows the choices.
 */
export function saveMessageChoices(
  tx: Tx,
  ctx: Ctx,
  member: MemberRow,
  choices: SavedChoices,
  fieldPrefix = '',
): void {
  const { email, sms, refuseReminders } = choices;
  const before = choicesOf(tx, member);
  if (email && !member.email) {
    throw new AppError('VALIDATION', 'This member has no email address. Add one first.', {
      [`${fieldPrefix}email`]: 'No email address',
    });
  }
  if (sms && !member.phone?.trim()) {
    throw new AppError('VALIDATION', 'This member has no phone number. Add one first.', {
      [`${fieldPrefix}sms`]: 'No phone number',
    });
  }
  const values = { email, sms, refuseReminders, updatedAt: ctx.nowIso() };
  tx.insert(memberMessagePrefs)
    .values({ memberId: member.id, ...values })
    .onConflictDoUpdate({ target: memberMessagePrefs.memberId, set: values })
    .run();
  recordAudit(tx, ctx, {
    entity: 'member',
    entityId: member.id,
    action: 'message choices saved',
    before: { email: before.email, sms: before.sms, refuseReminders: before.refuseReminders },
    after: { email, sms, refuseReminders },
  });
}

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
