import { useState, type FormEvent } from 'react';
import {
  Alert,
  Button,
  Divider,
  Group,
  Menu,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import {
  IconArrowsExchange,
  IconCalendarPlus,
  IconChevronDown,
  IconGauge,
  IconPlayerPause,
  IconPlayerPlay,
  IconRefresh,
  IconX,
  type Icon,
} from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Subscription } from '../../../../shared/contract';
import type { Access } from '../../../../shared/permissions';
import { api } from '../../api';
import { useAuth } from '../../app/auth';
import { useFormat } from '../../app/format';
import { errorMessage, notifyError, notifySuccess } from '../../app/notify';
import { fieldErrorsOf } from '../../components/forms';
import { billingKeys, type PreviewInput } from './keys';
import { isLive, planPrice } from './labels';
import { PreviewPanel } from './PreviewPanel';
import { usePreview } from './usePreview';

export type SubscriptionAction = 'changePlan' | 'pause' | 'resume' | 'cancel' | 'reactivate' | 'extendTrial';
type MenuAction = SubscriptionAction | 'usage';

const ACTIONS: Record<
  MenuAction,
  { label: (s: Subscription) => string; icon: Icon; access: Access; danger?: boolean }
> = {
  changePlan: { label: () => 'Change plan', icon: IconArrowsExchange, access: 'manager' },
  pause: { label: () => 'Pause', icon: IconPlayerPause, access: 'staff' },
  resume: { label: () => 'Resume', icon: IconPlayerPlay, access: 'staff' },
  extendTrial: { label: () => 'Extend trial', icon: IconCalendarPlus, access: 'manager' },
  usage: { label: () => 'Record usage', icon: IconGauge, access: 'staff' },
  reactivate: {
    label: (s) => (s.cancelAtPeriodEnd && isLive(s) ? 'Withdraw cancellation' : 'Reactivate'),
    icon: IconRefresh,
    access: 'manager',
  },
  cancel: { label: () => 'Cancel subscription', icon: IconX, access: 'manager', danger: true },
};

/** Which actions fit a subscription in its current state (the core still has the last word). */
export function availableActions(s: Subscription): MenuAction[] {
  const out: MenuAction[] = [];
  // A desk sale waiting for its first payment is finished (or canceled) by the sale, not from here.
  if (s.status === 'incomplete' || s.status === 'incomplete_expired') return out;
  const live = isLive(s);
  if (live && s.status !== 'unpaid') out.push('changePlan');
  if (s.status === 'active' || s.status === 'past_due') out.push('pause');
  if (s.status === 'paused') out.push('resume');
  if (s.status === 'trialing') out.push('extendTrial');
  if (s.status === 'active' || s.status === 'trialing' || s.status === 'past_due') out.push('usage');
  if (!live || s.status === 'unpaid' || s.cancelAtPeriodEnd) out.push('reactivate');
  if (live && !s.cancelAtPeriodEnd) out.push('cancel');
  return out;
}

/** An "Actions" menu for one subscription and the dialogs behind it, each previewing before it acts. */
export function SubscriptionActions({
  sub,
  size = 'sm',
  variant = 'default',
}: {
  sub: Subscription;
  size?: 'xs' | 'sm';
  variant?: 'default' | 'light';
}) {
  const { can } = useAuth();
  const [open, setOpen] = useState<MenuAction | null>(null);
  const actions = availableActions(sub).filter((a) => can(ACTIONS[a].access));
  if (actions.length === 0) return null;
  const main = actions.filter((a) => !ACTIONS[a].danger);
  const danger = actions.filter((a) => ACTIONS[a].danger);
  return (
    <>
      <Menu position="bottom-end" width={220} shadow="md">
        <Menu.Target>
          <Button
            variant={variant}
            size={size}
            rightSection={<IconChevronDown size={14} />}
            aria-label={`Actions for ${sub.planName}`}
          >
            Actions
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {main.map((a) => {
            const A = ACTIONS[a];
            return (
              <Menu.Item key={a} leftSection={<A.icon size={16} />} onClick={() => setOpen(a)}>
                {A.label(sub)}
              </Menu.Item>
            );
          })}
          {danger.length > 0 && main.length > 0 && <Menu.Divider />}
          {danger.map((a) => {
            const A = ACTIONS[a];
            return (
              <Menu.Item key={a} color="red" leftSection={<A.icon size={16} />} onClick={() => setOpen(a)}>
                {A.label(sub)}
              </Menu.Item>
            );
          })}
        </Menu.Dropdown>
      </Menu>
      <Modal
        opened={open !== null && open !== 'usage'}
        onClose={() => setOpen(null)}
        title={open && open !== 'usage' ? `${ACTIONS[open].label(sub)} — ${sub.planName}` : ''}
        size={720}
        closeOnClickOutside={false}
      >
        {open && open !== 'usage' && <ActionForm sub={sub} action={open} onClose={() => setOpen(null)} />}
      </Modal>
      <Modal
        opened={open === 'usage'}
        onClose={() => setOpen(null)}
        title={`Record usage — ${sub.planName}`}
        size={520}
      >
        {open === 'usage' && <UsageForm sub={sub} onClose={() => setOpen(null)} />}
      </Modal>
    </>
  );
}

