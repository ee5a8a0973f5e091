import { useState } from 'react';
import { Alert, Button, Center, Group, SegmentedControl, Skeleton, Text } from '@mantine/core';
import { IconCreditCard, IconInfoCircle, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import type { Payment } from '../../../../shared/contract';
import { api } from '../../api';
import { useFormat } from '../../app/format';
import { Empty } from '../../components/Empty';
import { MemberPicker } from '../../components/MemberPicker';
import { Page } from '../../components/Page';
import { DESK_METHODS, METHOD_LABELS } from './labels';
import { PaymentsTable } from './PaymentTables';

const PAGE = 100;
type MethodFilter = 'all' | Payment['method'];

/** Every payment taken, newest first: at the desk today; by card with the payments release. */
export function PaymentsPage() {
  const format = useFormat();
  const [memberId, setMemberId] = useState<number | null>(null);
  const [method, setMethod] = useState<MethodFilter>('all');
  const payments = useInfiniteQuery({
    queryKey: ['payments', 'list', { memberId: memberId ?? undefined }, 'infinite'],
    queryFn: ({ pageParam }) =>
      api.call('payments.list', {
        memberId: memberId ?? undefined,
        status: 'all',
        limit: PAGE,
        offset: pageParam,
      }),
    initialPageParam: 0,
    getNextPageParam: (last, all) => {
      const loaded = all.reduce((n, p) => n + p.items.length, 0);
      return loaded < last.total ? loaded : undefined;
    },
    placeholderData: keepPreviousData,
  });
  const loaded = payments.data?.pages.flatMap((p) => p.items) ?? [];
  const total = payments.data?.pages[0]?.total ?? 0;
  // payments.list has no method filter yet, so the method is applied to the pages loaded so far.
  const rows = method === 'all' ? loaded : loaded.filter((p) => p.method === method);
  const filtered = memberId !== null || method !== 'all';

  let body;
  if (payments.isPending) body = <Skeleton height={240} radius="lg" />;
  else if (payments.isError && !payments.data)
    body = (
      <Empty
        icon={<IconCreditCard size={30} stroke={1.5} />}
        title="Payments could not be loaded"
        description={payments.error.message}
        actions={<Button onClick={() => void payments.refetch()}>Try again</Button>}
      />
    );
  else if (rows.length === 0 && !filtered)
    body = (
      <Empty
        icon={<IconCreditCard size={30} stroke={1.5} />}
        title="No payments yet"
        description="Payments taken at the desk are recorded on an invoice: open an invoice and choose Record payment."
      />
    );
  else if (rows.length === 0)
    body = (
      <Empty
        icon={<IconSearch size={30} stroke={1.5} />}
        title="No payments match these filters"
        description={
          payments.hasNextPage
            ? 'None among the payments loaded so far; load older ones or clear the filters.'
            : 'Choose another member or method, or clear the filters.'
        }
        actions={
          <Group gap="sm">
            {payments.hasNextPage && (
              <Button variant="default" onClick={() => void payments.fetchNextPage()}>
                Load older payments
              </Button>
            )}
            <Button
              variant="default"
              onClick={() => {
                setMemberId(null);
                setMethod('all');
              }}
            >
              Clear filters
            </Button>
          </Group>
        }
      />
    );
  else
    body = (
      <>
        <PaymentsTable rows={rows} />
        {payments.hasNextPage && (
          <Center>
            <Button
              variant="subtle"
              loading={payments.isFetchingNextPage}
              onClick={() => void payments.fetchNextPage()}
            >
              Show older payments
            </Button>
          </Center>
        )}
      </>
    );

  return (
    <Page title="Payments" maxWidth={1180}>
      <Alert color="brand" variant="light" icon={<IconInfoCircle size={18} />}>
        <Text fz="sm">
          Recur records payments taken at the desk — cash, bank transfer, a card terminal — on each invoice.
          Card payments through Stripe, saved cards and refunds to cards arrive with the next release; nothing
          here charges a card.
        </Text>
      </Alert>
      <Group gap="sm" wrap="nowrap" align="center">
        <MemberPicker
          aria-label="Member"
          placeholder="Search payments by member"
          value={memberId}
          onChange={(id) => setMemberId(id)}
          w={360}
        />
        <SegmentedControl
          aria-label="Method"
          data={[
            { value: 'all', label: 'All methods' },
            ...DESK_METHODS.map((m) => ({ value: m, label: METHOD_LABELS[m] })),
          ]}
          value={method}
          onChange={(v) => setMethod(v as MethodFilter)}
        />
        <Text c="dimmed" fz="sm" ml="auto" aria-live="polite" style={{ whiteSpace: 'nowrap' }}>
          {payments.data
            ? method === 'all'
              ? `${format.number(total)} payment${total === 1 ? '' : 's'}`
              : `${format.number(rows.length)} of ${format.number(loaded.length)} loaded`
            : ''}
        </Text>
      </Group>
      {body}
    </Page>
  );
}
