import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Anchor, Button, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconCreditCard, IconRefresh } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { dateInZone } from '../../../../shared/dates';
import type { InputOf, Payment } from '../../../../shared/contract';
import { api } from '../../api';
import { useAuth } from '../../app/auth';
import { useFormat } from '../../app/format';
import { notifyError, notifySuccess } from '../../app/notify';
import { ListPage, useListState, type ListTab } from '../../components/ListPage';
import { usePagedList, type Column } from '../../components/VirtualTable';
import { PaymentDetails } from './PaymentTables';
import { METHOD_LABELS } from './labels';
import { PaymentStatusBadge } from './StatusBadges';

type Status = NonNullable<InputOf<'payments.list'>['status']>;
type Method = NonNullable<InputOf<'payments.list'>['method']>;
type Filter = { status: Status; method?: Method; query?: string };

const STATUSES: ListTab<Status>[] = [
  { value: 'succeeded', label: 'Succeeded' },
  { value: 'pending', label: 'Pending' },
  { value: 'requires_action', label: 'Needs member', onlyWhenAny: true },
  { value: 'failed', label: 'Failed', alert: 'red' },
  { value: 'refunded', label: 'Refunded' },
  { value: 'all', label: 'All' },
];
const METHODS: Method[] = ['card', 'cash', 'bank_transfer', 'card_terminal', 'other'];
const PAGE = 100;
/** With a date range, pages are read (newest first) until they pass its start; at most this many rows. */
const DATE_SCAN_LIMIT = 5_000;

const paymentKeys = {
  page: (filter: Filter, page: number) => ['payments', 'list', filter, page] as const,
  counts: (filter: Omit<Filter, 'status'>) => ['payments', 'counts', filter] as const,
  dated: (filter: Filter) => ['payments', 'dated', filter] as const,
};

/**
 * Every payment, newest first — cards charged through Stripe and money taken at the desk — by status,
 * with search, method and date filters; a row opens its invoice. Managers can ask Stripe for what
 * changed (settles charges whose answer was lost, reads refunds and disputes) and see what Recur could
 * not match.
 */
