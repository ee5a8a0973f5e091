import { Badge, Tooltip } from '@mantine/core';
import type { MemberAccess } from '../../../../shared/contract';

/**
 * Payment standing wherever a member appears (member page, members list, search): nothing when all is
 * well, "Grace" while past due within the plan's grace days, "Blocked" after.
 */
export function AccessBadge({
  access,
  size = 'sm',
  ml,
}: {
  access: MemberAccess | undefined;
  size?: 'xs' | 'sm' | 'md';
  ml?: number;
}) {
  if (!access || access === 'ok') return null;
  const blocked = access === 'blocked';
  return (
    <Tooltip
      label={
        blocked
          ? 'Payment overdue beyond the grace days: no access until paid'
          : "Payment overdue: access continues during the plan's grace days"
      }
    >
      <Badge
        color={blocked ? 'red' : 'orange'}
        variant={blocked ? 'filled' : 'light'}
        size={size}
        ml={ml}
        style={{ flexShrink: 0 }}
        data-testid="access-badge"
      >
        {blocked ? 'Blocked' : 'Grace'}
      </Badge>
    </Tooltip>
  );
}
