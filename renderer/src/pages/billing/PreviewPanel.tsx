import { type ReactNode } from 'react';
import { Alert, Divider, Group, Paper, Skeleton, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconInfoCircle } from '@tabler/icons-react';
import type { BillingPreview } from '../../../../shared/contract';
import { useFormat } from '../../app/format';
import { errorMessage } from '../../app/notify';
import { SubscriptionStatusBadge } from './StatusBadges';
import classes from './billing.module.css';

/** A minus sign that reads as one (not a hyphen) in front of an amount taken off. */
export const minus = (text: string) => `−${text}`;

/**
 * What an action will do, exactly (the core ran it and rolled it back): its sentence, the invoice lines
 * it bills, discount, tax and totals, what is due now and the next billing date.
 */
export function PreviewPanel({
  preview,
  loading,
  error,
  idle,
}: {
  preview: BillingPreview | undefined;
  loading: boolean;
  error: unknown;
  /** Shown before there is anything to preview (e.g. no plan chosen yet). */
  idle?: ReactNode;
}) {
  const format = useFormat();
  if (error && !loading) {
    return (
      <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="This cannot be done">
        {format.text(errorMessage(error))}
      </Alert>
    );
  }
  if (!preview) {
    if (!loading && idle) {
      return (
        <Paper withBorder radius="md" p="md" style={{ borderStyle: 'dashed' }}>
          <Text fz="sm" c="dimmed" ta="center">
            {idle}
          </Text>
        </Paper>
      );
    }
    return (
      <Stack gap="xs" aria-busy aria-label="Loading the preview">
        <Skeleton height={44} radius="md" />
        <Skeleton height={90} radius="md" />
      </Stack>
    );
  }
  const p = preview;
  const money = (n: number) => format.money(n, p.currency);
  const taxIncluded = p.lines.some((l) => l.taxAmount !== 0 && l.total === l.amount - l.discountAmount);
  return (
    <Stack gap="sm" aria-label="Preview" role="region" style={{ opacity: loading ? 0.6 : 1 }}>
      <Alert color="brand" variant="light" icon={<IconInfoCircle size={18} />} p="sm">
        <Text fz="sm" data-testid="preview-summary">
          {format.text(p.summary)}
        </Text>
      </Alert>
      {p.lines.length > 0 ? (
        <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
          <Table verticalSpacing={8} horizontalSpacing="sm" aria-label="Preview lines" fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Description</Table.Th>
                <Table.Th ta="right" w={50}>
                  Qty
                </Table.Th>
                <Table.Th ta="right" w={100}>
                  Amount
                </Table.Th>
                <Table.Th ta="right" w={100}>
                  Discount
                </Table.Th>
                <Table.Th ta="right" w={90}>
                  Tax
                </Table.Th>
                <Table.Th ta="right" w={100}>
                  Total
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody className={classes.totals}>
              {p.lines.map((l, i) => (
                <Table.Tr key={i}>
                  <Table.Td>
                    <Text fz="sm">{l.description}</Text>
                    {l.periodStart && (
                      <Text fz="xs" c="dimmed">
                        {format.dateRange(l.periodStart, l.periodEnd)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">{l.quantity}</Table.Td>
                  <Table.Td ta="right">{money(l.amount)}</Table.Td>
                  <Table.Td ta="right" c={l.discountAmount ? undefined : 'dimmed'}>
                    {l.discountAmount ? minus(money(l.discountAmount)) : '—'}
                  </Table.Td>
                  <Table.Td ta="right" c={l.taxAmount ? undefined : 'dimmed'}>
                    {l.taxAmount ? money(l.taxAmount) : '—'}
                  </Table.Td>
                  <Table.Td ta="right" fw={500}>
                    {money(l.total)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      ) : (
        <Text fz="sm" c="dimmed">
          Nothing is invoiced now.
        </Text>
      )}
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xl">
        <Stack gap={6} style={{ minWidth: 0 }}>
          {p.status && (
            <Group gap="xs">
              <Text fz="sm" c="dimmed" w={130}>
                Status after
              </Text>
              <SubscriptionStatusBadge status={p.status} size="sm" />
            </Group>
          )}
          <Group gap="xs">
            <Text fz="sm" c="dimmed" w={130}>
              Next billing date
            </Text>
            <Text fz="sm" fw={500}>
              {p.nextBillingDate ? format.date(p.nextBillingDate) : 'None'}
            </Text>
          </Group>
          {p.balanceCredit > 0 && (
            <Group gap="xs">
              <Text fz="sm" c="dimmed" w={130}>
                To member&apos;s credit
              </Text>
              <Text fz="sm" fw={500} c="green">
                {money(p.balanceCredit)}
              </Text>
            </Group>
          )}
        </Stack>
        {p.lines.length > 0 && (
          <Stack gap={4} miw={260} className={classes.totals} aria-label="Preview totals">
            <TotalRow label="Subtotal" value={money(p.subtotal)} />
            {p.discountTotal > 0 && <TotalRow label="Discount" value={minus(money(p.discountTotal))} />}
            {(p.taxTotal !== 0 || p.lines.some((l) => l.taxAmount)) && (
              <TotalRow label={taxIncluded ? 'Tax (included)' : 'Tax'} value={money(p.taxTotal)} />
            )}
            <TotalRow label="Total" value={money(p.total)} />
            {p.balanceApplied > 0 && (
              <TotalRow label="Paid from balance" value={minus(money(p.balanceApplied))} />
            )}
            <Divider my={2} />
            <TotalRow label="Due now" value={money(p.amountDue)} strong testId="preview-due-now" />
          </Stack>
        )}
      </Group>
    </Stack>
  );
}

export function TotalRow({
  label,
  value,
  strong,
  testId,
  color,
}: {
  label: string;
  value: string;
  strong?: boolean;
  testId?: string;
  color?: string;
}) {
  return (
    <Group justify="space-between" gap="lg" wrap="nowrap">
      <Text fz={strong ? 'md' : 'sm'} fw={strong ? 700 : undefined} c={strong ? undefined : 'dimmed'}>
        {label}
      </Text>
      <Text fz={strong ? 'md' : 'sm'} fw={strong ? 700 : 500} data-testid={testId} c={color}>
        {value}
      </Text>
    </Group>
  );
}
