import { Button, Center, Paper, Skeleton, Stack, Table, Text } from '@mantine/core';
import { IconFileInvoice } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../../api';
import { useFormat } from '../../app/format';
import { Empty } from '../../components/Empty';
import { type InvoiceFilter } from './keys';
import { invoiceName } from './labels';
import { InvoiceStatusBadge } from './StatusBadges';
import classes from './billing.module.css';

const PAGE = 50;

/** A member's or a subscription's invoices, newest first, in pages of 50. */
export function InvoiceList({
  filter,
  emptyTitle,
  emptyDescription,
  compact = false,
}: {
  filter: InvoiceFilter;
  emptyTitle: string;
  emptyDescription: string;
  /** For a narrow column: issue date under the number, amount due under the total. */
  compact?: boolean;
}) {
  const format = useFormat();
  const navigate = useNavigate();
  const invoices = useInfiniteQuery({
    queryKey: ['invoices', 'list', filter, 'infinite'],
    queryFn: ({ pageParam }) => api.call('invoices.list', { ...filter, limit: PAGE, offset: pageParam }),
    initialPageParam: 0,
    getNextPageParam: (last, all) => {
      const loaded = all.reduce((n, p) => n + p.items.length, 0);
      return loaded < last.total ? loaded : undefined;
    },
  });

  if (invoices.isPending) {
    return (
      <Stack gap="xs">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} height={38} radius="md" />
        ))}
      </Stack>
    );
  }
  if (invoices.isError) {
    return (
      <Empty
        icon={<IconFileInvoice size={30} stroke={1.5} />}
        title="Invoices could not be loaded"
        description={invoices.error.message}
      />
    );
  }
  const rows = invoices.data.pages.flatMap((p) => p.items);
  if (rows.length === 0) {
    return (
      <Empty
        icon={<IconFileInvoice size={30} stroke={1.5} />}
        title={emptyTitle}
        description={emptyDescription}
      />
    );
  }
  const open = (id: number) => void navigate(`/invoices/${id}`);
  const dueOf = (inv: (typeof rows)[number]) =>
    inv.status === 'open' || inv.status === 'uncollectible' ? inv.amountDue : 0;
  return (
    <Paper withBorder radius="lg" style={{ overflow: 'hidden' }}>
      <Table
        styles={{ th: { whiteSpace: 'nowrap' } }}
        verticalSpacing="sm"
        horizontalSpacing="md"
        highlightOnHover
        aria-label="Invoices"
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={compact ? undefined : 130}>Number</Table.Th>
            {!compact && <Table.Th w={130}>Issued</Table.Th>}
            <Table.Th>Period</Table.Th>
            <Table.Th w={compact ? 110 : 120} ta="right">
              Total
            </Table.Th>
            {!compact && (
              <Table.Th w={120} ta="right">
                Amount due
              </Table.Th>
            )}
            <Table.Th w={compact ? 110 : 140}>Status</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody className={classes.totals}>
          {rows.map((inv) => (
            <Table.Tr
              key={inv.id}
              className={`${classes.clickRow} ${inv.status === 'void' ? classes.dimmedRow : ''}`}
              tabIndex={0}
              onClick={() => open(inv.id)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') open(inv.id);
              }}
            >
              <Table.Td>
                <Text
                  fz="sm"
                  fw={600}
                  ff={inv.number ? 'monospace' : undefined}
                  c={inv.number ? undefined : 'dimmed'}
                  style={{ whiteSpace: 'nowrap' }}
                >
                  {invoiceName(inv)}
                </Text>
                {compact && inv.issueDate && (
                  <Text fz="xs" c="dimmed">
                    {format.date(inv.issueDate)}
                  </Text>
                )}
              </Table.Td>
              {!compact && (
                <Table.Td>
                  <Text fz="sm">{inv.issueDate ? format.date(inv.issueDate) : '—'}</Text>
                </Table.Td>
              )}
              <Table.Td>
                <Text fz="sm" c={inv.periodStart ? undefined : 'dimmed'}>
                  {inv.periodStart ? format.dateRange(inv.periodStart, inv.periodEnd) : 'One-off'}
                </Text>
              </Table.Td>
              <Table.Td ta="right">
                <Text fz="sm">{format.money(inv.total, inv.currency)}</Text>
                {compact && dueOf(inv) > 0 && (
                  <Text fz="xs" fw={600} c="orange">
                    {format.money(dueOf(inv), inv.currency)} due
                  </Text>
                )}
              </Table.Td>
              {!compact && (
                <Table.Td ta="right">
                  <Text fz="sm" fw={dueOf(inv) ? 600 : undefined} c={dueOf(inv) ? undefined : 'dimmed'}>
                    {format.money(dueOf(inv), inv.currency)}
                  </Text>
                </Table.Td>
              )}
              <Table.Td>
                <InvoiceStatusBadge status={inv.status} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {invoices.hasNextPage && (
        <Center p="sm">
          <Button
            variant="subtle"
            loading={invoices.isFetchingNextPage}
            onClick={() => void invoices.fetchNextPage()}
          >
            Show older invoices
          </Button>
        </Center>
      )}
    </Paper>
  );
}
