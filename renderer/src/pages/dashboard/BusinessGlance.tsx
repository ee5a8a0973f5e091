import type { ReactNode } from 'react';
import { BarChart } from '@mantine/charts';
import { Anchor, Badge, Group, Paper, SimpleGrid, Skeleton, Stack, Text, ThemeIcon } from '@mantine/core';
import {
  IconAlertTriangle,
  IconArrowDownRight,
  IconArrowUpRight,
  IconCalendarDue,
  IconCash,
  IconChartLine,
  IconCreditCard,
  IconEye,
  IconUserMinus,
  IconUserPlus,
  IconUsers,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { DashboardReport, Kpi } from '../../../../shared/contract/reports';
import { api } from '../../api';
import { useFormat, type Format } from '../../app/format';
import classes from './DashboardPage.module.css';

export const dashboardQuery = {
  queryKey: ['reports', 'dashboard'],
  queryFn: () => api.call('reports.dashboard', {}),
};

const monthLabel = (month: string, locale: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, 1)),
  );
};

/** How the business is doing: KPIs against last month, the last 12 months, and today's tasks. */
export function BusinessGlance() {
  const format = useFormat();
  const dash = useQuery(dashboardQuery);
  if (dash.isError) {
    return (
      <Paper withBorder radius="lg" p="lg">
        <Text c="red">{dash.error.message}</Text>
      </Paper>
    );
  }
  const d = dash.data;
  return (
    <Stack gap="lg">
      <Kpis d={d} format={format} />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <ChartCard
          title="Revenue, last 12 months"
          to="/reports/revenue"
          linkText="Revenue report"
          label="Bar chart of money invoiced and collected in each of the last 12 months"
        >
          {d && (
            <BarChart
              h={240}
              data={d.revenue.map((r) => ({ ...r, label: monthLabel(r.month, format.locale) }))}
              dataKey="label"
              series={[
                { name: 'invoiced', label: 'Invoiced', color: 'indigo.5' },
                { name: 'collected', label: 'Collected', color: 'teal.5' },
              ]}
              withLegend
              valueFormatter={(v) => format.money(v, d.currency)}
              yAxisProps={{ width: 84 }}
            />
          )}
        </ChartCard>
        <ChartCard
          title="MRR movements"
          to="/reports/mrr"
          linkText="Recurring revenue"
          label="Stacked bar chart of monthly recurring revenue gained and lost in each of the last 12 months"
        >
          {d && (
            <BarChart
              h={240}
              type="stacked"
              data={d.movements.map((m) => ({
                label: monthLabel(m.month, format.locale),
                new: m.new,
                expansion: m.expansion,
                reactivation: m.reactivation,
                contraction: -m.contraction,
                churn: -m.churn,
              }))}
              dataKey="label"
              series={[
                { name: 'new', label: 'New', color: 'teal.5' },
                { name: 'expansion', label: 'Expansion', color: 'blue.5' },
                { name: 'reactivation', label: 'Reactivation', color: 'grape.5' },
                { name: 'contraction', label: 'Contraction', color: 'orange.5' },
                { name: 'churn', label: 'Churn', color: 'red.5' },
              ]}
              withLegend
              valueFormatter={(v) => format.money(v, d.currency)}
              yAxisProps={{ width: 84 }}
            />
          )}
        </ChartCard>
      </SimpleGrid>
      <Tasks d={d} format={format} />
    </Stack>
  );
}

/** A dashboard card with a title, a link to the full report, and a chart (a skeleton until `children` is given). */
function ChartCard({
  title,
  to,
  linkText,
  label,
  children,
}: {
  title: string;
  to: string;
  linkText: string;
  /** The chart's text equivalent for screen readers. */
  label: string;
  children: ReactNode;
}) {
  return (
    <Paper withBorder radius="lg" p="lg">
      <Group justify="space-between" mb="sm">
        <Text fw={600}>{title}</Text>
        <Anchor component={Link} to={to} fz="sm">
          {linkText}
        </Anchor>
      </Group>
      {children ? (
        <div role="img" aria-label={label}>
          {children}
        </div>
      ) : (
        <Skeleton height={240} />
      )}
    </Paper>
  );
}

