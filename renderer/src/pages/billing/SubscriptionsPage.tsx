import { useCallback, useMemo } from 'react';
import { Button, Select, Text } from '@mantine/core';
import { IconRepeat, IconShoppingCartPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { Subscription } from '../../../../shared/contract';
import { api } from '../../api';
import { useFormat } from '../../app/format';
import { ListPage, useListState, type ListTab } from '../../components/ListPage';
import { usePagedList, type Column } from '../../components/VirtualTable';
import { billingKeys, PAGE_SIZE, type SubscriptionFilter } from './keys';
import { nextBillingDate, SUBSCRIPTION_STATUS, subscriptionPrice } from './labels';
import { openSaleWizard } from '../sales/saleStore';
import { SubscriptionStatusBadge } from './StatusBadges';

type Status = NonNullable<SubscriptionFilter['status']>;
const STATUSES: ListTab<Status>[] = [
  { value: 'live', label: 'Live' },
  { value: 'active', label: 'Active' },
  { value: 'trialing', label: 'Trialing' },
  { value: 'past_due', label: 'Past due', alert: 'red' },
  { value: 'unpaid', label: 'Unpaid', alert: 'red' },
  { value: 'paused', label: 'Paused' },
  { value: 'canceled', label: 'Canceled' },
  { value: 'expired', label: 'Expired', onlyWhenAny: true },
  { value: 'incomplete', label: 'Awaiting payment', onlyWhenAny: true },
  { value: 'all', label: 'All' },
];

/** Every subscription by status (counts from the core), plan and member search; a row opens it. */
export function SubscriptionsPage() {
  const format = useFormat();
  const navigate = useNavigate();
  const list = useListState<Status>({ tabs: STATUSES.map((s) => s.value), defaultTab: 'live' });
  const { tab: status, query } = list;
  const planId = Number(list.param('plan')) || undefined;

  const plans = useQuery({
    queryKey: billingKeys.plans('all'),
    queryFn: () => api.call('plans.list', { status: 'all' }),
  });
  const filter = useMemo<SubscriptionFilter>(() => ({ status, planId, query }), [status, planId, query]);
  const pageKey = useCallback((page: number) => billingKeys.subscriptions(filter, page), [filter]);
  const fetchPage = useCallback(
    (offset: number, limit: number) => api.call('subscriptions.list', { ...filter, limit, offset }),
    [filter],
  );
  const first = usePagedList(pageKey, fetchPage, PAGE_SIZE);
  const counts = useQuery({
    queryKey: billingKeys.subscriptionCounts({ planId, query }),
    queryFn: () => api.call('subscriptions.counts', { planId, query }),
    staleTime: 10_000,
  });

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
  const statusWord =
    status === 'all' || status === 'live' ? '' : `${SUBSCRIPTION_STATUS[status].label.toLowerCase()} `;
  const start = (
    // Through the desk checkout: a membership starts paid, or as a sale's "pay later".
    <Button leftSection={<IconShoppingCartPlus size={16} />} onClick={() => openSaleWizard()}>
      Sell membership
    </Button>
  );

  return (
    <>
      <ListPage
        list={list}
        title="Subscriptions"
        actions={start}
        tabs={STATUSES}
        counts={counts.data}
        allTab="all"
        search={{ label: 'Search subscriptions', placeholder: 'Search by member name, number or email' }}
        filters={
          <Select
            aria-label="Plan"
            placeholder="All plans"
            data={(plans.data ?? []).map((p) => ({
              value: String(p.id),
              label: p.status === 'archived' ? `${p.name} (archived)` : p.name,
            }))}
            value={planId ? String(planId) : null}
            onChange={(v) => list.setParam('plan', v)}
            clearable
            searchable
            w={220}
          />
        }
        query={first}
        total={total}
        noun={['subscription', 'subscriptions']}
        icon={<IconRepeat size={30} stroke={1.5} />}
        empty={{
          title: 'No subscriptions yet',
          description:
            "A subscription puts a member on a plan and renews it while Recur is open. Sell a membership here or from the member's page.",
          actions: start,
        }}
        noMatch={{
          title: query
            ? `No ${statusWord}subscriptions match “${query}”`
            : `No ${statusWord}subscriptions${planId ? ' on this plan' : ''}`,
          description: "Search by the member's name, number or email, or look in All.",
        }}
        table={{
          label: 'Subscriptions',
          columns,
          firstPage: first.data,
          pageKey,
          fetchPage,
          pageSize: PAGE_SIZE,
          onOpen: (s) => void navigate(`/subscriptions/${s.id}`),
          dimmed: (s) => Boolean(SUBSCRIPTION_STATUS[s.status].ended),
          resetKey: JSON.stringify(filter),
        }}
      />
    </>
  );
}
