import { z } from 'zod';
import { TOPIC_IDS, type MessageChannel, type TopicId } from '../message-topics';
import type { SmsSegments } from '../sms-segments';
import { channel } from './define';
import { empty, id, optionalEmail, paging } from './common';

export type { MessageChannel, TopicId };

export interface TemplateView {
  enabled: boolean;
  subject: string;
  body: string;
  /** True while the owner has not changed the default text. */
  isDefault: boolean;
}

export interface TopicView {
  id: TopicId;
  label: string;
  when: string;
  refusable: boolean;
  causeKey: string;
  variables: string[];
  email: TemplateView;
  sms: TemplateView;
}

export interface MessagePreview {
  subject: string;
  body: string;
  /** Who the sample is (a real member, or "Alex Sample"). */
  sample: string;
  /** Validation problems of the text as typed (unknown variables, empty body), shown live. */
  problems: string[];
  segments: SmsSegments | null;
}

export interface MessageSettings {
  quietFrom: string;
  quietUntil: string;
  renewalReminderDays: number;
  renewalReminderMonthly: boolean;
  trialEndingDays: number;
  cardExpiringDays: number;
  membershipExpiringDays: number;
  comeBackDays: number;
  comeBackCoupon: string | null;
  digestEmail: boolean;
  digestTo: string | null;
}

export interface SmsSettings {
  accountSid: string | null;
  from: string | null;
  /** Whether an auth token is stored; the token itself never leaves the main process. */
  hasToken: boolean;
  configured: boolean;
}

export interface MemberMessageChoices {
  memberId: number;
  email: boolean;
  sms: boolean;
  refuseReminders: boolean;
  /** The phone in E.164, or null. */
  phoneE164: string | null;
  /** Set when the member has a phone number that cannot be used for texts. */
  phoneProblem: string | null;
  hasEmail: boolean;
}

const choiceFields = { email: z.boolean(), sms: z.boolean(), refuseReminders: z.boolean() };
const oneChannel = (v: { email: boolean; sms: boolean }) => v.email || v.sms;
const oneChannelError = { message: 'Choose email, SMS or both', path: ['email'] };

/**
 * How messages reach a member: email, SMS or both, and whether they refuse reminders and come-back
 * messages (receipts and failed-payment notices cannot be refused). Saved on the member's page or
 * with the member form.
 */
export const messageChoices = z.object(choiceFields).refine(oneChannel, oneChannelError);

export interface OutboxItem {
  id: number;
  channel: MessageChannel;
  to: string;
  subject: string;
  body: string;
  topic: string;
  memberId: number | null;
  memberName: string | null;
  status: 'queued' | 'sending' | 'sent' | 'failed' | 'skipped';
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  attachments: number;
}

export interface DigestLine {
  label: string;
  count: number;
  /** Per currency, minor units. */
  amounts: Array<{ amount: number; currency: string }>;
  /** What lies behind it (member ids or invoice ids), for drill-down. */
  memberIds: number[];
}

export interface Digest {
  /** The business day it describes: from `since` (start of the previous day) to now. */
  since: string;
  until: string;
  renewed: DigestLine;
  paidByMethod: Array<DigestLine & { method: string }>;
  failed: Array<DigestLine & { reason: string }>;
  movedToDunning: DigestLine;
  expired: DigestLine;
  dueNext7Days: DigestLine;
  /** True when this operator has not seen today's digest yet (first start of the day). */
  firstToday: boolean;
}

const topic = z.enum(TOPIC_IDS, { error: 'Choose a message topic' });
const msgChannel = z.enum(['email', 'sms'], { error: 'Choose email or SMS' });
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a time as HH:MM, e.g. 21:00');
const days = (max: number) =>
  z.number().int().min(1, 'Use at least 1 day').max(max, `Use at most ${max} days`);

export const messageChannels = {
  'messages.topics': channel<TopicView[]>()(empty, 'manager'),
  /** Saves a topic's template for one channel; an unknown variable or an empty body is refused. */
  'messages.saveTemplate': channel<TopicView>()(
    z.object({
      topic,
      channel: msgChannel,
      enabled: z.boolean(),
      subject: z.string().max(300, 'The subject is too long (at most 300 characters)').default(''),
      body: z.string().max(10_000, 'The message is too long (at most 10,000 characters)'),
    }),
    'owner',
  ),
  'messages.resetTemplate': channel<TopicView>()(z.object({ topic, channel: msgChannel }), 'owner'),
  /** Fills a template as typed (saved or not) for a sample member: the editor's live preview. */
  'messages.preview': channel<MessagePreview>()(
    z.object({
      topic,
      channel: msgChannel,
      subject: z.string().max(300).default(''),
      body: z.string().max(10_000),
      memberId: id.optional(),
    }),
    'manager',
  ),
  'messages.settings': channel<MessageSettings>()(empty, 'manager'),
  'messages.saveSettings': channel<MessageSettings>()(
    z.object({
      quietFrom: hhmm,
      quietUntil: hhmm,
      renewalReminderDays: days(60),
      renewalReminderMonthly: z.boolean(),
      trialEndingDays: days(30),
      cardExpiringDays: days(90),
      membershipExpiringDays: days(60),
      comeBackDays: days(365),
      comeBackCoupon: z
        .string()
        .trim()
        .max(40, 'The coupon code is too long')
        .nullable()
        .transform((v) => (v ? v : null)),
      digestEmail: z.boolean(),
      digestTo: optionalEmail.nullable().transform((v) => v ?? null),
    }),
    'owner',
  ),
  'sms.settings': channel<SmsSettings>()(empty, 'owner'),
  /** Checks the credentials with Twilio before keeping them: wrong ones are refused and nothing changes. */
  'sms.saveSettings': channel<SmsSettings>()(
    z.object({
      accountSid: z
        .string()
        .trim()
        .regex(/^AC[0-9a-fA-F]{32}$/, 'An account SID starts with AC followed by 32 letters and digits'),
      /** Omitted: keep the stored one. */
      authToken: z.string().trim().min(1, 'Enter the auth token').max(200).optional(),
      from: z.string().trim().min(1, 'Enter the sending number').max(40),
    }),
    'owner',
  ),
  'sms.forget': channel<SmsSettings>()(empty, 'owner'),
  'sms.test': channel<{ sent: true }>()(
    z.object({ to: z.string().trim().min(1, 'Enter a phone number').max(40) }),
    'owner',
  ),
  'messages.memberChoices': channel<MemberMessageChoices>()(z.object({ memberId: id }), 'staff'),
  'messages.saveMemberChoices': channel<MemberMessageChoices>()(
    z.object({ memberId: id, ...choiceFields }).refine(oneChannel, oneChannelError),
    'staff',
  ),
  'outbox.list': channel<{ items: OutboxItem[]; total: number }>()(
    z.object({
      status: z.enum(['queued', 'sending', 'sent', 'failed', 'skipped']).optional(),
      channel: msgChannel.optional(),
      topic: z.string().max(80).optional(),
      memberId: id.optional(),
      ...paging,
    }),
    'manager',
  ),
  /** Tries a failed or skipped message again now. */
  'outbox.retry': channel<OutboxItem>()(z.object({ id }), 'manager'),
  'digest.today': channel<Digest>()(empty, 'manager'),
  'digest.dismiss': channel<{ dismissed: true }>()(empty, 'manager'),
};