/** The KPIs that compare this month with the last; `money` ones are shown in the business currency. */
const COMPARED: Array<{
  label: string;
  icon: ReactNode;
  color: string;
  key: 'mrr' | 'activeMembers' | 'newMembers' | 'churnedMembers' | 'moneyIn';
  money?: boolean;
  upIsBad?: boolean;
  to: string;
}> = [
  {
    label: 'MRR',
    icon: <IconChartLine size={20} />,
    color: 'indigo',
    key: 'mrr',
    money: true,
    to: '/reports/mrr',
  },
  {
    label: 'Paying members',
    icon: <IconUsers size={20} />,
    color: 'teal',
    key: 'activeMembers',
    to: '/reports/members',
  },
  {
    label: 'New this month',
    icon: <IconUserPlus size={20} />,
    color: 'green',
    key: 'newMembers',
    to: '/reports/members',
  },
  {
    label: 'Left this month',
    icon: <IconUserMinus size={20} />,
    color: 'red',
    key: 'churnedMembers',
    upIsBad: true,
    to: '/reports/members',
  },
  {
    label: 'Money in this month',
    icon: <IconCash size={20} />,
    color: 'teal',
    key: 'moneyIn',
    money: true,
    to: '/reports/revenue',
  },
];

function Kpis({ d, format }: { d: DashboardReport | undefined; format: Format }) {
  const money = (v: number) => (d ? format.money(v, d.currency) : '');
  const k = d?.kpis;
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
      {COMPARED.map((c) => (
        <KpiCard
          key={c.key}
          label={c.label}
          icon={c.icon}
          color={c.color}
          kpi={k?.[c.key]}
          show={c.money ? money : format.number}
          upIsBad={c.upIsBad}
          to={c.to}
        />
      ))}
      <KpiCard
        label="Overdue"
        icon={<IconAlertTriangle size={20} />}
        color="orange"
        value={k ? money(k.overdue.value) : null}
        hint={k ? `${format.number(k.overdue.invoices)} open invoices past due` : undefined}
        to="/reports/receivables"
      />
      <KpiCard
        label="Failed payments"
        icon={<IconCreditCard size={20} />}
        color="red"
        value={k ? money(k.failedAwaiting.value) : null}
        hint={k ? `${format.number(k.failedAwaiting.invoices)} invoices awaiting recovery` : undefined}
        to="/reports/failed"
      />
    </SimpleGrid>
  );
}

function KpiCard({
  label,
  icon,
  color,
  kpi,
  show,
  value,
  hint,
  upIsBad = false,
  to,
}: {
  label: string;
  icon: ReactNode;
  color: string;
  kpi?: Kpi | undefined;
  show?: (n: number) => string;
  value?: string | null;
  hint?: string | undefined;
  upIsBad?: boolean;
  to: string;
}) {
  const text = value !== undefined ? value : kpi && show ? show(kpi.value) : null;
  const change = kpi ? kpi.value - kpi.previous : 0;
  const good = upIsBad ? change < 0 : change > 0;
  const pct = kpi && kpi.previous ? Math.round((change / Math.abs(kpi.previous)) * 100) : null;
  return (
    <Paper
      withBorder
      radius="lg"
      p="md"
      component={Link}
      to={to}
      className={`${classes.card} ${classes.stat}`}
      aria-label={`${label}: open the report`}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Text fz="sm" c="dimmed" fw={500}>
          {label}
        </Text>
        <ThemeIcon variant="light" color={color} size={34} radius="md">
          {icon}
        </ThemeIcon>
      </Group>
      {text === null ? (
        <Skeleton height={30} width={110} mt={4} />
      ) : (
        <Text fz={26} fw={700} lh={1.2} mt={2} data-testid={`kpi-${label}`}>
          {text}
        </Text>
      )}
      {kpi && show ? (
        <Group gap={4} mt={4} wrap="nowrap">
          {change !== 0 && (
            <Badge
              size="sm"
              variant="light"
              style={{ flexShrink: 0, overflow: 'visible' }}
              color={good ? 'teal' : 'red'}
              leftSection={change > 0 ? <IconArrowUpRight size={12} /> : <IconArrowDownRight size={12} />}
            >
              {pct === null ? show(Math.abs(change)) : `${Math.abs(pct)}%`}
            </Badge>
          )}
          <Text fz="xs" c="dimmed" truncate>
            {change === 0 ? 'same as last month' : `${show(kpi.previous)} last month`}
          </Text>
        </Group>
      ) : hint ? (
        <Text fz="xs" c="dimmed" mt={4} truncate>
          {hint}
        </Text>
      ) : null}
    </Paper>
  );
}

