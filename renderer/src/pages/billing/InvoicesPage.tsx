import { useCallback, useMemo, useState } from 'react';
import { Badge, Button, Group, Loader, Tabs, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconFileInvoice, IconFilePlus, IconSearch } from '@tabler/icons-react';
import { useQueries } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import type { Invoice } from '../../../../shared/contract';
import { api } from '../../api';
import { useAuth } from '../../app/auth';
import { useFormat } from '../../app/format';
import { Empty } from '../../components/Empty';
import { Page } from '../../components/Page';
import { usePagedList, VirtualTable, VirtualTableSkeleton, type Column } from '../../components/VirtualTable';
import { InvoiceEditor } from './InvoiceEditor';
import { billingKeys, PAGE_SIZE, type InvoiceFilter } from './keys';
import { invoiceName } from './labels';
import { InvoiceStatusBadge } from './StatusBadges';

type Status = NonNullable<InvoiceFilter['status']>;
const STATUSES: { value: Status; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'draft', label: 'Draft' },
  { value: 'open', label: 'Open' },
  { value: 'paid', label: 'Paid' },
  { value: 'void', label: 'Void' },
  { value: 'uncollectible', label: 'Uncollectible' },
];

export function InvoicesPage() {
  const format = useFormat();
  const navigate = useNavigate();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [creating, setCreating] = useState(false);
  const status = (
    STATUSES.some((s) => s.value === params.get('status')) ? params.get('status') : 'all'
  ) as Status;
  const [debounced] = useDebouncedValue(search.trim(), 200);

  const setParam = (key: string, value: string | null) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  const filter = useMemo<InvoiceFilter>(
    () => ({ status, query: debounced || undefined }),
    [status, debounced],
  );
  const pageKey = useCallback((page: number) => billingKeys.invoices(filter, page), [filter]);
  const fetchPage = useCallback(
    (offset: number, limit: number) => api.call('invoices.list', { ...filter, limit, offset }),
    [filter],
  );
  const first = usePagedList(pageKey, fetchPage, PAGE_SIZE);
  // A count per status tab: one row each, the core counts the rest.
  const counts = useQueries({
    queries: STATUSES.map((s) => ({
      queryKey: billingKeys.invoiceCount(s.value, debounced),
      queryFn: () => api.call('invoices.list', { status: s.value, query: debounced || undefined, limit: 1 }),
      staleTime: 10_000,
    })),
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
  const allCount = counts[0]?.data?.total;
  let body;
  if (first.isPending) body = <VirtualTableSkeleton columns={columns} label="Invoices" />;
  else if (first.isError && !first.data)
    body = (
      <Empty
        icon={<IconFileInvoice size={30} stroke={1.5} />}
        title="Invoices could not be loaded"
        description={first.error.message}
        actions={<Button onClick={() => void first.refetch()}>Try again</Button>}
      />
    );
  else if (total === 0 && !debounced && status === 'all')
    body = (
      <Empty
        icon={<IconFileInvoice size={30} stroke={1.5} />}
        title="No invoices yet"
        description="Starting a subscription issues its first invoice, and every renewal adds one. For anything else — a product, a late fee — make a one-off invoice."
        actions={
          can('manager') ? (
            <Button leftSection={<IconFilePlus size={16} />} onClick={() => setCreating(true)}>
              New one-off invoice
            </Button>
          ) : undefined
        }
      />
    );
  else if (total === 0)
    body = (
      <Empty
        icon={<IconSearch size={30} stroke={1.5} />}
        title={
          debounced
            ? `No ${status === 'all' ? '' : `${STATUSES.find((s) => s.value === status)!.label.toLowerCase()} `}invoices match “${debounced}”`
            : `No ${STATUSES.find((s) => s.value === status)!.label.toLowerCase()} invoices`
        }
        description="Search by invoice number (or just its digits) or by the member's name."
        actions={
          <Button
            variant="default"
            onClick={() => {
              setSearch('');
              setParams(new URLSearchParams(), { replace: true });
            }}
          >
            Clear search and filters
          </Button>
        }
      />
    );
  else
    body = (
      <VirtualTable
        label="Invoices"
        columns={columns}
        total={total}
        firstPage={first.data}
        pageKey={pageKey}
        fetchPage={fetchPage}
        pageSize={PAGE_SIZE}
        onOpen={(i) => void navigate(`/invoices/${i.id}`)}
        dimmed={(i) => i.status === 'void'}
        resetKey={JSON.stringify(filter)}
      />
    );

  return (
    <Page
      title="Invoices"
      fill
      actions={
        can('manager') ? (
          <Button leftSection={<IconFilePlus size={16} />} onClick={() => setCreating(true)}>
            New one-off invoice
          </Button>
        ) : undefined
      }
    >
      <Tabs
        value={status}
        onChange={(v) => setParam('status', v === 'all' ? null : v)}
        variant="pills"
        radius="md"
      >
        <Tabs.List>
          {STATUSES.map((s, i) => {
            const n = counts[i]?.data?.total;
            return (
              <Tabs.Tab
                key={s.value}
                value={s.value}
                rightSection={
                  n !== undefined ? (
                    <Badge
                      size="sm"
                      variant={status === s.value ? 'white' : 'light'}
                      color={status === s.value ? 'dark' : 'gray'}
                      circle={n < 10}
                    >
                      {format.number(n)}
                    </Badge>
                  ) : undefined
                }
              >
                {s.label}
              </Tabs.Tab>
            );
          })}
        </Tabs.List>
      </Tabs>
      <Group gap="sm" wrap="nowrap">
        <TextInput
          aria-label="Search invoices"
          placeholder="Search by invoice number or member"
          leftSection={<IconSearch size={16} />}
          rightSection={first.isFetching && !first.isPending ? <Loader size={14} /> : undefined}
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            setParam('q', e.currentTarget.value || null);
          }}
          style={{ flex: 1, maxWidth: 420 }}
        />
        <Text c="dimmed" fz="sm" ml="auto" aria-live="polite">
          {first.data ? `${format.number(total)} invoice${total === 1 ? '' : 's'}` : ''}
          {allCount !== undefined && status !== 'all' ? ` of ${format.number(allCount)}` : ''}
        </Text>
      </Group>
      {body}
      <InvoiceEditor opened={creating} onClose={() => setCreating(false)} />
    </Page>
  );
}
