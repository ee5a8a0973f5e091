import { TOPICS, type TopicId } from '../../../../shared/message-topics';
import type { OutboxItem } from '../../../../shared/contract';

/** A topic in words; older free-form topics (`card-link:12`) by their prefix. */
export function topicLabel(topic: string): string {
  if (topic in TOPICS) return TOPICS[topic as TopicId].label;
  const prefix = topic.split(':')[0]!;
  return (
    { 'card-link': 'Card link', 'payment-link': 'Payment link', digest: 'Owner digest', invoice: 'Invoice' }[
      prefix
    ] ?? prefix
  );
}

export const OUTBOX_STATUS: Record<OutboxItem['status'], { label: string; color: string }> = {
  queued: { label: 'Waiting', color: 'yellow' },
  sending: { label: 'Sending', color: 'blue' },
  sent: { label: 'Sent', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
  skipped: { label: 'Skipped', color: 'gray' },
};
