import { useCallback, useMemo, useState } from 'react';
import { Button, Text } from '@mantine/core';
import { IconFileInvoice, IconFilePlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { Invoice } from '../../../../shared/contract';
import { api } from '../../api';
import { useAuth } from '../../app/auth';
import { useFormat } from '../../app/format';
import { ListPage, useListState, type ListTab } from '../../components/ListPage';
import { usePagedList, type Column } from '../../components/VirtualTable';
import { InvoiceEditor } from './InvoiceEditor';
import { billingKeys, PAGE_SIZE, type InvoiceFilter } from './keys';
import { invoiceName } from './labels';
import { InvoiceStatusBadge } from './StatusBadges';

type Status = NonNullable<InvoiceFilter['status']>;
const STATUSES: ListTab<Status>[] = [
  { value: 'all', label: 'All' },
  { value: 'draft', label: 'Draft' },
  { value: 'open', label: 'Open' },
  { value: 'paid', label: 'Paid' },
  { value: 'void', label: 'Void' },
  { value: 'uncollectible', label: 'Uncollectible' },
];

/** Every invoice, newest first, by status (counts from the core) and searchable; a row opens it. */
export function InvoicesPage() {
  const format = useFormat();
  const navigate = useNavigate();
  const { can } = useAuth();
  const [creating, setCreating] = useState(false);
  const list = useListState<Status>({
    tabs: STATUSES.map((s) => s.value),
    defaultTab: 'all',
    debounceMs: 200,
  });
  const { tab: status, query } = list;

  const filter = useMemo<InvoiceFilter>(() => ({ status, query }), [status, query]);
  const pageKey = useCallback((page: number) => billingKeys.invoices(filter, page), [filter]);
  const fetchPage = useCallback(
    (offset: number, limit: number) => api.call('invoices.list', { ...filter, limit, offset }),
    [filter],
  );
  const first = usePagedList(pageKey, fetchPage, PAGE_SIZE);
  const counts = useQuery({
    queryKey: billingKeys.invoiceCounts(query ?? ''),
    queryFn: () => api.call('invoices.counts', { query }),
    staleTime: 10_000,
  });

  const columns = useMemo<Column<Invoice>[]>(
    () => [
      {
        header: 'Number',
        width: '100px',
        render: (i) => (
          <Text fz="sm" fw={600} ff={i.number ? 'monospace' : undefined} c={i.number ? undefined : 'dimmed'}>
            {invoiceName(i)}
          </Text>
        ),
      },
      {
        header: 'Member',
        width: 'minmax(100px, 1fr)',
        render: (i) => (
          <Text fz="sm" truncate="end">
            {i.memberName}
          </Text>
        ),
      },
      {
        header: 'Issued',
        width: '96px',
        render: (i) => <Text fz="sm">{i.issueDate ? format.date(i.issueDate) : '—'}</Text>,
      },
      {
        header: 'Due',
        width: '96px',
        render: (i) => <Text fz="sm">{i.dueDate ? format.date(i.dueDate) : '—'}</Text>,
      },
      {
        header: 'Period',
        width: 'minmax(150px, 1.2fr)',
        render: (i) => (
          <Text fz="sm" c={i.periodStart ? undefined : 'dimmed'} truncate="end">
            {i.periodStart ? format.dateRange(i.periodStart, i.periodEnd) : 'One-off'}
          </Text>
        ),
      },
      {
        header: 'Total',
        width: '80px',
        align: 'right',
        render: (i) => <Text fz="sm">{format.money(i.total, i.currency)}</Text>,
      },
      {
        header: 'Amount due',
        width: '104px',
        align: 'right',
        render: (i) => {
          const due = i.status === 'open' || i.status === 'uncollectible' ? i.amountDue : 0;
          return (
            <Text fz="sm" fw={due ? 600 : undefined} c={due ? undefined : 'dimmed'}>
              {format.money(due, i.currency)}
            </Text>
          );
        },
      },
      { header: 'Status', width: '100px', render: (i) => <InvoiceStatusBadge status={i.status} /> },
    ],
    [format],
  );

  const total = first.data?.total ?? 0;
  const allCount = counts.data?.all;
  const statusWord = STATUSES.find((s) => s.value === status)!.label.toLowerCase();
  const newInvoice = can('manager') ? (
    <Button leftSection={<IconFilePlus size={16} />} onClick={() => setCreating(true)}>
      New one-off invoice
    </Button>
  ) : undefined;

  return (
    <>
      <ListPage
        list={list}
        title="Invoices"
        actions={newInvoice}
        tabs={STATUSES}
        counts={counts.data}
        allTab="all"
        search={{ label: 'Search invoices', placeholder: 'Search by invoice number or member' }}
        query={first}
        total={total}
        summary={
          first.data
            ? `${format.number(total)} invoice${total === 1 ? '' : 's'}${
                allCount !== undefined && status !== 'all' ? ` of ${format.number(allCount)}` : ''
              }`
            : ''
        }
        noun={['invoice', 'invoices']}
        icon={<IconFileInvoice size={30} stroke={1.5} />}
        empty={{
          title: 'No invoices yet',
          description:
            'Starting a subscription issues its first invoice, and every renewal adds one. For anything else — a product, a late fee — make a one-off invoice.',
          actions: newInvoice,
        }}
        noMatch={{
          title: query
            ? `No ${status === 'all' ? '' : `${statusWord} `}invoices match “${query}”`
            : `No ${statusWord} invoices`,
          description: "Search by invoice number (or just its digits) or by the member's name.",
        }}
        table={{
          label: 'Invoices',
          columns,
          firstPage: first.data,
          pageKey,
          fetchPage,
          pageSize: PAGE_SIZE,
          onOpen: (i) => void navigate(`/invoices/${i.id}`),
          dimmed: (i) => i.status === 'void',
          resetKey: JSON.stringify(filter),
        }}
      />
      <InvoiceEditor opened={creating} onClose={() => setCreating(false)} />
    </>
  );
}
