import type { ReactNode } from 'react';
import {
  ActionIcon,
  Anchor,
  Badge,
  CopyButton,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { CreditNote, Payment } from '../../../../shared/contract';
import { useFormat } from '../../app/format';
import { cardName } from './cards';
import { METHOD_LABELS } from './labels';
import { PaymentStatusBadge } from './StatusBadges';
import classes from './billing.module.css';

/** Payments as a table: when, who, for which invoice, how, how much, and what became of it. */
export function PaymentsTable({
  rows,
  showMember = true,
  showInvoice = true,
  label = 'Payments',
  actions,
}: {
  rows: Payment[];
  showMember?: boolean;
  showInvoice?: boolean;
  label?: string;
  /** Buttons at the end of each row (Refund on an invoice). */
  actions?: (payment: Payment) => ReactNode;
}) {
  const format = useFormat();
  return (
    <Paper withBorder radius="lg" style={{ overflow: 'hidden' }}>
      <Table
        styles={{ th: { whiteSpace: 'nowrap' } }}
        verticalSpacing="sm"
        horizontalSpacing="md"
        aria-label={label}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={180}>Date</Table.Th>
            {showMember && <Table.Th>Member</Table.Th>}
            {showInvoice && <Table.Th w={130}>Invoice</Table.Th>}
            <Table.Th w={140}>Method</Table.Th>
            <Table.Th w={120} ta="right">
              Amount
            </Table.Th>
            <Table.Th>Details</Table.Th>
            <Table.Th w={160}>Status</Table.Th>
            {actions && <Table.Th w={100} aria-label="Actions" />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody className={classes.totals}>
          {rows.map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td>
                <Text fz="sm" style={{ whiteSpace: 'nowrap' }}>
                  {format.dateTime(p.createdAt)}
                </Text>
              </Table.Td>
              {showMember && (
                <Table.Td>
                  <Anchor component={Link} to={`/members/${p.memberId}?tab=payments`} fz="sm">
                    {p.memberName}
                  </Anchor>
                </Table.Td>
              )}
              {showInvoice && (
                <Table.Td>
                  {p.invoiceId ? (
                    <Anchor component={Link} to={`/invoices/${p.invoiceId}`} fz="sm" ff="monospace">
                      {p.invoiceNumber ?? 'Draft'}
                    </Anchor>
                  ) : (
                    <Text fz="sm" c="dimmed">
                      —
                    </Text>
                  )}
                </Table.Td>
              )}
              <Table.Td>
                <Text fz="sm">{METHOD_LABELS[p.method]}</Text>
                {p.card && (
                  <Text fz="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                    {cardName(p.card)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right">
                <Text fz="sm" fw={500}>
                  {format.money(p.amount, p.currency)}
                </Text>
              </Table.Td>
              <Table.Td>
                <PaymentDetails payment={p} />
              </Table.Td>
              <Table.Td>
                <PaymentStatusBadge status={p.status} refunded={p.amountRefunded} amount={p.amount} />
              </Table.Td>
              {actions && <Table.Td ta="right">{actions(p)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

/**
 * What a person needs to know about one payment: why a card attempt failed (in the bank's words made
 * plain), how much went back, and the desk's reference.
 */
export function PaymentDetails({
  payment: p,
  gatewayId = 'always',
}: {
  payment: Payment;
  /** Stripe's id under the rest, or (in a one-line row) only when there is nothing else to say. */
  gatewayId?: 'always' | 'alone';
}) {
  const format = useFormat();
  const parts: ReactNode[] = [];
  if (p.failureMessage && p.status !== 'succeeded')
    parts.push(
      <Text key="why" fz="sm" c={p.status === 'failed' ? 'red' : 'orange'} lh={1.35}>
        {p.failureMessage}
      </Text>,
    );
  if (p.amountRefunded > 0)
    parts.push(
      <Text key="refund" fz="sm" c="grape" lh={1.35}>
        {format.money(p.amountRefunded, p.currency)} refunded
        {p.amountRefunded >= p.amount ? ' (all of it)' : ''}
      </Text>,
    );
  if (p.reference)
    parts.push(
      <Text key="ref" fz="sm" truncate="end" maw={260}>
        {p.reference}
      </Text>,
    );
  if (p.gatewayId && (gatewayId === 'always' || parts.length === 0))
    parts.push(<GatewayId key="gw" id={p.gatewayId} />);
  if (parts.length === 0)
    return (
      <Text fz="sm" c="dimmed">
        —
      </Text>
    );
  return <Stack gap={2}>{parts}</Stack>;
}

/** Stripe's id of a card payment, to find it in the Stripe dashboard: monospace and one click to copy. */
function GatewayId({ id }: { id: string }) {
  return (
    <Group gap={2} wrap="nowrap" data-testid="payment-gateway-id">
      <Text fz="xs" ff="monospace" c="dimmed" truncate="end" maw={240} title={id}>
        {id}
      </Text>
      <CopyButton value={id} timeout={1500}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : 'Copy Stripe id'} withArrow>
            <ActionIcon
              size="xs"
              variant="subtle"
              color={copied ? 'teal' : 'gray'}
              aria-label={`Copy Stripe id ${id}`}
              onClick={(e) => {
                e.stopPropagation();
                copy();
              }}
            >
              {copied ? <IconCheck size={12} /> : <IconCopy size={12} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

/** Credit notes: corrections to finalized invoices (own gapless numbers), to the balance or refunded. */
export function CreditNotesTable({
  rows,
  showInvoice = true,
}: {
  rows: CreditNote[];
  showInvoice?: boolean;
}) {
  const format = useFormat();
  return (
    <Paper withBorder radius="lg" style={{ overflow: 'hidden' }}>
      <Table
        styles={{ th: { whiteSpace: 'nowrap' } }}
        verticalSpacing="sm"
        horizontalSpacing="md"
        aria-label="Credit notes"
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={130}>Number</Table.Th>
            <Table.Th w={190}>Date</Table.Th>
            {showInvoice && <Table.Th w={130}>Invoice</Table.Th>}
            <Table.Th>Reason</Table.Th>
            <Table.Th w={150}>Goes to</Table.Th>
            <Table.Th w={120} ta="right">
              Amount
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody className={classes.totals}>
          {rows.map((n) => (
            <Table.Tr key={n.id}>
              <Table.Td>
                <Anchor component={Link} to={`/credit-notes/${n.id}`} fz="sm" ff="monospace" fw={600}>
                  {n.number}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Text fz="sm">{format.dateTime(n.createdAt)}</Text>
              </Table.Td>
              {showInvoice && (
                <Table.Td>
                  <Anchor component={Link} to={`/invoices/${n.invoiceId}`} fz="sm" ff="monospace">
                    {n.invoiceNumber ?? '—'}
                  </Anchor>
                </Table.Td>
              )}
              <Table.Td>
                <Text fz="sm">{n.reason}</Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={n.destination === 'refund' ? 'grape' : 'teal'}>
                  {n.destination === 'refund' ? 'Refund' : "Member's balance"}
                </Badge>
              </Table.Td>
              <Table.Td ta="right">
                <Text fz="sm" fw={500}>
                  {format.money(n.amount, n.currency)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
