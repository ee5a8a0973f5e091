import type { DbOrTx } from '../../../db/open';
import { fillTemplate, TOPICS, type MessageChannel, type TopicId } from '../../../shared/message-topics';
import type { Ctx } from '../context';
import type { DocumentRef } from '../documents/refs';
import { getMemberRow, formatMemberNumber, type MemberRow } from '../members/repo';
import { isQueued, queueMail, queueSms, smsConfigOf } from '../notifications/outbox';
import { findSettingsRow } from '../settings/repo';
import { choicesOf } from './choices';
import { templateOf } from './templates';

export type { TopicId };

/** The outbox key that makes a message unique per cause (DESIGN §11). */
export const dedupeKeyOf = (topic: TopicId, causeKey: string, channel: MessageChannel) =>
  `${topic}:${causeKey}:${channel}`;

/** The variables every topic has: the member and the business. */
export function commonVariables(db: DbOrTx, member: Pick<MemberRow, 'firstName' | 'lastName' | 'number'>) {
  const s = findSettingsRow(db);
  return {
    'member.firstName': member.firstName,
    'member.lastName': member.lastName,
    'member.number': formatMemberNumber(member.number, s?.memberNumberPrefix ?? ''),
    'business.name': s?.name ?? '',
    'business.phone': s?.phone ?? '',
    'business.email': s?.email ?? s?.mailFrom ?? '',
  };
}

/**
 * Queues a topic's message to a member in the caller's transaction, on each channel the member chose
 * and the owner left on, never twice for the same (topic, cause, channel). Answers the rows queued:
 * 0 when the member refused reminders, a channel is off, there is no address, or it was queued before.
 * A member whose phone cannot be read gets a `skipped` row instead of a text, so the owner sees why.
 */
export function notifyMember(
  tx: DbOrTx,
  ctx: Ctx,
  m: {
    topic: TopicId;
    memberId: number;
    causeKey: string;
    vars?: Record<string, string>;
    attachments?: DocumentRef[];
  },
): number {
  const topic = TOPICS[m.topic];
  const member = getMemberRow(tx, m.memberId);
  const choices = choicesOf(tx, member);
  if (topic.refusable && choices.refuseReminders) return 0;
  const values = { ...commonVariables(tx, member), ...m.vars };
  let queued = 0;

  if (choices.email && member.email) {
    const template = templateOf(tx, m.topic, 'email');
    const dedupeKey = dedupeKeyOf(m.topic, m.causeKey, 'email');
    if (template.enabled && !isQueued(tx, dedupeKey)) {
      queueMail(tx, ctx, {
        to: member.email,
        subject: fillTemplate(template.subject, values),
        body: fillTemplate(template.body, values),
        attachments: m.attachments,
        topic: m.topic,
        memberId: member.id,
        dedupeKey,
      });
      queued++;
    }
  }

  // Texts are queued only once SMS is set up, so a business without Twilio never piles them up.
  if (choices.sms && member.phone?.trim() && smsConfigOf(ctx)) {
    const template = templateOf(tx, m.topic, 'sms');
    const dedupeKey = dedupeKeyOf(m.topic, m.causeKey, 'sms');
    if (template.enabled && !isQueued(tx, dedupeKey)) {
      queueSms(tx, ctx, {
        to: choices.phoneE164 ?? member.phone,
        body: fillTemplate(template.body, values),
        topic: m.topic,
        memberId: member.id,
        dedupeKey,
        skipped: choices.phoneProblem ?? undefined,
      });
      queued++;
    }
  }
  return queued;
}