const CONFIRM: Record<SubscriptionAction, string> = {
  changePlan: 'Confirm plan change',
  pause: 'Confirm pause',
  resume: 'Confirm and resume',
  cancel: 'Cancel subscription',
  reactivate: 'Confirm',
  extendTrial: 'Extend trial',
};

function ActionForm({
  sub,
  action,
  onClose,
}: {
  sub: Subscription;
  action: SubscriptionAction;
  onClose: () => void;
}) {
  const format = useFormat();
  const queryClient = useQueryClient();
  const [planId, setPlanId] = useState<string | null>(null);
  const [when, setWhen] = useState<'now' | 'period_end'>('period_end');
  const [pauseMode, setPauseMode] = useState<'days' | 'until'>('days');
  const [days, setDays] = useState<number | string>(action === 'extendTrial' ? 7 : 30);
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const plans = useQuery({
    queryKey: billingKeys.plans('active'),
    queryFn: () => api.call('plans.list', { status: 'active' }),
    enabled: action === 'changePlan',
  });

  const n = days === '' ? NaN : Number(days);
  const daysOk = Number.isInteger(n) && n >= 1 && n <= 365;
  let input: PreviewInput | null = null;
  switch (action) {
    case 'changePlan':
      input = planId ? { action, id: sub.id, planId: Number(planId), when } : null;
      break;
    case 'cancel':
      input = { action, id: sub.id, when };
      break;
    case 'pause':
      input =
        pauseMode === 'days'
          ? daysOk
            ? { action, id: sub.id, days: n }
            : null
          : until
            ? { action, id: sub.id, until }
            : null;
      break;
    case 'extendTrial':
      input = daysOk ? { action, id: sub.id, days: n } : null;
      break;
    case 'resume':
    case 'reactivate':
      input = { action, id: sub.id };
      break;
  }
  const { preview, error, loading, ready } = usePreview(input);
  const fields = Object.fromEntries(
    Object.entries({ ...fieldErrorsOf(error), ...errors }).map(([k, v]) => [k, format.text(v)]),
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!input || !ready) return;
    const needsReason = action === 'cancel' || action === 'pause';
    if (needsReason && !reason.trim()) {
      setErrors({ reason: 'Give a reason (it goes on the record)' });
      return;
    }
    setBusy(true);
    try {
      switch (action) {
        case 'changePlan':
          await api.call('subscriptions.changePlan', { id: sub.id, planId: Number(planId), when });
          break;
        case 'cancel':
          await api.call('subscriptions.cancel', { id: sub.id, when, reason });
          break;
        case 'pause':
          await api.call('subscriptions.pause', {
            id: sub.id,
            ...(pauseMode === 'days' ? { days: n } : { until }),
            reason,
          });
          break;
        case 'extendTrial':
          await api.call('subscriptions.extendTrial', { id: sub.id, days: n });
          break;
        case 'resume':
          await api.call('subscriptions.resume', { id: sub.id });
          break;
        case 'reactivate':
          await api.call('subscriptions.reactivate', { id: sub.id });
          break;
      }
      notifySuccess(preview ? format.text(preview.summary) : 'Done.', `${sub.memberName} — ${sub.planName}`);
      void queryClient.invalidateQueries({
        predicate: (q) =>
          ['subscriptions', 'invoices', 'billing', 'plans', 'creditNotes'].includes(String(q.queryKey[0])),
      });
      onClose();
    } catch (e) {
      setErrors(fieldErrorsOf(e));
      notifyError(e, 'That did not work');
    } finally {
      setBusy(false);
    }
  }

  const periodEnd = format.date(sub.currentPeriodEnd);
  const danger = action === 'cancel';

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {action === 'changePlan' && (
          <SimpleGrid cols={2} spacing="md">
            <Select
              label="New plan"
              required
              data-autofocus
              placeholder="Choose a plan"
              data={(plans.data ?? [])
                .filter((p) => p.id !== sub.planId)
                .map((p) => ({ value: String(p.id), label: `${p.name} — ${planPrice(format, p)}` }))}
              value={planId}
              onChange={setPlanId}
              error={fields.planId}
            />
            <WhenControl
              label="When"
              value={when}
              onChange={setWhen}
              nowLabel="Now (prorated)"
              endLabel={`At renewal (${periodEnd})`}
              error={fields.when}
            />
          </SimpleGrid>
        )}
        {action === 'cancel' && (
          <>
            <WhenControl
              label="When"
              value={when}
              onChange={setWhen}
              nowLabel="Now"
              endLabel={`At the period end (${periodEnd})`}
              error={fields.when}
            />
            <Textarea
              label="Reason"
              required
              placeholder="Moving away, too expensive, injury…"
              autosize
              minRows={2}
              value={reason}
              onChange={(e) => {
                setReason(e.currentTarget.value);
                setErrors({});
              }}
              error={fields.reason}
            />
          </>
        )}
        {action === 'pause' && (
          <>
            <SimpleGrid cols={2} spacing="md">
              <Stack gap={4}>
                <Text fz="sm" fw={500}>
                  Pause for
                </Text>
                <SegmentedControl
                  aria-label="Pause for"
                  data={[
                    { value: 'days', label: 'A number of days' },
                    { value: 'until', label: 'Until a date' },
                  ]}
                  value={pauseMode}
                  onChange={(v) => setPauseMode(v as typeof pauseMode)}
                />
              </Stack>
              {pauseMode === 'days' ? (
                <NumberInput
                  label="Days"
                  min={1}
                  max={365}
                  allowDecimal={false}
                  allowNegative={false}
                  value={days}
                  onChange={setDays}
                  error={fields.days ?? (daysOk || days === '' ? undefined : 'From 1 to 365 days')}
                />
              ) : (
                <TextInput
                  label="Resume on"
                  type="date"
                  max="9999-12-31"
                  value={until}
                  onChange={(e) => setUntil(e.currentTarget.value)}
                  error={fields.until}
                />
              )}
            </SimpleGrid>
            <Textarea
              label="Reason"
              required
              placeholder="Holiday, injury, exams…"
              autosize
              minRows={2}
              value={reason}
              onChange={(e) => {
                setReason(e.currentTarget.value);
                setErrors({});
              }}
              error={fields.reason}
            />
          </>
        )}
        {action === 'extendTrial' && (
          <NumberInput
            label="Extend the trial by"
            suffix=" days"
            min={1}
            max={365}
            allowDecimal={false}
            allowNegative={false}
            value={days}
            onChange={setDays}
            error={fields.days ?? (daysOk || days === '' ? undefined : 'From 1 to 365 days')}
            maw={260}
          />
        )}
        {(action === 'resume' || action === 'reactivate') && (
          <Text fz="sm" c="dimmed">
            {action === 'resume'
              ? `Billing starts again today for ${sub.memberName}; the paused days move the renewal date.`
              : sub.cancelAtPeriodEnd && isLive(sub)
                ? `${sub.memberName}'s subscription will keep renewing instead of ending on ${periodEnd}.`
                : `${sub.memberName} gets a new billing period starting today.`}
          </Text>
        )}

        <Divider label="What happens" labelPosition="left" />
        <PreviewPanel
          preview={preview}
          loading={loading}
          error={error}
          idle={
            action === 'changePlan'
              ? 'Choose the new plan to see exactly what is billed.'
              : 'Fill in the details above.'
          }
        />
        {danger && when === 'now' && preview && (
          <Alert color="red" variant="light">
            Access ends today. This cannot be undone, though the subscription can be reactivated later as a
            new period.
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {danger ? 'Keep subscription' : 'Cancel'}
          </Button>
          <Button type="submit" loading={busy} disabled={!ready} color={danger ? 'red' : undefined}>
            {action === 'reactivate' && sub.cancelAtPeriodEnd && isLive(sub)
              ? 'Withdraw cancellation'
              : CONFIRM[action]}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function WhenControl({
  label,
  value,
  onChange,
  nowLabel,
  endLabel,
  error,
}: {
  label: string;
  value: 'now' | 'period_end';
  onChange: (v: 'now' | 'period_end') => void;
  nowLabel: string;
  endLabel: string;
  error?: string;
}) {
  return (
    <Stack gap={4}>
      <Text fz="sm" fw={500}>
        {label}
      </Text>
      <SegmentedControl
        aria-label={label}
        data={[
          { value: 'period_end', label: endLabel },
          { value: 'now', label: nowLabel },
        ]}
        value={value}
        onChange={(v) => onChange(v as 'now' | 'period_end')}
      />
      {error && (
        <Text fz="xs" c="red">
          {error}
        </Text>
      )}
    </Stack>
  );
}

/** Usage of a metered plan (classes, visits): counted per period, overage billed at the renewal. */
function UsageForm({ sub, onClose }: { sub: Subscription; onClose: () => void }) {
  const format = useFormat();
  const queryClient = useQueryClient();
  const plan = useQuery({
    queryKey: billingKeys.plan(sub.planId),
    queryFn: () => api.call('plans.get', { id: sub.planId }),
  });
  const usage = useQuery({
    queryKey: billingKeys.usage(sub.id),
    queryFn: () => api.call('usage.list', { subscriptionId: sub.id }),
  });
  const metrics = plan.data?.usage ?? [];
  const [metric, setMetric] = useState<string | null>(null);
  const [quantity, setQuantity] = useState<number | string>(1);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const chosen = metrics.find((m) => m.metric === (metric ?? metrics[0]?.metric)) ?? null;

  if (plan.isPending || usage.isPending) return <Text fz="sm">Loading…</Text>;
  if (plan.isError || usage.isError)
    return <Alert color="red">{errorMessage(plan.error ?? usage.error)}</Alert>;
  if (metrics.length === 0) {
    return (
      <Stack gap="md">
        <Text fz="sm">
          {sub.planName} meters no usage. Add a usage allowance to the plan (Plans → the plan → Usage
          allowances) to count classes or visits.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
        </Group>
      </Stack>
    );
  }

  const q = quantity === '' ? NaN : Number(quantity);
  const qOk = Number.isInteger(q) && q >= 1 && q <= 100_000;
  const usedSoFar = (usage.data ?? [])
    .filter((u) => !u.billed && u.metric === chosen?.metric && u.usageDate >= sub.currentPeriodStart)
    .reduce((s, u) => s + u.quantity, 0);
  const after = usedSoFar + (qOk ? q : 0);
  const over = chosen ? Math.max(0, after - chosen.included) : 0;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!chosen || !qOk) {
      setErrors({ quantity: 'Use a whole number from 1' });
      return;
    }
    setBusy(true);
    try {
      await api.call('usage.record', { subscriptionId: sub.id, metric: chosen.metric, quantity: q });
      notifySuccess(`${q} ${chosen.metric} recorded for ${sub.memberName}.`, 'Usage recorded');
      void queryClient.invalidateQueries({ queryKey: billingKeys.usage(sub.id) });
      void queryClient.invalidateQueries({ queryKey: billingKeys.events(sub.id) });
      onClose();
    } catch (e) {
      setErrors(fieldErrorsOf(e));
      notifyError(e, 'Usage not recorded');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <SimpleGrid cols={2} spacing="md">
          <Select
            label="Metric"
            data={metrics.map((m) => m.metric)}
            value={chosen?.metric ?? null}
            onChange={setMetric}
            allowDeselect={false}
            error={errors.metric}
          />
          <NumberInput
            label="Quantity"
            min={1}
            allowDecimal={false}
            allowNegative={false}
            data-autofocus
            value={quantity}
            onChange={setQuantity}
            error={errors.quantity}
          />
        </SimpleGrid>
        {chosen && (
          <Alert color={over > 0 ? 'orange' : 'brand'} variant="light">
            <Text fz="sm">
              This period so far: {format.number(usedSoFar)} of {format.number(chosen.included)}{' '}
              {chosen.metric} included. After this: {format.number(after)}.
              {over > 0
                ? ` ${format.number(over)} over the allowance × ${format.money(chosen.overageUnitPrice)} = ${format.money(over * chosen.overageUnitPrice)} (before tax) is billed at the renewal on ${format.date(sub.currentPeriodEnd)}.`
                : ' Nothing extra is billed.'}
            </Text>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy} disabled={!qOk}>
            Record usage
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
