import { type ReactNode } from 'react';
import {
  Avatar,
  Badge,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  UnstyledButton,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconArchive,
  IconFileInvoice,
  IconRepeat,
  IconFileImport,
  IconPlus,
  IconUsers,
  IconUserCheck,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api';
import { useAuth } from '../../app/auth';
import { useFormat } from '../../app/format';
import { Empty } from '../../components/Empty';
import { initials } from '../../components/initials';
import { Page } from '../../components/Page';
import { fullName, memberKeys } from '../members/queries';
import classes from './DashboardPage.module.css';
import { DigestPanel } from '../messages/DigestPanel';
import { BusinessGlance } from './BusinessGlance';

const RECENT = 6;

export function DashboardPage() {
  const { operator, business, can } = useAuth();
  const navigate = useNavigate();
  const format = useFormat();
  // Totals come from the list's count: one row fetched, the core counts the rest.
  const active = useQuery({
    queryKey: memberKeys.count('active'),
    queryFn: () => api.call('members.list', { status: 'active', limit: 1 }),
  });
  const archived = useQuery({
    queryKey: memberKeys.count('archived'),
    queryFn: () => api.call('members.list', { status: 'archived', limit: 1 }),
  });
  const recent = useQuery({
    queryKey: memberKeys.recent,
    queryFn: async () =>
      (await api.call('members.list', { status: 'all', sort: 'newest', limit: RECENT })).items,
  });
  // The greeting follows the business's clock (the core's; the test clock when it is on).
  const clock = useQuery({ queryKey: ['reports', 'today'], queryFn: () => api.call('reports.today', {}) });
  const hour = clock.data?.hour ?? 12;
  const greeting = hour < 12 ? 'Good morning' : hour < 18 ? 'Good afternoon' : 'Good evening';

  return (
    <Page
      title={`${greeting}, ${operator?.name.split(' ')[0] ?? ''}`}
      description={`Here is how ${business?.name ?? 'your business'} is doing${clock.data ? ` on ${format.date(clock.data.today)}` : ' today'}.`}
      maxWidth={1180}
    >
      <DigestPanel />
      {can('manager') && <BusinessGlance />}
      <SimpleGrid cols={3} spacing="lg">
        <Stat
          label="Active members"
          icon={<IconUserCheck size={22} />}
          color="teal"
          value={active.data ? format.number(active.data.total) : null}
          to="/members"
        />
        <Stat
          label="Archived members"
          icon={<IconArchive size={22} />}
          color="gray"
          value={archived.data ? format.number(archived.data.total) : null}
          to="/members?status=archived"
        />
        <Paper withBorder radius="lg" p="lg" className={classes.card}>
          <Text fz="sm" c="dimmed" fw={500}>
            Quick actions
          </Text>
          <Stack gap="xs" mt="sm">
            <Button
              leftSection={<IconPlus size={16} />}
              onClick={() => void navigate('/members?new=1')}
              fullWidth
            >
              Add member
            </Button>
            {can('manager') && (
              <Button
                variant="default"
                leftSection={<IconFileImport size={16} />}
                onClick={() => void navigate('/members?import=1')}
                fullWidth
              >
                Import CSV
              </Button>
            )}
          </Stack>
        </Paper>
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Paper withBorder radius="lg" p="lg">
          <Group justify="space-between" mb="sm">
            <Text fw={600}>Newest members</Text>
            <Button component={Link} to="/members" variant="subtle" size="compact-sm">
              See all
            </Button>
          </Group>
          {recent.isPending ? (
            <Stack gap="xs">
              {[0, 1, 2, 3].map((i) => (
                <Skeleton key={i} height={40} radius="md" />
              ))}
            </Stack>
          ) : recent.data && recent.data.length > 0 ? (
            <Stack gap={2}>
              {recent.data.map((m) => (
                <UnstyledButton
                  key={m.id}
                  className={classes.memberRow}
                  onClick={() => void navigate(`/members/${m.id}`)}
                >
                  <Group gap="sm" wrap="nowrap">
                    <Avatar radius="xl" size={34} color="brand">
                      {initials(fullName(m))}
                    </Avatar>
                    <div style={{ flex: 1, minWidth: 0 }}>
                      <Text fz="sm" fw={600} truncate="end">
                        {fullName(m)}
                      </Text>
                      <Text fz="xs" c="dimmed" truncate="end">
                        {m.number}
                        {m.email ? ` · ${m.email}` : ''}
                      </Text>
                    </div>
                    {m.status === 'archived' ? (
                      <Badge size="sm" color="gray" variant="light">
                        Archived
                      </Badge>
                    ) : (
                      <Text fz="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                        {format.day(m.createdAt)}
                      </Text>
                    )}
                  </Group>
                </UnstyledButton>
              ))}
            </Stack>
          ) : (
            <Empty
              bordered={false}
              icon={<IconUsers size={26} stroke={1.5} />}
              title="No members yet"
              description="Add your first member or import them from a spreadsheet."
            />
          )}
        </Paper>
        <BillingGlance />
      </SimpleGrid>
    </Page>
  );
}

/** Where the money stands: counts from the lists (one row fetched each, the core counts the rest). */
function BillingGlance() {
  const format = useFormat();
  const live = useQuery({
    queryKey: ['subscriptions', 'count', 'live'],
    queryFn: () => api.call('subscriptions.list', { status: 'live', limit: 1 }),
  });
  const pastDue = useQuery({
    queryKey: ['subscriptions', 'count', 'past_due'],
    queryFn: () => api.call('subscriptions.list', { status: 'past_due', limit: 1 }),
  });
  const open = useQuery({
    queryKey: ['invoices', 'count', 'open', ''],
    queryFn: () => api.call('invoices.list', { status: 'open', limit: 1 }),
  });
  const rows: { label: string; value: number | undefined; to: string; icon: ReactNode; color: string }[] = [
    {
      label: 'Live subscriptions',
      value: live.data?.total,
      to: '/subscriptions',
      icon: <IconRepeat size={18} />,
      color: 'green',
    },
    {
      label: 'Past due',
      value: pastDue.data?.total,
      to: '/subscriptions?status=past_due',
      icon: <IconAlertTriangle size={18} />,
      color: 'orange',
    },
    {
      label: 'Open invoices',
      value: open.data?.total,
      to: '/invoices?status=open',
      icon: <IconFileInvoice size={18} />,
      color: 'blue',
    },
  ];
  return (
    <Paper withBorder radius="lg" p="lg">
      <Text fw={600} mb="sm">
        Billing
      </Text>
      <Stack gap={2}>
        {rows.map((r) => (
          <UnstyledButton key={r.label} component={Link} to={r.to} className={classes.memberRow}>
            <Group gap="sm" wrap="nowrap">
              <ThemeIcon variant="light" color={r.color} size={34} radius="md">
                {r.icon}
              </ThemeIcon>
              <Text fz="sm" fw={500} style={{ flex: 1 }}>
                {r.label}
              </Text>
              {r.value === undefined ? (
                <Skeleton height={18} width={40} />
              ) : (
                <Text fz="lg" fw={700}>
                  {format.number(r.value)}
                </Text>
              )}
            </Group>
          </UnstyledButton>
        ))}
      </Stack>
    </Paper>
  );
}

function Stat({
  label,
  value,
  icon,
  color,
  to,
}: {
  label: string;
  value: string | null;
  icon: ReactNode;
  color: string;
  to: string;
}) {
  return (
    <Paper
      withBorder
      radius="lg"
      p="lg"
      component={Link}
      to={to}
      className={`${classes.card} ${classes.stat}`}
    >
      <Group justify="space-between" align="flex-start">
        <div>
          <Text fz="sm" c="dimmed" fw={500}>
            {label}
          </Text>
          {value === null ? (
            <Skeleton height={34} width={90} mt={8} />
          ) : (
            <Text fz={34} fw={700} lh={1.2} mt={4}>
              {value}
            </Text>
          )}
        </div>
        <ThemeIcon variant="light" color={color} size={44} radius="md">
          {icon}
        </ThemeIcon>
      </Group>
    </Paper>
  );
}
