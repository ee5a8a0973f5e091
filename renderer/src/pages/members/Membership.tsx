import { Badge, Group, Text, type BadgeProps } from '@mantine/core';
import type { Membership, MembershipStatus } from '../../../../shared/contract';

/** The words and colours of a membership, as the members list's tabs and badges show it. */
export const MEMBERSHIP: Record<
  MembershipStatus,
  { label: string; color: string; variant: 'light' | 'outline' }
> = {
  active: { label: 'Active', color: 'teal', variant: 'light' },
  trial: { label: 'Trial', color: 'blue', variant: 'light' },
  past_due: { label: 'Past due', color: 'red', variant: 'light' },
  paused: { label: 'Paused', color: 'yellow', variant: 'light' },
  expired: { label: 'Expired', color: 'gray', variant: 'light' },
  none: { label: 'None', color: 'gray', variant: 'outline' },
};

export const MEMBERSHIP_ORDER: MembershipStatus[] = [
  'active',
  'trial',
  'past_due',
  'paused',
  'expired',
  'none',
];

export function MembershipBadge({ status, ...props }: { status: MembershipStatus } & BadgeProps) {
  const m = MEMBERSHIP[status];
  return (
    <Badge color={m.color} variant={m.variant} style={{ flexShrink: 0 }} {...props}>
      {m.label}
    </Badge>
  );
}

/** A list cell: the plan's name and its status badge ("Gold monthly · Past due"), or "No membership". */
export function MembershipCell({ membership }: { membership: Membership }) {
  if (membership.status === 'none')
    return (
      <Text fz="sm" c="dimmed">
        No membership
      </Text>
    );
  return (
    <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
      <MembershipBadge status={membership.status} size="sm" />
      <Text fz="sm" truncate="end" c={membership.status === 'expired' ? 'dimmed' : undefined}>
        {membership.planName ?? ''}
      </Text>
    </Group>
  );
}
