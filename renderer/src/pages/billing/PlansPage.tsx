import {
  ActionIcon,
  Badge,
  Button,
  Menu,
  Paper,
  SegmentedControl,
  Skeleton,
  Stack,
  Table,
  Tabs,
  Text,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import {
  IconArchive,
  IconArrowBackUp,
  IconDots,
  IconListDetails,
  IconPencil,
  IconPlus,
  IconReceiptTax,
  IconTicket,
} from '@tabler/icons-react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import type { Plan } from '../../../../shared/contract';
import { api } from '../../api';
import { useAuth } from '../../app/auth';
import { useFormat } from '../../app/format';
import { notifyError, notifySuccess } from '../../app/notify';
import { ListFrame, useListState } from '../../components/ListPage';
import { Page } from '../../components/Page';
import { CouponsPanel } from './CouponsPanel';
import { billingKeys } from './keys';
import { planPrice } from './labels';
import { PlanEditor } from './PlanEditor';
import { TaxRatesPanel } from './TaxRatesPanel';
import classes from './billing.module.css';

type Status = 'active' | 'archived' | 'all';
const STATUSES: { value: Status; label: string }[] = [
  { value: 'active', label: 'Active' },
  { value: 'archived', label: 'Archived' },
  { value: 'all', label: 'All' },
];
const TABS = ['plans', 'taxes', 'coupons'] as const;
type Tab = (typeof TABS)[number];

/** What the business sells (plans), and the tax rates and coupons that price it. */
export function PlansPage() {
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '')
    ? (params.get('tab') as Tab)
    : 'plans';
  const editing = params.get('plan');

  const update = (changes: Record<string, string | null>) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        for (const [k, v] of Object.entries(changes)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        return next;
      },
      { replace: true },
    );

  return (
    <Page
      title="Plans"
      description="What you sell, what it costs, and the taxes and coupons that go with it."
      maxWidth={1180}
      actions={
        can('manager') && tab === 'plans' ? (
          <Button leftSection={<IconPlus size={16} />} onClick={() => update({ plan: 'new' })}>
            New plan
          </Button>
        ) : undefined
      }
    >
      <Tabs value={tab} onChange={(v) => update({ tab: v === 'plans' ? null : v })} keepMounted={false}>
        <Tabs.List mb="lg">
          <Tabs.Tab value="plans" leftSection={<IconListDetails size={16} />}>
            Plans
          </Tabs.Tab>
          <Tabs.Tab value="taxes" leftSection={<IconReceiptTax size={16} />}>
            Tax rates
          </Tabs.Tab>
          <Tabs.Tab value="coupons" leftSection={<IconTicket size={16} />}>
            Coupons
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="plans">
          <PlansList onOpen={(id) => update({ plan: String(id) })} onNew={() => update({ plan: 'new' })} />
        </Tabs.Panel>
        <Tabs.Panel value="taxes">
          <TaxRatesPanel />
        </Tabs.Panel>
        <Tabs.Panel value="coupons">
          <CouponsPanel />
        </Tabs.Panel>
      </Tabs>
      <PlanEditor
        planId={editing === 'new' ? 'new' : editing && Number(editing) > 0 ? Number(editing) : null}
        onClose={() => update({ plan: null })}
      />
    </Page>
  );
}

