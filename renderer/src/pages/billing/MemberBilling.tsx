import { useState, type ReactNode } from 'react';
import {
  Anchor,
  Button,
  Center,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import {
  IconCash,
  IconCreditCard,
  IconFilePlus,
  IconShoppingCartPlus,
  IconReceiptRefund,
  IconRepeat,
} from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Member, Payment, Subscription } from '../../../../shared/contract';
import { api } from '../../api';
import { useAuth } from '../../app/auth';
import { useFormat } from '../../app/format';
import { Empty } from '../../components/Empty';
import { openSaleWizard } from '../sales/saleStore';
import { RefundModal, refundable } from './CardPayments';
import { InvoiceEditor } from './InvoiceEditor';
import { InvoiceList } from './InvoiceList';
import { billingKeys } from './keys';
import { PayOutCreditModal } from './PayOutCredit';
import { nextBillingDate, SUBSCRIPTION_STATUS, subscriptionPrice } from './labels';
import { CreditNotesTable, PaymentsTable } from './PaymentTables';
import { SubscriptionActions } from './SubscriptionActions';
import { SubscriptionNotices } from './SubscriptionNotices';
import { SubscriptionStatusBadge } from './StatusBadges';

/** What the member owes and holds, for the member header (right of the tabs). */
export function MemberBillingSummary({ member }: { member: Member }) {
  const format = useFormat();
  const { can } = useAuth();
  const [payingOut, setPayingOut] = useState(false);
  const summary = useQuery({
    queryKey: billingKeys.memberSummary(member.id),
    queryFn: () => api.call('billing.memberSummary', { memberId: member.id }),
  });
  if (!summary.data) return summary.isPending ? <Skeleton height={34} width={220} radius="md" /> : null;
  const s = summary.data;
  return (
    <Group gap="xl" wrap="nowrap" aria-label="Billing summary" role="group">
      <Figure
        label="Amount due"
        value={format.money(s.amountDue, s.currency)}
        hint={
          s.openInvoices
            ? `${s.openInvoices} open invoice${s.openInvoices === 1 ? '' : 's'}`
            : 'No open invoices'
        }
        color={s.amountDue > 0 ? 'orange' : undefined}
        testId="member-amount-due"
      />
      <Group gap="sm" wrap="nowrap">
        {s.balance > 0 && can('manager') && (
          <Button
            size="compact-sm"
            variant="light"
            color="teal"
            leftSection={<IconCash size={14} />}
            onClick={() => setPayingOut(true)}
          >
            Pay out credit
          </Button>
        )}
        <Figure
          label="Credit balance"
          value={format.money(s.balance, s.currency)}
          hint="Used automatically on the next invoices"
          color={s.balance > 0 ? 'teal' : undefined}
          testId="member-balance"
        />
      </Group>
      <PayOutCreditModal member={member} summary={s} opened={payingOut} onClose={() => setPayingOut(false)} />
    </Group>
  );
}

function Figure({
  label,
  value,
  hint,
  color,
  testId,
}: {
  label: string;
  value: string;
  hint: string;
  color?: string;
  testId: string;
}) {
  return (
    <Tooltip label={hint}>
      <div style={{ textAlign: 'right' }}>
        <Text fz="xs" c="dimmed" fw={500} lh={1.2}>
          {label}
        </Text>
        <Text fz="md" fw={700} c={color} data-testid={testId} lh={1.3}>
          {value}
        </Text>
      </div>
    </Tooltip>
  );
}

/** The member's Subscriptions tab: each subscription with its state, next renewal and actions. */
export function MemberSubscriptions({ member }: { member: Member }) {
  const subs = useQuery({
    queryKey: billingKeys.subscriptions({ memberId: member.id, status: 'all' }, 0),
    queryFn: () => api.call('subscriptions.list', { memberId: member.id, status: 'all', limit: 200 }),
  });
  const canStart = member.status === 'active';
  // A membership starts through the desk checkout only, so nothing starts unpaid by mistake.
  const startButton = canStart ? (
    <Button
      leftSection={<IconShoppingCartPlus size={16} />}
      onClick={() =>
        openSaleWizard({ id: member.id, firstName: member.firstName, lastName: member.lastName })
      }
    >
      Sell membership
    </Button>
  ) : undefined;

  let body: ReactNode;
  if (subs.isPending) body = <Skeleton height={140} radius="lg" />;
  else if (subs.isError)
    body = (
      <Empty
        icon={<IconRepeat size={30} stroke={1.5} />}
        title="Subscriptions could not be loaded"
        description={subs.error.message}
      />
    );
  else if (subs.data.items.length === 0)
    body = (
      <Empty
        icon={<IconRepeat size={30} stroke={1.5} />}
        title={`${member.firstName} has no subscriptions yet`}
        description={
          canStart
            ? 'Sell them a membership: you see exactly what is billed, then take the payment.'
            : 'Restore the member to sell them a membership.'
        }
        actions={startButton}
      />
    );
  else {
    // Live first (newest first within), then the ended ones.
    const items = [...subs.data.items].sort(
      (a, b) =>
        Number(SUBSCRIPTION_STATUS[a.status].ended ?? false) -
        Number(SUBSCRIPTION_STATUS[b.status].ended ?? false),
    );
    body = (
      <Stack gap="md">
        {items.map((s) => (
          <SubscriptionCard key={s.id} sub={s} />
        ))}
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      {subs.data && subs.data.items.length > 0 && (
        <Group justify="space-between">
          <Text c="dimmed" fz="sm">
            {subs.data.total} subscription{subs.data.total === 1 ? '' : 's'}
          </Text>
          {startButton}
        </Group>
      )}
      {body}
    </Stack>
  );
}

function SubscriptionCard({ sub: s }: { sub: Subscription }) {
  const format = useFormat();
  const ended = SUBSCRIPTION_STATUS[s.status].ended;
  const next = nextBillingDate(s);
  return (
    <Paper withBorder radius="lg" p="lg" aria-label={`Subscription to ${s.planName}`} role="article">
      <Stack gap="md" style={{ opacity: ended ? 0.7 : 1 }}>
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div style={{ minWidth: 0 }}>
            <Group gap="sm" wrap="nowrap">
              <Title order={3} fz="lg">
                <Anchor component={Link} to={`/subscriptions/${s.id}`} inherit>
                  {s.planName}
                </Anchor>
              </Title>
              <SubscriptionStatusBadge status={s.status} />
            </Group>
            <Text fz="sm" c="dimmed" mt={2}>
              {subscriptionPrice(format, s)} · since {format.date(s.startDate)}
            </Text>
          </div>
          <Group gap="xs" wrap="nowrap">
            <Button component={Link} to={`/subscriptions/${s.id}`} variant="subtle" size="sm">
              Details
            </Button>
            <SubscriptionActions sub={s} />
          </Group>
        </Group>
        <SimpleGrid cols={4} spacing="md">
          <Fact label={s.status === 'trialing' ? 'Trial' : 'Current period'}>
            {format.dateRange(s.currentPeriodStart, s.currentPeriodEnd)}
          </Fact>
          <Fact label="Next billing date">{next ? format.date(next) : '—'}</Fact>
          <Fact label="Coupon">{s.couponCode ?? '—'}</Fact>
          <Fact label="Payment">{s.collection === 'manual' ? 'At the desk' : 'Automatic (card)'}</Fact>
        </SimpleGrid>
        <SubscriptionNotices sub={s} />
      </Stack>
    </Paper>
  );
}

export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div style={{ minWidth: 0 }}>
      <Text fz="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      <Text fz="sm" fw={500} component="div">
        {children}
      </Text>
    </div>
  );
}

