import { Badge, type BadgeProps } from '@mantine/core';
import type { Invoice, Payment, SubscriptionStatus } from '../../../../shared/contract';
import { INVOICE_STATUS, PAYMENT_STATUS, SUBSCRIPTION_STATUS } from './labels';

export function SubscriptionStatusBadge({ status, ...props }: { status: SubscriptionStatus } & BadgeProps) {
  const s = SUBSCRIPTION_STATUS[status];
  return (
    <Badge color={s.color} variant={s.variant} style={{ flexShrink: 0 }} {...props}>
      {s.label}
    </Badge>
  );
}

export function InvoiceStatusBadge({ status, ...props }: { status: Invoice['status'] } & BadgeProps) {
  const s = INVOICE_STATUS[status];
  return (
    <Badge color={s.color} variant={s.variant} style={{ flexShrink: 0 }} {...props}>
      {s.label}
    </Badge>
  );
}

/** A payment's state; one that went through and was (partly) given back says so. */
export function PaymentStatusBadge({
  status,
  refunded = 0,
  amount = 0,
  ...props
}: { status: Payment['status']; refunded?: number; amount?: number } & BadgeProps) {
  const s =
    status === 'succeeded' && refunded > 0
      ? refunded >= amount
        ? { label: 'Refunded', color: 'grape' }
        : { label: 'Part refunded', color: 'grape' }
      : PAYMENT_STATUS[status];
  return (
    <Badge color={s.color} variant="light" style={{ flexShrink: 0 }} {...props}>
      {s.label}
    </Badge>
  );
}
