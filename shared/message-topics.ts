/**
 * The topic registry (DESIGN §11, STYLE "Messages"): every message Recur sends to members, with its
 * variables, its default templates per channel and what makes one message (its cause key). The core
 * queues from it, the template editor lists it; a new topic is one entry here.
 */
export const TOPIC_IDS = [
  'payment_received',
  'payment_failed',
  'payment_reminder',
  'subscription_started',
  'subscription_paused',
  'subscription_resumed',
  'subscription_cancelled',
  'renewal_reminder',
  'trial_ending',
  'card_expiring',
  'membership_expiring',
  'come_back',
] as const;
export type TopicId = (typeof TOPIC_IDS)[number];
export type MessageChannel = 'email' | 'sms';

export interface TopicDefinition {
  label: string;
  /** When it is sent, for the owner. */
  when: string;
  /** Receipts and failed-payment notices cannot be refused; reminders and come-back can. */
  refusable: boolean;
  /** What one message is about: the same cause never gets a second message. */
  causeKey: string;
  /** Variables beyond the ones every topic has (COMMON_VARIABLES). */
  variables: readonly string[];
  email: { subject: string; body: string };
  sms: { body: string };
}

export const COMMON_VARIABLES = [
  'member.firstName',
  'member.lastName',
  'member.number',
  'business.name',
  'business.phone',
  'business.email',
] as const;

const sign = '\n\n{{business.name}}';

