import { Anchor, Badge, Paper, Table, Text, Tooltip } from '@mantine/core';
import { Link } from 'react-router';
import type { CreditNote, Payment } from '../../../../shared/contract';
import { useFormat } from '../../app/format';
import { METHOD_LABELS } from './labels';
import { PaymentStatusBadge } from './StatusBadges';
import classes from './billing.module.css';

/** Payments as a table: when, who, for which invoice, how, how much. */
export function PaymentsTable({
  rows,
  showMember = true,
  showInvoice = true,
  label = 'Payments',
}: {
  rows: Payment[];
  showMember?: boolean;
  showInvoice?: boolean;
  label?: string;
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
            <Table.Th w={190}>Date</Table.Th>
            {showMember && <Table.Th>Member</Table.Th>}
            {showInvoice && <Table.Th w={130}>Invoice</Table.Th>}
            <Table.Th w={140}>Method</Table.Th>
            <Table.Th w={120} ta="right">
              Amount
            </Table.Th>
            <Table.Th>Reference</Table.Th>
            <Table.Th w={130}>Status</Table.Th>
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
              </Table.Td>
              <Table.Td ta="right">
                <Text fz="sm" fw={500}>
                  {format.money(p.amount, p.currency)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text fz="sm" c={p.reference ? undefined : 'dimmed'} truncate="end" maw={220}>
                  {p.reference ?? '—'}
                </Text>
              </Table.Td>
              <Table.Td>
                {p.failureMessage ? (
                  <Tooltip label={p.failureMessage} multiline w={260}>
                    <PaymentStatusBadge status={p.status} />
                  </Tooltip>
                ) : (
                  <PaymentStatusBadge status={p.status} />
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
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
                <Text fz="sm" ff="monospace" fw={600}>
                  {n.number}
                </Text>
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
