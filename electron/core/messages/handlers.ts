import { and, asc, eq } from 'drizzle-orm';
import { members, messageSettings, messageTemplates } from '../../../db/schema';
import type { MessagePreview } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { fillTemplate, templateProblems, TOPICS, type TopicId } from '../../../shared/message-topics';
import { smsSegments } from '../../../shared/sms-segments';
import { recordAudit } from '../audit/record';
import type { Ctx } from '../context';
import type { DomainHandlers } from '../handler';
import { getMemberRow } from '../members/repo';
import { choicesOf, saveMessageChoices } from './choices';
import { commonVariables } from './notify';
import { getMessageSettings } from './settings-repo';
import { topicView } from './templates';

/** Example values for the live preview, so the owner sees a filled message before any is sent. */
const SAMPLE_VALUES: Record<string, string> = {
  amount: '$49.00',
  amountDue: '$49.00',
  price: '$49.00 a month',
  paymentMethod: 'card',
  paymentDate: 'Mar 2, 2026',
  'invoice.number': 'INV-00042',
  'plan.name': 'Gold monthly',
  payLink: 'https://pay.example.com/abc123',
  failureReason: 'the card was declined',
  nextAttemptDate: 'Mar 6, 2026',
  dueDate: 'Mar 9, 2026',
  startDate: 'Mar 2, 2026',
  renewalDate: 'Apr 2, 2026',
  resumeDate: 'Apr 1, 2026',
  endDate: 'Mar 31, 2026',
  trialEndDate: 'Mar 5, 2026',
  'card.brand': 'Visa',
  'card.last4': '4242',
  'card.expiry': '04/2026',
  couponCode: 'WELCOMEBACK',
  couponOffer: ' Use the code WELCOMEBACK when you come back.',
};

function preview(
  ctx: Ctx,
  input: {
    topic: TopicId;
    channel: 'email' | 'sms';
    subject: string;
    body: string;
    memberId?: number | undefined;
  },
): MessagePreview {
  const member =
    input.memberId !== undefined
      ? getMemberRow(ctx.db, input.memberId)
      : ctx.db
          .select()
          .from(members)
          .where(eq(members.status, 'active'))
          .orderBy(asc(members.id))
          .limit(1)
          .get();
  const who = member ?? { firstName: 'Alex', lastName: 'Sample', number: 1 };
  const values = { ...SAMPLE_VALUES, ...commonVariables(ctx.db, who) };
  const body = fillTemplate(input.body, values);
  return {
    subject: input.channel === 'email' ? fillTemplate(input.subject, values) : '',
    body,
    sample: `${who.firstName} ${who.lastName}`,
    problems: problemsOf(input.topic, input.channel, input.subject, input.body),
    segments: input.channel === 'sms' ? smsSegments(body) : null,
  };
}

const problemsOf = (topic: TopicId, channel: 'email' | 'sms', subject: string, body: string) => [
  ...(channel === 'email' ? templateProblems(topic, subject, 'The subject') : []),
  ...templateProblems(topic, body),
];

export const messageHandlers: DomainHandlers<'messages'> = {
  'messages.topics': (ctx) => (Object.keys(TOPICS) as TopicId[]).map((t) => topicView(ctx.db, t)),
  'messages.saveTemplate': (ctx, input) => {
    const subjectProblems =
      input.channel === 'email' ? templateProblems(input.topic, input.subject, 'The subject') : [];
    const bodyProblems = templateProblems(input.topic, input.body);
    if (subjectProblems.length || bodyProblems.length) {
      throw new AppError('VALIDATION', [...subjectProblems, ...bodyProblems].join(' '), {
        ...(subjectProblems.length ? { subject: subjectProblems.join(' ') } : {}),
        ...(bodyProblems.length ? { body: bodyProblems.join(' ') } : {}),
      });
    }
    return ctx.write((tx) => {
      const values = {
        enabled: input.enabled,
        subject: input.channel === 'email' ? input.subject : '',
        body: input.body,
        updatedAt: ctx.nowIso(),
      };
      tx.insert(messageTemplates)
        .values({ topic: input.topic, channel: input.channel, ...values })
        .onConflictDoUpdate({ target: [messageTemplates.topic, messageTemplates.channel], set: values })
        .run();
      recordAudit(tx, ctx, {
        entity: 'settings',
        entityId: 1,
        action: `message template saved: ${TOPICS[input.topic].label} (${input.channel})`,
        after: { enabled: input.enabled, subject: values.subject, body: input.body },
      });
      ctx.changed('messages', []);
      return topicView(tx, input.topic);
    });
  },
  'messages.resetTemplate': (ctx, { topic, channel }) =>
    ctx.write((tx) => {
      tx.delete(messageTemplates)
        .where(and(eq(messageTemplates.topic, topic), eq(messageTemplates.channel, channel)))
        .run();
      recordAudit(tx, ctx, {
        entity: 'settings',
        entityId: 1,
        action: `message template reset: ${TOPICS[topic].label} (${channel})`,
      });
      ctx.changed('messages', []);
      return topicView(tx, topic);
    }),
  'messages.preview': (ctx, input) => preview(ctx, input),
  'messages.settings': (ctx) => getMessageSettings(ctx.db),
  'messages.saveSettings': (ctx, input) =>
    ctx.write((tx) => {
      const before = getMessageSettings(tx);
      const values = { ...input, updatedAt: ctx.nowIso() };
      tx.insert(messageSettings)
        .values({ id: 1, ...values })
        .onConflictDoUpdate({ target: messageSettings.id, set: values })
        .run();
      recordAudit(tx, ctx, {
        entity: 'settings',
        entityId: 1,
        action: 'message settings saved',
        before,
        after: input,
      });
      ctx.changed('messages', []);
      return getMessageSettings(tx);
    }),
  'messages.memberChoices': (ctx, { memberId }) => choicesOf(ctx.db, getMemberRow(ctx.db, memberId)),
  'messages.saveMemberChoices': (ctx, { memberId, ...choices }) =>
    ctx.write((tx) => {
      const member = getMemberRow(tx, memberId);
      saveMessageChoices(tx, ctx, member, choices);
      ctx.changed('members', [memberId]);
      return choicesOf(tx, member);
    }),
};
