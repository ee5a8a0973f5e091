import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/open';
import { messageTemplates } from '../../../db/schema';
import type { TemplateView, TopicView } from '../../../shared/contract';
import { TOPICS, variablesOf, type MessageChannel, type TopicId } from '../../../shared/message-topics';

/** A topic's template for a channel: the owner's edit when there is one, else the registry's default. */
export function templateOf(db: DbOrTx, topic: TopicId, channel: MessageChannel): TemplateView {
  const row = db
    .select()
    .from(messageTemplates)
    .where(and(eq(messageTemplates.topic, topic), eq(messageTemplates.channel, channel)))
    .get();
  const def = TOPICS[topic][channel];
  if (!row)
    return { enabled: true, subject: 'subject' in def ? def.subject : '', body: def.body, isDefault: true };
  return {
    enabled: row.enabled,
    subject: row.subject,
    body: row.body,
    isDefault: row.body === def.body && row.subject === ('subject' in def ? def.subject : ''),
  };
}

export function topicView(db: DbOrTx, topic: TopicId): TopicView {
  const t = TOPICS[topic];
  return {
    id: topic,
    label: t.label,
    when: t.when,
    refusable: t.refusable,
    causeKey: t.causeKey,
    variables: variablesOf(topic),
    email: templateOf(db, topic, 'email'),
    sms: templateOf(db, topic, 'sms'),
  };
}