export function PaymentsPage() {
  const format = useFormat();
  const navigate = useNavigate();
  const { can } = useAuth();
  const list = useListState<Status>({
    tabs: STATUSES.map((s) => s.value),
    defaultTab: 'succeeded',
    debounceMs: 200,
  });
  const { tab: status, query } = list;
  const method = (METHODS as string[]).includes(list.param('method'))
    ? (list.param('method') as Method)
    : undefined;
  const from = list.param('from');
  const to = list.param('to');
  const dated = Boolean(from || to);

  const filter = useMemo<Filter>(() => ({ status, method, query }), [status, method, query]);
  const pageKey = useCallback((page: number) => paymentKeys.page(filter, page), [filter]);
  const fetchPage = useCallback(
    (offset: number, limit: number) => api.call('payments.list', { ...filter, limit, offset }),
    [filter],
  );
  const first = usePagedList(pageKey, fetchPage, PAGE);
  const counts = useQuery({
    queryKey: paymentKeys.counts({ method, query }),
    queryFn: () => api.call('payments.counts', { method, query }),
    staleTime: 10_000,
  });

  // The date range is applied here: pages are read newest first until they reach the range's start.
  const datedPages = useInfiniteQuery({
    queryKey: paymentKeys.dated(filter),
    queryFn: ({ pageParam }) => api.call('payments.list', { ...filter, limit: 500, offset: pageParam }),
    initialPageParam: 0,
    getNextPageParam: (last, all) => {
      const loaded = all.reduce((n, p) => n + p.items.length, 0);
      return loaded < last.total && loaded < DATE_SCAN_LIMIT ? loaded : undefined;
    },
    enabled: dated,
    placeholderData: keepPreviousData,
  });
  const localDay = useCallback((p: Payment) => dateInZone(new Date(p.createdAt), format.timeZone), [format]);
  const loadedDated = useMemo(() => datedPages.data?.pages.flatMap((p) => p.items) ?? [], [datedPages.data]);
  const oldestLoaded = loadedDated.at(-1);
  const needMore =
    dated &&
    datedPages.hasNextPage &&
    !datedPages.isFetchingNextPage &&
    (!from || (oldestLoaded !== undefined && localDay(oldestLoaded) >= from));
  const { fetchNextPage } = datedPages;
  useEffect(() => {
    if (needMore) void fetchNextPage();
  }, [needMore, fetchNextPage]);
  const datedRows = useMemo(
    () =>
      dated
        ? loadedDated.filter((p) => {
            const day = localDay(p);
            return (!from || day >= from) && (!to || day <= to);
          })
        : undefined,
    [dated, loadedDated, localDay, from, to],
  );

  const columns = useMemo<Column<Payment>[]>(
    () => [
      {
        header: 'Date',
        width: '150px',
        render: (p) => (
          <Text fz="sm" style={{ whiteSpace: 'nowrap' }}>
            {format.dateTime(p.createdAt)}
          </Text>
        ),
      },
      {
        header: 'Member',
        width: 'minmax(110px, 1fr)',
        render: (p) => (
          // The member's own page; the rest of the row opens the invoice.
          <Anchor
            component={Link}
            to={`/members/${p.memberId}?tab=payments`}
            fz="sm"
            fw={600}
            c="inherit"
            underline="hover"
            truncate="end"
            onClick={(e) => e.stopPropagation()}
            onKeyDown={(e) => e.stopPropagation()}
          >
            {p.memberName}
          </Anchor>
        ),
      },
      {
        header: 'Invoice',
        width: '96px',
        render: (p) => (
          <Text fz="sm" ff="monospace" c={p.invoiceNumber ? undefined : 'dimmed'}>
            {p.invoiceNumber ?? '—'}
          </Text>
        ),
      },
      { header: 'Method', width: '110px', render: (p) => <Text fz="sm">{METHOD_LABELS[p.method]}</Text> },
      {
        header: 'Amount',
        width: '96px',
        align: 'right',
        render: (p) => (
          <Text fz="sm" fw={600}>
            {format.money(p.amount, p.currency)}
          </Text>
        ),
      },
      {
        header: 'Details',
        width: 'minmax(160px, 1.6fr)',
        render: (p) => (
          <div style={{ minWidth: 0, overflow: 'hidden', maxHeight: 40 }}>
            <PaymentDetails payment={p} gatewayId="alone" />
          </div>
        ),
      },
      {
        header: 'Status',
        width: '146px',
        render: (p) => <PaymentStatusBadge status={p.status} refunded={p.amountRefunded} amount={p.amount} />,
      },
    ],
    [format],
  );

  const capped = first.data?.capped === true;
  const total = capped ? (first.data?.items.length ?? 0) : (first.data?.total ?? 0);
  const shownCount = datedRows ? datedRows.length : total;
  const statusLabel = STATUSES.find((s) => s.value === status)!.label.toLowerCase();

  return (
    <ListPage
      list={list}
      title="Payments"
      actions={can('manager') ? <CheckWithStripe /> : undefined}
      banner={can('manager') ? <GatewayIssues /> : undefined}
      tabs={STATUSES}
      counts={counts.data}
      emptyOnEveryTab
      search={{ label: 'Search payments', placeholder: 'Member, invoice number or transaction id' }}
      filters={
        <>
          <Select
            aria-label="Method"
            placeholder="All methods"
            data={METHODS.map((m) => ({ value: m, label: METHOD_LABELS[m] }))}
            value={method ?? null}
            onChange={(v) => list.setParam('method', v)}
            clearable
            w={170}
          />
          <TextInput
            aria-label="From"
            type="date"
            max={to || '9999-12-31'}
            value={from}
            onChange={(e) => list.setParam('from', e.currentTarget.value || null)}
            w={150}
          />
          <Text c="dimmed" fz="sm" pb={8}>
            to
          </Text>
          <TextInput
            aria-label="To"
            type="date"
            min={from || undefined}
            max="9999-12-31"
            value={to}
            onChange={(e) => list.setParam('to', e.currentTarget.value || null)}
            w={150}
          />
        </>
      }
      query={{
        ...first,
        // With dates, the rows come from the scan below: wait for its first pages too.
        isPending: first.isPending || (dated && datedPages.isPending),
        isFetching: first.isFetching || datedPages.isFetching,
      }}
      total={shownCount}
      summary={
        capped
          ? `${format.number(1000)}+ matches — keep typing to narrow it`
          : datedRows
            ? `${format.number(datedRows.length)} payment${datedRows.length === 1 ? '' : 's'} in these dates${
                datedPages.hasNextPage && !needMore ? ' (newest 5,000 searched)' : ''
              }`
            : undefined
      }
      noun={['payment', 'payments']}
      icon={<IconCreditCard size={30} stroke={1.5} />}
      empty={{
        title: status === 'all' ? 'No payments yet' : `No ${statusLabel} payments`,
        description:
          status === 'failed'
            ? 'Declined card charges appear here with the bank’s reason, so the desk can follow up.'
            : status === 'refunded'
              ? 'Payments that were given back, in full or in part, appear here.'
              : 'Cards are charged on invoices (by themselves for automatic subscriptions, or with Charge card); payments taken at the desk are recorded on an invoice with Record payment.',
      }}
      noMatch={{
        title: 'No payments match these filters',
        description:
          'Search by member name, number or email, an invoice number or a Stripe transaction id; or widen the dates.',
        keepTab: true,
      }}
      table={{
        label: 'Payments',
        columns,
        firstPage: first.data,
        pageKey,
        fetchPage,
        pageSize: PAGE,
        rows: datedRows ?? (capped ? first.data?.items : undefined),
        onOpen: (p) =>
          void navigate(p.invoiceId ? `/invoices/${p.invoiceId}` : `/members/${p.memberId}?tab=payments`),
        dimmed: (p) => p.status === 'failed',
        resetKey: JSON.stringify([filter, from, to]),
      }}
    />
  );
}