/** The member's Invoices tab, with a one-off invoice for anything outside a plan. */
export function MemberInvoices({ member }: { member: Member }) {
  const { can } = useAuth();
  const [creating, setCreating] = useState(false);
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text c="dimmed" fz="sm">
          Every invoice issued to {member.firstName}: subscriptions bill themselves; add one-off invoices for
          a product or a late fee.
        </Text>
        {can('manager') && (
          <Button
            variant="default"
            leftSection={<IconFilePlus size={16} />}
            onClick={() => setCreating(true)}
          >
            New one-off invoice
          </Button>
        )}
      </Group>
      <InvoiceList
        filter={{ memberId: member.id, status: 'all' }}
        emptyTitle={`No invoices for ${member.firstName} yet`}
        emptyDescription="Starting a subscription issues the first invoice; renewals add the next ones."
      />
      <InvoiceEditor opened={creating} onClose={() => setCreating(false)} member={member} />
    </Stack>
  );
}

/** The member's Payments tab: payments taken and credit notes issued. */
export function MemberPayments({ member }: { member: Member }) {
  const { can } = useAuth();
  const [refunding, setRefunding] = useState<Payment | null>(null);
  const payments = useInfiniteQuery({
    queryKey: ['payments', 'list', { memberId: member.id }, 'infinite'],
    queryFn: ({ pageParam }) =>
      api.call('payments.list', { memberId: member.id, status: 'all', limit: 100, offset: pageParam }),
    initialPageParam: 0,
    getNextPageParam: (last, all) => {
      const loaded = all.reduce((n, p) => n + p.items.length, 0);
      return loaded < last.total ? loaded : undefined;
    },
  });
  const notes = useQuery({
    queryKey: billingKeys.creditNotes({ memberId: member.id }),
    queryFn: () => api.call('creditNotes.list', { memberId: member.id }),
  });
  const rows = payments.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack gap="lg">
      <Stack gap="sm">
        <Text fw={600}>Payments</Text>
        {payments.isPending ? (
          <Skeleton height={100} radius="lg" />
        ) : payments.isError ? (
          <Text c="red">{payments.error.message}</Text>
        ) : rows.length === 0 ? (
          <Empty
            icon={<IconCreditCard size={30} stroke={1.5} />}
            title={`No payments from ${member.firstName} yet`}
            description="Card payments appear here as they are charged; payments taken at the desk are recorded on an invoice with Record payment."
          />
        ) : (
          <>
            <PaymentsTable
              rows={rows}
              showMember={false}
              label="Member payments"
              actions={
                can('manager')
                  ? (p) =>
                      p.status === 'succeeded' && refundable(p) > 0 ? (
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          color="grape"
                          leftSection={<IconReceiptRefund size={14} />}
                          onClick={() => setRefunding(p)}
                        >
                          Refund
                        </Button>
                      ) : null
                  : undefined
              }
            />
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
        )}
      </Stack>
      <Stack gap="sm">
        <Text fw={600}>Credit notes</Text>
        {notes.isPending ? (
          <Skeleton height={60} radius="lg" />
        ) : notes.isError ? (
          <Text c="red">{notes.error.message}</Text>
        ) : notes.data.length === 0 ? (
          <Empty
            icon={<IconReceiptRefund size={30} stroke={1.5} />}
            title="No credit notes"
            description="Corrections to issued invoices (refunds of unused time, write-offs) appear here."
          />
        ) : (
          <CreditNotesTable rows={notes.data} />
        )}
      </Stack>
      <RefundModal payment={refunding} onClose={() => setRefunding(null)} />
    </Stack>
  );
}
