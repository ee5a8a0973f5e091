import { useCallback, useMemo, useState } from 'react';
import {
  Button,
  Group,
  Loader,
  ScrollArea,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconRepeat, IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import type { Subscription } from '../../../../shared/contract';
import { api } from '../../api';
import { useFormat } from '../../app/format';
import { Empty } from '../../components/Empty';
import { Page } from '../../components/Page';
import { usePagedList, VirtualTable, VirtualTableSkeleton, type Column } from '../../components/VirtualTable';
import { billingKeys, PAGE_SIZE, type SubscriptionFilter } from './keys';
import { nextBillingDate, SUBSCRIPTION_STATUS, subscriptionPrice } from './labels';
import { StartSubscriptionModal } from './StartSubscriptionModal';
import { SubscriptionStatusBadge } from './StatusBadges';

type Status = NonNullable<SubscriptionFilter['status']>;
const STATUSES: { value: Status; label: string }[] = [
  { value: 'live', label: 'Live' },
  { value: 'active', label: 'Active' },
  { value: 'trialing', label: 'Trialing' },
  { value: 'past_due', label: 'Past due' },
  { value: 'unpaid', label: 'Unpaid' },
  { value: 'paused', label: 'Paused' },
  { value: 'canceled', label: 'Canceled' },
  { value: 'all', label: 'All' },
];

export function SubscriptionsPage() {
  const format = useFormat();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [starting, setStarting] = useState(false);
  const status = (
    STATUSES.some((s) => s.value === params.get('status')) ? params.get('status') : 'live'
  ) as Status;
  const planId = Number(params.get('plan')) || undefined;
  const [debounced] = useDebouncedValue(search.trim(), 150);

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

  const plans = useQuery({
    queryKey: billingKeys.plans('all'),
    queryFn: () => api.call('plans.list', { status: 'all' }),
  });
  const filter = useMemo<SubscriptionFilter>(
    () => ({ status, planId, query: debounced || undefined }),
    [status, planId, debounced],
  );
  const pageKey = useCallback((page: number) => billingKeys.subscriptions(filter, page), [filter]);
  const fetchPage = useCallback(
    (offset: number, limit: number) => api.call('subscriptions.list', { ...filter, limit, offset }),
    [filter],
  );
  const first = usePagedList(pageKey, fetchPage, PAGE_SIZE);

  const columns = useMemo<Column<Subscription>[]>(
    () => [
      {
        header: 'Member',
        width: 'minmax(170px, 1.4fr)',
        render: (s) => (
          <div style={{ minWidth: 0 }}>
            <Text fz="sm" fw={600} truncate="end">
              {s.memberName}
            </Text>
            <Text fz="xs" c="dimmed" lh={1.1}>
              {s.memberNumber}
            </Text>
          </div>
        ),
      },
      {
        header: 'Plan',
        width: 'minmax(130px, 1fr)',
        render: (s) => (
          <Text fz="sm" truncate="end">
            {s.planName}
          </Text>
        ),
      },
      { header: 'Status', width: '110px', render: (s) => <SubscriptionStatusBadge status={s.status} /> },
      {
        header: 'Price',
        width: 'minmax(140px, 1fr)',
        render: (s) => (
          <Text fz="sm" truncate="end">
            {subscriptionPrice(format, s)}
          </Text>
        ),
      },
      {
        header: 'Current period',
        width: 'minmax(150px, 1fr)',
        render: (s) => (
          <Text fz="sm" truncate="end">
            {format.dateRange(s.currentPeriodStart, s.currentPeriodEnd)}
          </Text>
        ),
      },
      {
        header: 'Next billing',
        width: '130px',
        render: (s) => {
          const next = nextBillingDate(s);
          return (
            <Text fz="sm" c={next ? undefined : s.cancelAtPeriodEnd ? 'orange' : 'dimmed'} truncate="end">
              {next
                ? format.date(next)
                : s.cancelAtPeriodEnd && !SUBSCRIPTION_STATUS[s.status].ended
                  ? `Ends ${format.date(s.currentPeriodEnd)}`
                  : '—'}
            </Text>
          );
        },
      },
    ],
    [format],
  );

  const total = first.data?.total ?? 0;
  const filtered = Boolean(debounced || planId) || status !== 'all';
  let body;
  if (first.isPending) body = <VirtualTableSkeleton columns={columns} label="Subscriptions" />;
  else if (first.isError && !first.data)
    body = (
      <Empty
        icon={<IconRepeat size={30} stroke={1.5} />}
        title="Subscriptions could not be loaded"
        description={first.error.message}
        actions={<Button onClick={() => void first.refetch()}>Try again</Button>}
      />
    );
  else if (total === 0 && !filtered)
    body = (
      <Empty
        icon={<IconRepeat size={30} stroke={1.5} />}
        title="No subscriptions yet"
        description="A subscription puts a member on a plan and renews it while Recur is open. Start one here or from the member's page."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setStarting(true)}>
            Start subscription
          </Button>
        }
      />
    );
  else if (total === 0)
    body = (
      <Empty
        icon={<IconSearch size={30} stroke={1.5} />}
        title={
          debounced
            ? `No subscriptions match “${debounced}”`
            : `No ${status === 'all' || status === 'live' ? '' : `${SUBSCRIPTION_STATUS[status].label.toLowerCase()} `}subscriptions${planId ? ' on this plan' : ''}`
        }
        description="Search by the member's name, number or email, or look in All."
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
        label="Subscriptions"
        columns={columns}
        total={total}
        firstPage={first.data}
        pageKey={pageKey}
        fetchPage={fetchPage}
        pageSize={PAGE_SIZE}
        onOpen={(s) => void navigate(`/subscriptions/${s.id}`)}
        dimmed={(s) => Boolean(SUBSCRIPTION_STATUS[s.status].ended)}
        resetKey={JSON.stringify(filter)}
      />
    );

  return (
    <Page
      title="Subscriptions"
      fill
      actions={
        <Button leftSection={<IconPlus size={16} />} onClick={() => setStarting(true)}>
          Start subscription
        </Button>
      }
    >
      <Stack gap="sm">
        <ScrollArea type="never">
          <SegmentedControl
            aria-label="Subscription status"
            data={STATUSES}
            value={status}
            onChange={(v) => setParam('status', v === 'live' ? null : v)}
          />
        </ScrollArea>
        <Group gap="sm" wrap="nowrap">
          <TextInput
            aria-label="Search subscriptions"
            placeholder="Search by member name, number or email"
            leftSection={<IconSearch size={16} />}
            rightSection={first.isFetching && !first.isPending ? <Loader size={14} /> : undefined}
            value={search}
            onChange={(e) => {
              setSearch(e.currentTarget.value);
              setParam('q', e.currentTarget.value || null);
            }}
            style={{ flex: 1, maxWidth: 420 }}
          />
          <Select
            aria-label="Plan"
            placeholder="All plans"
            data={(plans.data ?? []).map((p) => ({
              value: String(p.id),
              label: p.status === 'archived' ? `${p.name} (archived)` : p.name,
            }))}
            value={planId ? String(planId) : null}
            onChange={(v) => setParam('plan', v)}
            clearable
            searchable
            w={220}
          />
          <Text c="dimmed" fz="sm" ml="auto" aria-live="polite" style={{ whiteSpace: 'nowrap' }}>
            {first.data ? `${format.number(total)} subscription${total === 1 ? '' : 's'}` : ''}
          </Text>
        </Group>
      </Stack>
      {body}
      <StartSubscriptionModal
        opened={starting}
        onClose={() => setStarting(false)}
        onStarted={(s) => void navigate(`/subscriptions/${s.id}`)}
      />
    </Page>
  );
}
