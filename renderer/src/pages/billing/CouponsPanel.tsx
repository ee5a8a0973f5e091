import { useState } from 'react';
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconArchive, IconPlus, IconSearch, IconTicket } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { contract, type Coupon } from '../../../../shared/contract';
import { dateInZone } from '../../../../shared/dates';
import { api } from '../../api';
import { useAuth } from '../../app/auth';
import { useFormat, type Format } from '../../app/format';
import { notifyError, notifySuccess } from '../../app/notify';
import { Empty } from '../../components/Empty';
import { showCoreErrors, useContractForm } from '../../components/forms';
import { MoneyInput, parseMoneyField } from '../../components/MoneyInput';
import { billingKeys } from './keys';
import { parsePercentBps } from './labels';
import classes from './billing.module.css';

export function couponOff(format: Format, c: Coupon): string {
  return c.kind === 'percent'
    ? format.percent(c.percentBps ?? 0)
    : format.money(c.amountOff ?? 0, c.currency ?? undefined);
}

export function couponDuration(c: Coupon): string {
  if (c.duration === 'once') return 'First invoice only';
  if (c.duration === 'forever') return 'Every invoice';
  return `${c.durationCycles} billing period${c.durationCycles === 1 ? '' : 's'}`;
}

/** Why a coupon can no longer be used, or null when it can. */
function couponState(c: Coupon, today: string): { label: string; color: string } {
  if (c.status === 'archived') return { label: 'Archived', color: 'gray' };
  if (c.maxRedemptions !== null && c.redemptions >= c.maxRedemptions)
    return { label: 'Used up', color: 'orange' };
  if (c.expiresOn && c.expiresOn < today) return { label: 'Expired', color: 'orange' };
  return { label: 'Active', color: 'green' };
}