export const TOPICS: Record<TopicId, TopicDefinition> = {
  payment_received: {
    label: 'Payment received',
    when: 'When a payment succeeds, by card or at the desk. The receipt PDF is attached.',
    refusable: false,
    causeKey: 'payment:<payment id>',
    variables: ['amount', 'paymentMethod', 'paymentDate', 'invoice.number', 'plan.name'],
    email: {
      subject: '{{business.name}}: receipt for {{amount}}',
      body: `Hello {{member.firstName}},\n\nThank you: we received {{amount}} ({{paymentMethod}}) on {{paymentDate}} for invoice {{invoice.number}}. Your receipt is attached.${sign}`,
    },
    sms: { body: '{{business.name}}: thank you, we received {{amount}} for invoice {{invoice.number}}.' },
  },
  payment_failed: {
    label: 'Payment failed',
    when: 'At each step of dunning, after a payment is declined.',
    refusable: false,
    causeKey: 'invoice:<invoice id>:attempt:<n>',
    variables: ['amountDue', 'invoice.number', 'payLink', 'failureReason', 'nextAttemptDate', 'plan.name'],
    email: {
      subject: '{{business.name}}: your payment of {{amountDue}} did not go through',
      body: `Hello {{member.firstName}},\n\nWe could not collect {{amountDue}} for invoice {{invoice.number}} ({{failureReason}}).\n\nYou can pay here: {{payLink}}\n\nOr pay at the desk on your next visit.${sign}`,
    },
    sms: { body: '{{business.name}}: your payment of {{amountDue}} failed. Pay here: {{payLink}}' },
  },
  payment_reminder: {
    label: 'Payment reminder',
    when: 'When you send a reminder from the debtors list.',
    refusable: false,
    causeKey: 'invoice:<invoice id>:reminder:<n>',
    variables: ['amountDue', 'invoice.number', 'payLink', 'dueDate'],
    email: {
      subject: '{{business.name}}: {{amountDue}} is still open',
      body: `Hello {{member.firstName}},\n\nInvoice {{invoice.number}} of {{amountDue}} (due {{dueDate}}) is still open.\n\nYou can pay here: {{payLink}}${sign}`,
    },
    sms: {
      body: '{{business.name}}: invoice {{invoice.number}} ({{amountDue}}) is still open. Pay: {{payLink}}',
    },
  },
  subscription_started: {
    label: 'Subscription started',
    when: 'When a subscription is started for the member.',
    refusable: false,
    causeKey: 'subscription:<subscription id>',
    variables: ['plan.name', 'startDate', 'price', 'renewalDate'],
    email: {
      subject: 'Welcome to {{business.name}}',
      body: `Hello {{member.firstName}},\n\nYour {{plan.name}} membership starts on {{startDate}} at {{price}}.${sign}`,
    },
    sms: { body: 'Welcome to {{business.name}}! Your {{plan.name}} membership starts on {{startDate}}.' },
  },
  subscription_paused: {
    label: 'Subscription paused',
    when: 'When a subscription is paused.',
    refusable: false,
    causeKey: 'subscription:<id>:paused:<date>',
    variables: ['plan.name', 'resumeDate'],
    email: {
      subject: '{{business.name}}: your membership is paused',
      body: `Hello {{member.firstName}},\n\nYour {{plan.name}} membership is paused until {{resumeDate}}. Nothing is charged meanwhile.${sign}`,
    },
    sms: { body: '{{business.name}}: your {{plan.name}} membership is paused until {{resumeDate}}.' },
  },
  subscription_resumed: {
    label: 'Subscription resumed',
    when: 'When a paused subscription resumes.',
    refusable: false,
    causeKey: 'subscription:<id>:resumed:<date>',
    variables: ['plan.name', 'renewalDate'],
    email: {
      subject: '{{business.name}}: welcome back',
      body: `Hello {{member.firstName}},\n\nYour {{plan.name}} membership is running again. It renews on {{renewalDate}}.${sign}`,
    },
    sms: { body: '{{business.name}}: your {{plan.name}} membership is running again.' },
  },
  subscription_cancelled: {
    label: 'Subscription cancelled',
    when: 'When a subscription is cancelled.',
    refusable: false,
    causeKey: 'subscription:<id>:cancelled',
    variables: ['plan.name', 'endDate'],
    email: {
      subject: '{{business.name}}: your membership is cancelled',
      body: `Hello {{member.firstName}},\n\nYour {{plan.name}} membership is cancelled; it ends on {{endDate}}. We hope to see you again.${sign}`,
    },
    sms: { body: '{{business.name}}: your {{plan.name}} membership is cancelled; it ends on {{endDate}}.' },
  },
  renewal_reminder: {
    label: 'Renewal reminder',
    when: 'Before a subscription renews (default 7 days; off for monthly plans unless you turn it on).',
    refusable: true,
    causeKey: 'subscription:<id>:renews:<date>',
    variables: ['plan.name', 'renewalDate', 'price'],
    email: {
      subject: '{{business.name}}: your membership renews on {{renewalDate}}',
      body: `Hello {{member.firstName}},\n\nYour {{plan.name}} membership renews on {{renewalDate}} at {{price}}.${sign}`,
    },
    sms: { body: '{{business.name}}: your {{plan.name}} membership renews on {{renewalDate}} ({{price}}).' },
  },
  trial_ending: {
    label: 'Trial ending',
    when: 'Before a trial ends (default 3 days).',
    refusable: true,
    causeKey: 'subscription:<id>:trial-ends:<date>',
    variables: ['plan.name', 'trialEndDate', 'price'],
    email: {
      subject: '{{business.name}}: your trial ends on {{trialEndDate}}',
      body: `Hello {{member.firstName}},\n\nYour {{plan.name}} trial ends on {{trialEndDate}}. After that it continues at {{price}}.${sign}`,
    },
    sms: { body: '{{business.name}}: your {{plan.name}} trial ends on {{trialEndDate}}, then {{price}}.' },
  },
  card_expiring: {
    label: 'Card expiring',
    when: 'Before the card on file expires (default 30 days).',
    refusable: true,
    causeKey: 'card:<payment method id>:<expiry>',
    variables: ['card.brand', 'card.last4', 'card.expiry'],
    email: {
      subject: '{{business.name}}: your card ending {{card.last4}} expires soon',
      body: `Hello {{member.firstName}},\n\nYour {{card.brand}} card ending {{card.last4}} expires at the end of {{card.expiry}}. Please give us a new card at the desk, or ask us for a link.${sign}`,
    },
    sms: {
      body: '{{business.name}}: your card ending {{card.last4}} expires {{card.expiry}}. Please update it.',
    },
  },
  membership_expiring: {
    label: 'Membership expiring',
    when: 'Before a membership that does not renew ends (default 7 days).',
    refusable: true,
    causeKey: 'subscription:<id>:expires:<date>',
    variables: ['plan.name', 'endDate'],
    email: {
      subject: '{{business.name}}: your membership ends on {{endDate}}',
      body: `Hello {{member.firstName}},\n\nYour {{plan.name}} membership ends on {{endDate}}. Renew at the desk to keep going.${sign}`,
    },
    sms: { body: '{{business.name}}: your {{plan.name}} membership ends on {{endDate}}. Renew at the desk.' },
  },
  come_back: {
    label: 'Come back',
    when: 'After a membership has ended (default 7 days), optionally with a coupon code.',
    refusable: true,
    causeKey: 'subscription:<id>:come-back',
    variables: ['plan.name', 'endDate', 'couponCode', 'couponOffer'],
    email: {
      subject: 'We miss you at {{business.name}}',
      body: `Hello {{member.firstName}},\n\nYour {{plan.name}} membership ended on {{endDate}}. We would love to see you again.{{couponOffer}}${sign}`,
    },
    sms: { body: 'We miss you at {{business.name}}! Come back any time.{{couponOffer}}' },
  },
};

/** Every variable a topic's templates may use. */
export const variablesOf = (topic: TopicId): string[] => [...COMMON_VARIABLES, ...TOPICS[topic].variables];

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/**
 * What is wrong with a template, in the owner's words: an empty body, a variable the topic does not
 * know (named), or braces that do not close. Empty when it is fine.
 */
export function templateProblems(topic: TopicId, text: string, what = 'The message'): string[] {
  const problems: string[] = [];
  if (!text.trim()) problems.push(`${what} is empty. Write the text the member should get.`);
  const known = new Set(variablesOf(topic));
  const unknown = new Set<string>();
  for (const m of text.matchAll(PLACEHOLDER)) if (!known.has(m[1]!)) unknown.add(m[1]!);
  for (const name of unknown) {
    problems.push(
      `Unknown variable {{${name}}}. ${TOPICS[topic].label} can use: ${variablesOf(topic).join(', ')}.`,
    );
  }
  const stripped = text.replace(PLACEHOLDER, '');
  if (stripped.includes('{{') || stripped.includes('}}'))
    problems.push(`${what} has "{{" or "}}" that does not close.`);
  return problems;
}

/** Fills a template; a variable without a value becomes empty text. */
export const fillTemplate = (text: string, values: Record<string, string>): string =>
  text.replace(PLACEHOLDER, (_, name: string) => values[name] ?? '');
