import { Alert, Stack, Text } from '@mantine/core';
import {
  IconAlertTriangle,
  IconArrowsExchange,
  IconCalendarEvent,
  IconPlayerPause,
  IconX,
} from '@tabler/icons-react';
import type { Subscription } from '../../../../shared/contract';
import { useFormat } from '../../app/format';

/** The states worth a sentence: a scheduled end or plan change, a pause, a trial, money owed. */
export function SubscriptionNotices({ sub: s }: { sub: Subscription }) {
  const format = useFormat();
  const notes = [];
  if (s.status === 'trialing' && s.trialEnd)
    notes.push(
      <Alert key="trial" color="blue" variant="light" icon={<IconCalendarEvent size={18} />} p="xs">
        <Text fz="sm">Free trial until {format.date(s.trialEnd)}; the first invoice comes then.</Text>
      </Alert>,
    );
  if (s.cancelAtPeriodEnd && s.status !== 'canceled')
    notes.push(
      <Alert key="cancel" color="orange" variant="light" icon={<IconX size={18} />} p="xs">
        <Text fz="sm">
          Ends on {format.date(s.currentPeriodEnd)}; nothing more is billed.
          {s.cancelReason ? ` Reason: ${s.cancelReason}` : ''}
        </Text>
      </Alert>,
    );
  if (s.status === 'paused')
    notes.push(
      <Alert key="pause" color="gray" variant="light" icon={<IconPlayerPause size={18} />} p="xs">
        <Text fz="sm">
          Paused since {format.date(s.pausedOn)}
          {s.resumeOn ? `, resumes on ${format.date(s.resumeOn)}` : ''}.
          {s.pauseReason ? ` Reason: ${s.pauseReason}` : ''}
        </Text>
      </Alert>,
    );
  if (s.pendingPlan)
    notes.push(
      <Alert key="plan" color="brand" variant="light" icon={<IconArrowsExchange size={18} />} p="xs">
        <Text fz="sm">
          Moves to {s.pendingPlan.name} on {format.date(s.currentPeriodEnd)}.
        </Text>
      </Alert>,
    );
  if (s.status === 'incomplete')
    notes.push(
      <Alert key="sale" color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} p="xs">
        <Text fz="sm">
          Sold at the desk and waiting for its first payment: nothing is active until its invoice is paid.
          Left unpaid, the sale ends by itself 23 hours after it was made.
        </Text>
      </Alert>,
    );
  if (s.status === 'incomplete_expired' && s.endedOn)
    notes.push(
      <Text key="never" fz="sm" c="dimmed">
        Never paid: the sale ended on {format.date(s.endedOn)} and its invoice was voided.
      </Text>,
    );
  if (s.status === 'past_due' || s.status === 'unpaid')
    notes.push(
      <Alert
        key="due"
        color={s.status === 'unpaid' ? 'red' : 'orange'}
        variant="light"
        icon={<IconAlertTriangle size={18} />}
        p="xs"
      >
        <Text fz="sm">
          {s.status === 'unpaid'
            ? 'Unpaid: renewals have stopped until the open invoices are paid or written off.'
            : `Past due since ${format.date(s.pastDueSince)}: an invoice was not paid by its due date.`}
        </Text>
      </Alert>,
    );
  if ((s.status === 'canceled' || s.status === 'expired') && s.endedOn)
    notes.push(
      <Text key="ended" fz="sm" c="dimmed">
        {s.status === 'canceled' ? 'Canceled' : 'Expired'} on {format.date(s.endedOn)}
        {s.cancelReason ? ` — ${s.cancelReason}` : ''}.
      </Text>,
    );
  return notes.length ? <Stack gap={6}>{notes}</Stack> : null;
}