function PlansList({ onOpen, onNew }: { onOpen: (id: number) => void; onNew: () => void }) {
  const { can } = useAuth();
  const format = useFormat();
  // `tab` and `plan` are the page's (its tabs, the open editor), not filters of this list.
  const list = useListState({ notFilters: ['tab', 'plan'] });
  const status = (
    STATUSES.some((s) => s.value === list.param('status')) ? list.param('status') : 'active'
  ) as Status;
  const plans = useQuery({
    queryKey: billingKeys.plans(status, list.query),
    queryFn: () => api.call('plans.list', { status, query: list.query }),
    placeholderData: keepPreviousData,
  });
  const list$ = plans.data ?? [];

  const table = (
    <Paper withBorder radius="lg" style={{ overflow: 'hidden' }}>
      <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover aria-label="Plans">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th w={230}>Price</Table.Th>
            <Table.Th w={120}>Trial</Table.Th>
            <Table.Th w={160} ta="right">
              Live subscriptions
            </Table.Th>
            <Table.Th w={110}>Status</Table.Th>
            <Table.Th w={50} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list$.map((p) => (
            <Table.Tr
              key={p.id}
              className={classes.clickRow}
              tabIndex={0}
              onClick={() => onOpen(p.id)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') onOpen(p.id);
              }}
            >
              <Table.Td>
                <Text fz="sm" fw={600}>
                  {p.name}
                </Text>
                {p.description && (
                  <Text fz="xs" c="dimmed" lineClamp={1}>
                    {p.description}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text fz="sm">{planPrice(format, p)}</Text>
                {p.setupFee > 0 && (
                  <Text fz="xs" c="dimmed">
                    + {format.money(p.setupFee)} setup fee
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text fz="sm" c={p.trialDays ? undefined : 'dimmed'}>
                  {p.trialDays ? `${p.trialDays} day${p.trialDays === 1 ? '' : 's'}` : 'None'}
                </Text>
              </Table.Td>
              <Table.Td ta="right">
                <Text fz="sm">{format.number(p.liveSubscriptions)}</Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={p.status === 'active' ? 'green' : 'gray'}>
                  {p.status === 'active' ? 'Active' : 'Archived'}
                </Badge>
              </Table.Td>
              <Table.Td onClick={(e) => e.stopPropagation()}>
                {can('manager') && <PlanMenu plan={p} onEdit={() => onOpen(p.id)} />}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );

  return (
    <Stack gap="md">
      <ListFrame
        list={list}
        search={{ label: 'Search plans', placeholder: 'Search plans by name' }}
        filters={
          <SegmentedControl
            aria-label="Plan status"
            data={STATUSES}
            value={status}
            onChange={(v) => list.setParam('status', v === 'active' ? null : v)}
          />
        }
        query={plans}
        total={list$.length}
        noun={['plan', 'plans']}
        icon={<IconListDetails size={30} stroke={1.5} />}
        empty={{
          title: 'No plans yet',
          description:
            'A plan is what members subscribe to: a monthly membership, a 10-class pass, a yearly family plan. Set its price, billing interval, trial and terms once; every subscription follows it.',
          actions: can('manager') ? (
            <Button leftSection={<IconPlus size={16} />} onClick={onNew}>
              Create your first plan
            </Button>
          ) : undefined,
        }}
        noMatch={{
          title: list.query ? `No plans match “${list.query}”` : 'No archived plans',
          description: 'Check the spelling, or look in All.',
        }}
        loading={
          <Paper withBorder radius="lg" p="md">
            <Stack gap="xs">
              {[0, 1, 2, 3].map((i) => (
                <Skeleton key={i} height={36} />
              ))}
            </Stack>
          </Paper>
        }
      >
        {table}
      </ListFrame>
    </Stack>
  );
}

/** Archive (keeps every subscription renewing, takes no new ones) or restore, with a confirmation. */
export function PlanMenu({ plan, onEdit }: { plan: Plan; onEdit: () => void }) {
  const queryClient = useQueryClient();

  async function run(channel: 'plans.archive' | 'plans.restore') {
    try {
      await api.call(channel, { id: plan.id });
      void queryClient.invalidateQueries({ queryKey: ['plans'] });
      notifySuccess(
        channel === 'plans.archive'
          ? `${plan.name} was archived. Its subscriptions keep renewing.`
          : `${plan.name} takes new subscribers again.`,
      );
    } catch (error) {
      notifyError(error);
    }
  }

  const archive = () =>
    modals.openConfirmModal({
      title: `Archive ${plan.name}?`,
      children: (
        <Text fz="sm">
          {plan.name} will no longer be offered to new members.
          {plan.liveSubscriptions > 0
            ? ` Its ${plan.liveSubscriptions} live subscription${plan.liveSubscriptions === 1 ? '' : 's'} keep renewing as before.`
            : ''}{' '}
          You can restore it at any time.
        </Text>
      ),
      labels: { confirm: 'Archive plan', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => void run('plans.archive'),
    });

  return (
    <Menu position="bottom-end" width={190}>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${plan.name}`}>
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconPencil size={16} />} onClick={onEdit}>
          Edit
        </Menu.Item>
        {plan.status === 'active' ? (
          <Menu.Item color="red" leftSection={<IconArchive size={16} />} onClick={archive}>
            Archive
          </Menu.Item>
        ) : (
          <Menu.Item leftSection={<IconArrowBackUp size={16} />} onClick={() => void run('plans.restore')}>
            Restore
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