function Tasks({ d, format }: { d: DashboardReport | undefined; format: Format }) {
  if (!d) return <Skeleton height={160} radius="lg" />;
  const t = d.tasks;
  const none = !t.trialsEnding.length && !t.cardsExpiring.length && !t.debtors.members && !t.heldForReview;
  return (
    <Paper withBorder radius="lg" p="lg">
      <Text fw={600} mb="sm">
        Today’s tasks
      </Text>
      {none ? (
        <Text c="dimmed" fz="sm">
          Nothing needs you today.
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2, lg: 4 }} spacing="lg">
          <TaskList
            title="Trials ending this week"
            icon={<IconCalendarDue size={18} />}
            color="blue"
            empty="No trials end this week."
          >
            {t.trialsEnding.map((x) => (
              <TaskRow
                key={x.subscriptionId}
                to={`/subscriptions/${x.subscriptionId}`}
                name={x.name}
                aside={format.date(x.date)}
              />
            ))}
          </TaskList>
          <TaskList
            title="Cards expiring"
            icon={<IconCreditCard size={18} />}
            color="orange"
            empty="No cards expire this month or next."
          >
            {t.cardsExpiring.map((x) => (
              <TaskRow key={x.memberId} to={`/members/${x.memberId}`} name={x.name} aside={x.label} />
            ))}
          </TaskList>
          <TaskList
            title="Debtors"
            icon={<IconAlertTriangle size={18} />}
            color="red"
            empty="Nobody is overdue."
          >
            {t.debtors.members > 0 && (
              <Anchor component={Link} to="/reports/receivables" fz="sm">
                {format.number(t.debtors.members)} member{t.debtors.members === 1 ? '' : 's'} owe{' '}
                {format.money(t.debtors.amount, d.currency)}
              </Anchor>
            )}
          </TaskList>
          <TaskList
            title="Held for review"
            icon={<IconEye size={18} />}
            color="grape"
            empty="Nothing is waiting for you."
          >
            {t.heldForReview > 0 && (
              <Anchor component={Link} to="/payments" fz="sm">
                {format.number(t.heldForReview)} item{t.heldForReview === 1 ? '' : 's'} to look at
              </Anchor>
            )}
          </TaskList>
        </SimpleGrid>
      )}
    </Paper>
  );
}

/** One task: a link to the record it is about, and a short note (a date, a card) at the right. */
function TaskRow({ to, name, aside }: { to: string; name: string; aside: string }) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="xs">
      <Anchor component={Link} to={to} fz="sm" truncate>
        {name}
      </Anchor>
      <Text fz="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
        {aside}
      </Text>
    </Group>
  );
}

function TaskList({
  title,
  icon,
  color,
  empty,
  children,
}: {
  title: string;
  icon: ReactNode;
  color: string;
  empty: string;
  children: ReactNode;
}) {
  const items = (Array.isArray(children) ? children : [children]).filter(Boolean);
  return (
    <Stack gap={6} style={{ minWidth: 0 }}>
      <Group gap="xs" wrap="nowrap">
        <ThemeIcon variant="light" color={color} size={28} radius="md">
          {icon}
        </ThemeIcon>
        <Text fz="sm" fw={600}>
          {title}
        </Text>
      </Group>
      {items.length ? (
        items
      ) : (
        <Text fz="xs" c="dimmed">
          {empty}
        </Text>
      )}
    </Stack>
  );
}
