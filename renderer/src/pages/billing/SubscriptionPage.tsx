import { type ReactNode } from 'react';
import {
  Anchor,
  Breadcrumbs,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Timeline,
  Title,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconArrowsExchange,
  IconCash,
  IconCircleDot,
  IconFileInvoice,
  IconHistory,
  IconPlayerPause,
  IconPlayerPlay,
  IconRepeat,
  IconRepeatOff,
  IconTicket,
  IconX,
  type Icon,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import type { BillingEvent, Subscription } from '../../../../shared/contract';
import { api } from '../../api';
import { useFormat } from '../../app/format';
import { Empty } from '../../components/Empty';
import { Page } from '../../components/Page';
import { InvoiceList } from './InvoiceList';
import { billingKeys } from './keys';
import { nextBillingDate, subscriptionPrice } from './labels';
import { Fact } from './MemberBilling';
import { SubscriptionActions } from './SubscriptionActions';
import { UnpaidSales } from '../sales/UnpaidSales';
import { SubscriptionNotices } from './SubscriptionNotices';
import { SubscriptionStatusBadge } from './StatusBadges';

export function SubscriptionPage() {
  const id = Number(useParams().id);
  const valid = Number.isInteger(id) && id > 0;
  const sub = useQuery({
    queryKey: billingKeys.subscription(id),
    queryFn: () => api.call('subscriptions.get', { id }),
    enabled: valid,
  });
  if (!valid || (sub.isError && !sub.data)) {
    return (
      <Page title="Subscription">
        <Empty
          icon={<IconRepeatOff size={30} stroke={1.5} />}
          title="This subscription could not be found"
          description={sub.error?.message ?? 'The link may be out of date.'}
          actions={
            <Button component={Link} to="/subscriptions">
              Back to subscriptions
            </Button>
          }
        />
      </Page>
    );
  }
  if (!sub.data) {
    return (
      <Page title={<Skeleton height={30} width={260} />} maxWidth={1180}>
        <Skeleton height={160} radius="lg" />
        <Skeleton height={260} radius="lg" />
      </Page>
    );
  }
  return <SubscriptionView sub={sub.data} />;
}

function SubscriptionView({ sub: s }: { sub: Subscription }) {
  const format = useFormat();
  const next = nextBillingDate(s);
  return (
    <Page
      maxWidth={1180}
      title={
        <Stack gap={6}>
          <Breadcrumbs fz="sm">
            <Anchor component={Link} to="/subscriptions">
              Subscriptions
            </Anchor>
            <Anchor component={Link} to={`/members/${s.memberId}?tab=subscriptions`}>
              {s.memberName}
            </Anchor>
            <Text fz="sm" c="dimmed">
              {s.planName}
            </Text>
          </Breadcrumbs>
          <Group gap="sm">
            <Title order={1} fz={26}>
              {s.planName}
            </Title>
            <SubscriptionStatusBadge status={s.status} size="lg" />
          </Group>
          <Text fz="sm" c="dimmed">
            <Anchor component={Link} to={`/members/${s.memberId}`} fz="sm">
              {s.memberName}
            </Anchor>{' '}
            · {s.memberNumber} · {subscriptionPrice(format, s)}
          </Text>
        </Stack>
      }
      actions={<SubscriptionActions sub={s} />}
    >
      <Paper withBorder radius="lg" p="lg">
        <Stack gap="md">
          <SimpleGrid cols={4} spacing="lg" verticalSpacing="md">
            <Fact label="Member">
              <Anchor component={Link} to={`/members/${s.memberId}`} fz="sm" fw={500}>
                {s.memberName}
              </Anchor>
            </Fact>
            <Fact label="Plan">{s.planName}</Fact>
            <Fact label="Price">{subscriptionPrice(format, s)}</Fact>
            <Fact label="Status">
              <SubscriptionStatusBadge status={s.status} size="sm" />
            </Fact>
            <Fact label={s.status === 'trialing' ? 'Trial' : 'Current period'}>
              {format.dateRange(s.currentPeriodStart, s.currentPeriodEnd)}
            </Fact>
            <Fact label="Next billing date">{next ? format.date(next) : '—'}</Fact>
            <Fact label="Coupon">{s.couponCode ?? '—'}</Fact>
            <Fact label="Payment">{s.collection === 'manual' ? 'At the desk' : 'Automatic (card)'}</Fact>
            <Fact label="Started">{format.date(s.startDate)}</Fact>
            <Fact label="Billing day">{s.billingDay ?? 'Same day as the start'}</Fact>
            <Fact label="Periods billed">{format.number(s.cyclesBilled)}</Fact>
            {s.trialEnd && <Fact label="Trial ends">{format.date(s.trialEnd)}</Fact>}
          </SimpleGrid>
          <SubscriptionNotices sub={s} />
          {s.status === 'incomplete' && <UnpaidSales subscriptionId={s.id} />}
        </Stack>
      </Paper>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Stack gap="sm">
          <Text fw={600}>Timeline</Text>
          <BillingTimeline id={s.id} />
        </Stack>
        <Stack gap="sm">
          <Text fw={600}>Invoices</Text>
          <InvoiceList
            filter={{ subscriptionId: s.id, status: 'all' }}
            compact
            emptyTitle="No invoices yet"
            emptyDescription="The first invoice comes when the trial ends or the subscription starts."
          />
        </Stack>
      </SimpleGrid>
    </Page>
  );
}

const EVENT_LOOK: Array<[RegExp, Icon, string]> = [
  [/^invoice\.paid|^payment\.succeeded/, IconCash, 'green'],
  [/^invoice\.(voided|uncollectible|overdue)|past_due|unpaid|payment\.failed/, IconAlertTriangle, 'orange'],
  [/^invoice\./, IconFileInvoice, 'brand'],
  [/cancel|expired/, IconX, 'red'],
  [/paused/, IconPlayerPause, 'gray'],
  [/resumed|reactivated/, IconPlayerPlay, 'green'],
  [/plan_change/, IconArrowsExchange, 'brand'],
  [/coupon/, IconTicket, 'grape'],
  [/renewed|created|trial/, IconRepeat, 'blue'],
];

function look(type: string): { icon: Icon; color: string } {
  const found = EVENT_LOOK.find(([re]) => re.test(type));
  return found ? { icon: found[1], color: found[2] } : { icon: IconCircleDot, color: 'gray' };
}

/** The subscription's billing events in order: what happened, on which billing date, who did it. */
function BillingTimeline({ id }: { id: number }) {
  const format = useFormat();
  const events = useQuery({
    queryKey: billingKeys.events(id),
    queryFn: () => api.call('subscriptions.events', { id }),
  });
  if (events.isPending) return <Skeleton height={200} radius="lg" />;
  if (events.isError) return <Text c="red">{events.error.message}</Text>;
  if (events.data.length === 0)
    return (
      <Empty icon={<IconHistory size={30} stroke={1.5} />} title="Nothing has happened yet" description="" />
    );
  // "Invoice created" is noise next to "Invoice INV-… issued" for the same invoice (renewals do both).
  const issued = new Set(events.data.filter((e) => e.type === 'invoice.finalized').map((e) => e.invoiceId));
  // Newest first: what the desk asks about is usually the latest thing.
  const list: BillingEvent[] = events.data
    .filter((e) => !(e.type === 'invoice.created' && issued.has(e.invoiceId)))
    .reverse();
  return (
    <Paper withBorder radius="lg" p="lg">
      <Timeline bulletSize={26} lineWidth={2} aria-label="Billing timeline">
        {list.map((e) => {
          const { icon: I, color } = look(e.type);
          const body: ReactNode = (
            <Text fz="sm" style={{ overflowWrap: 'anywhere' }}>
              {format.text(e.summary)}
            </Text>
          );
          return (
            <Timeline.Item
              key={e.id}
              bullet={
                <ThemeIcon size={26} radius="xl" variant="light" color={color}>
                  <I size={14} />
                </ThemeIcon>
              }
              title={
                <Group gap="xs" justify="space-between" wrap="nowrap">
                  <Text fz="sm" fw={600}>
                    {format.date(e.effectiveDate)}
                  </Text>
                  {e.invoiceId && (
                    <Anchor component={Link} to={`/invoices/${e.invoiceId}`} fz="xs">
                      Invoice
                    </Anchor>
                  )}
                </Group>
              }
            >
              {body}
              <Text fz="xs" c="dimmed">
                Recorded {format.dateTime(e.createdAt)}
              </Text>
            </Timeline.Item>
          );
        })}
      </Timeline>
    </Paper>
  );
}