/** Coupon codes the desk types when starting a subscription (DESIGN §5: percent or fixed, before tax). */
export function CouponsPanel() {
  const { can } = useAuth();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [showArchived, setShowArchived] = useState(false);
  const [adding, setAdding] = useState(false);
  const [search, setSearch] = useState('');
  const coupons = useQuery({
    queryKey: billingKeys.coupons(showArchived),
    queryFn: () => api.call('coupons.list', { includeArchived: showArchived }),
  });
  const manager = can('manager');
  // Today in the business's zone is close enough to mark a coupon as expired in a list; the core decides.
  const today = dateInZone(new Date(), format.timeZone);

  const archive = (c: Coupon) =>
    modals.openConfirmModal({
      title: `Archive coupon ${c.code}?`,
      children: (
        <Text fz="sm">
          Nobody can use {c.code} from now on. Subscriptions that already use it keep their discount for the
          cycles they were promised.
        </Text>
      ),
      labels: { confirm: 'Archive coupon', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        try {
          await api.call('coupons.archive', { id: c.id });
          notifySuccess(`Coupon ${c.code} was archived.`);
        } catch (error) {
          notifyError(error);
        } finally {
          void queryClient.invalidateQueries({ queryKey: ['coupons'] });
        }
      },
    });

  const all = coupons.data ?? [];
  const needle = search.trim().toUpperCase();
  // Coupons are few (codes for promotions): the list is filtered here, as it is typed.
  const list = needle ? all.filter((c) => c.code.includes(needle)) : all;
  return (
    <Stack gap="md">
      <Text c="dimmed" fz="sm" maw={720}>
        A coupon takes a percentage or an amount off the plan price, before tax, for the first invoice, a
        number of billing periods or for good.
      </Text>
      <Group justify="space-between">
        <TextInput
          aria-label="Search coupons"
          placeholder="Search codes"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={260}
        />
        <Group gap="md">
          <Switch
            label="Show archived"
            checked={showArchived}
            onChange={(e) => setShowArchived(e.currentTarget.checked)}
          />
          {manager && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
              Add coupon
            </Button>
          )}
        </Group>
      </Group>
      {coupons.isPending ? (
        <Skeleton height={120} radius="lg" />
      ) : coupons.isError ? (
        <Text c="red">{coupons.error.message}</Text>
      ) : all.length > 0 && list.length === 0 ? (
        <Empty
          icon={<IconSearch size={30} stroke={1.5} />}
          title={`No coupon code contains “${needle}”`}
          description="Check the spelling, or show archived coupons too."
          actions={
            <Button variant="default" onClick={() => setSearch('')}>
              Clear search
            </Button>
          }
        />
      ) : list.length === 0 ? (
        <Empty
          icon={<IconTicket size={30} stroke={1.5} />}
          title="No coupons yet"
          description="Create a code such as SPRING20 for a promotion; the desk enters it when starting a subscription."
          actions={
            manager ? (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
                Add coupon
              </Button>
            ) : undefined
          }
        />
      ) : (
        <Paper withBorder radius="lg" style={{ overflow: 'hidden' }}>
          <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Coupons">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Code</Table.Th>
                <Table.Th w={110} ta="right">
                  Off
                </Table.Th>
                <Table.Th w={190}>Applies to</Table.Th>
                <Table.Th w={130} ta="right">
                  Redemptions
                </Table.Th>
                <Table.Th w={140}>Expires</Table.Th>
                <Table.Th w={110}>Status</Table.Th>
                <Table.Th w={50} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((c) => {
                const state = couponState(c, today);
                return (
                  <Table.Tr key={c.id} className={c.status === 'archived' ? classes.dimmedRow : undefined}>
                    <Table.Td>
                      <Text fz="sm" fw={600} ff="monospace">
                        {c.code}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text fz="sm">{couponOff(format, c)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm">{couponDuration(c)}</Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text fz="sm">
                        {format.number(c.redemptions)}
                        {c.maxRedemptions !== null ? ` / ${format.number(c.maxRedemptions)}` : ''}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm" c={c.expiresOn ? undefined : 'dimmed'}>
                        {c.expiresOn ? format.date(c.expiresOn) : 'Never'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={state.color}>
                        {state.label}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {manager && c.status === 'active' && (
                        <Tooltip label="Archive">
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={`Archive ${c.code}`}
                            onClick={() => archive(c)}
                          >
                            <IconArchive size={17} />
                          </ActionIcon>
                        </Tooltip>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      <Modal opened={adding} onClose={() => setAdding(false)} title="Add coupon" size={560}>
        <AddCouponForm onClose={() => setAdding(false)} />
      </Modal>
    </Stack>
  );
}

/** The coupon form as typed: the discount as text, in the contract's field names. */
interface CouponValues {
  code: string;
  kind: Coupon['kind'];
  percentBps: string;
  amountOff: string;
  duration: Coupon['duration'];
  durationCycles: number | string;
  maxRedemptions: number | string;
  expiresOn: string;
}

const amountOf = (text: string, currency: string) => {
  const r = parseMoneyField(text, currency);
  return 'error' in r ? undefined : r.value;
};

/** What is sent: only the discount of the chosen kind, in minor units or basis points. */
function couponInput(v: CouponValues, currency: string) {
  return {
    code: v.code,
    kind: v.kind,
    percentBps: v.kind === 'percent' ? (parsePercentBps(v.percentBps) ?? undefined) : undefined,
    amountOff: v.kind === 'fixed' ? amountOf(v.amountOff, currency) : undefined,
    currency: v.kind === 'fixed' ? currency : undefined,
    duration: v.duration,
    durationCycles: v.duration === 'repeating' ? Number(v.durationCycles) || undefined : undefined,
    maxRedemptions: v.maxRedemptions === '' ? undefined : Number(v.maxRedemptions),
    expiresOn: v.expiresOn || undefined,
  };
}

/** The typed discount's own problem, in words the schema cannot give (it sees no text). */
function amountProblem(v: CouponValues, currency: string): Record<string, string> {
  if (v.kind === 'percent') {
    const bps = parsePercentBps(v.percentBps);
    return bps === null || bps === 0 ? { percentBps: 'Enter a percentage from 1 to 100, such as 20' } : {};
  }
  const r = parseMoneyField(v.amountOff, currency);
  return 'error' in r ? { amountOff: r.error } : {};
}

function AddCouponForm({ onClose }: { onClose: () => void }) {
  const format = useFormat();
  const queryClient = useQueryClient();
  const form = useContractForm(
    contract['coupons.create'].input,
    {
      code: '',
      kind: 'percent' as Coupon['kind'],
      percentBps: '',
      amountOff: '',
      duration: 'once' as Coupon['duration'],
      durationCycles: 3 as number | string,
      maxRedemptions: '' as number | string,
      expiresOn: '',
    },
    { toInput: (v) => couponInput(v, format.currency), check: (v) => amountProblem(v, format.currency) },
  );
  const { values } = form;
  const [busy, setBusy] = useState(false);

  const submit = form.onSubmit(async (v) => {
    setBusy(true);
    try {
      const coupon = await api.call('coupons.create', couponInput(v, format.currency));
      notifySuccess(`Coupon ${coupon.code} is ready to use.`, 'Coupon added');
      void queryClient.invalidateQueries({ queryKey: ['coupons'] });
      onClose();
    } catch (error) {
      showCoreErrors(form, error);
      notifyError(error, 'Coupon not added');
    } finally {
      setBusy(false);
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput
          label="Code"
          placeholder="SPRING20"
          description="Letters, digits, dashes and underscores; members and staff type it"
          required
          data-autofocus
          {...form.getInputProps('code')}
          onChange={(e) => form.setFieldValue('code', e.currentTarget.value.toUpperCase())}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
        <SimpleGrid cols={2} spacing="md">
          <Stack gap={4}>
            <Text fz="sm" fw={500}>
              Discount
            </Text>
            <SegmentedControl
              aria-label="Discount kind"
              data={[
                { value: 'percent', label: 'Percentage' },
                { value: 'fixed', label: 'Fixed amount' },
              ]}
              {...form.getInputProps('kind')}
            />
          </Stack>
          {values.kind === 'percent' ? (
            <TextInput
              label="Percent off"
              placeholder="20"
              required
              inputMode="decimal"
              rightSection={<Text fz="sm">%</Text>}
              {...form.getInputProps('percentBps')}
            />
          ) : (
            <MoneyInput
              label="Amount off"
              required
              value={values.amountOff}
              onChange={(v) => form.setFieldValue('amountOff', v)}
              error={form.errors.amountOff}
            />
          )}
        </SimpleGrid>
        <SimpleGrid cols={2} spacing="md">
          <Select
            label="Applies to"
            data={[
              { value: 'once', label: 'The first invoice only' },
              { value: 'repeating', label: 'A number of billing periods' },
              { value: 'forever', label: 'Every invoice, for good' },
            ]}
            allowDeselect={false}
            {...form.getInputProps('duration')}
          />
          {values.duration === 'repeating' ? (
            <NumberInput
              label="Billing periods"
              required
              min={1}
              max={120}
              allowDecimal={false}
              allowNegative={false}
              {...form.getInputProps('durationCycles')}
            />
          ) : (
            <div />
          )}
          <NumberInput
            label="Maximum redemptions"
            placeholder="No limit"
            min={1}
            allowDecimal={false}
            allowNegative={false}
            {...form.getInputProps('maxRedemptions')}
          />
          <TextInput
            label="Expires on"
            type="date"
            max="9999-12-31"
            description="Empty: never"
            {...form.getInputProps('expiresOn')}
          />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Add coupon
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