/** "Check with Stripe now": settles charges whose answer was lost and reads refunds and disputes. */
function CheckWithStripe() {
  const format = useFormat();
  const [result, setResult] = useState<{ text: string; at: Date } | null>(null);
  const check = useMutation({
    mutationFn: () => api.call('gateway.reconcile', {}),
    onSuccess: (r) => {
      const parts = [
        r.settled
          ? `${r.settled} pending charge${r.settled === 1 ? '' : 's'} settled`
          : 'nothing pending to settle',
        `${format.number(r.events)} event${r.events === 1 ? '' : 's'} read`,
        r.issues ? `${r.issues} new issue${r.issues === 1 ? '' : 's'} to look at` : 'no new issues',
      ];
      const text = `${parts.join(', ')}.`;
      setResult({ text: text[0]!.toUpperCase() + text.slice(1), at: new Date() });
      notifySuccess(text[0]!.toUpperCase() + text.slice(1), 'Checked with Stripe');
    },
    onError: (e) => notifyError(e, 'Stripe was not checked'),
  });
  return (
    <Stack gap={2} align="flex-end">
      <Button
        variant="default"
        leftSection={<IconRefresh size={16} />}
        loading={check.isPending}
        onClick={() => check.mutate()}
      >
        Check with Stripe now
      </Button>
      {result && (
        <Text fz="xs" c="dimmed" data-testid="reconcile-result" title={result.at.toISOString()}>
          {result.text}
        </Text>
      )}
    </Stack>
  );
}

/** What Recur found at Stripe and could not match: disputes, refunds made in Stripe's dashboard… */
function GatewayIssues() {
  const format = useFormat();
  const issues = useQuery({
    queryKey: ['payments', 'gatewayIssues'],
    queryFn: () => api.call('gateway.issues', {}),
    retry: false,
  });
  if (!issues.data || issues.data.length === 0) return null;
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconAlertTriangle size={18} />}
      title={`${issues.data.length} thing${issues.data.length === 1 ? '' : 's'} at Stripe need${
        issues.data.length === 1 ? 's' : ''
      } a look`}
      role="region"
      aria-label="Stripe issues"
    >
      <Stack gap={4}>
        {issues.data.slice(0, 6).map((i) => (
          <Text key={i.id} fz="sm">
            <Text span c="dimmed" fz="sm">
              {format.day(i.createdAt)} ·{' '}
            </Text>
            {i.summary}
          </Text>
        ))}
        {issues.data.length > 6 && (
          <Text fz="xs" c="dimmed">
            and {issues.data.length - 6} more
          </Text>
        )}
      </Stack>
    </Alert>
  );
}
