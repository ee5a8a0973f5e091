import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import {
  ActionIcon,
  Alert,
  Button,
  Drawer,
  Group,
  Modal,
  NumberInput,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  ThemeIcon,
} from '@mantine/core';
import { IconBulb, IconInfoCircle, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { contract, type Plan, type TaxRate } from '../../../../shared/contract';
import type { IntervalUnit } from '../../../../shared/calendar';
import { api } from '../../api';
import { useAuth } from '../../app/auth';
import { useFormat } from '../../app/format';
import { notifyError, notifySuccess } from '../../app/notify';
import { fieldErrorsOf, showCoreErrors, useContractForm, type FieldErrors } from '../../components/forms';
import { MoneyInput, moneyText, parseMoneyField } from '../../components/MoneyInput';
import { billingKeys } from './keys';
import { INTERVAL_OPTIONS, REFUND_LABELS } from './labels';
import { priceExample } from './priceExample';
import classes from './billing.module.css';

type Num = number | string;
interface UsageRow {
  metric: string;
  included: Num;
  overage: string;
}
type Values = {
  name: string;
  description: string;
  price: string;
  interval: IntervalUnit;
  intervalCount: Num;
  trialDays: Num;
  setupFee: string;
  taxRateId: string;
  features: string[];
  usage: UsageRow[];
  minimumTermCycles: Num;
  termEnd: 'renew' | 'expire';
  refundPolicy: Plan['refundPolicy'];
  refundDays: Num;
  pausable: boolean;
  graceDays: Num;
};

const DEFAULT_TAX = 'default';

function valuesOf(plan: Plan | null, currency: string): Values {
  if (!plan) {
    return {
      name: '',
      description: '',
      price: '',
      interval: 'month',
      intervalCount: 1,
      trialDays: 0,
      setupFee: '',
      taxRateId: DEFAULT_TAX,
      features: [],
      usage: [],
      minimumTermCycles: 0,
      termEnd: 'renew',
      refundPolicy: 'none',
      refundDays: 0,
      pausable: true,
      graceDays: 7,
    };
  }
  return {
    name: plan.name,
    description: plan.description ?? '',
    price: moneyText(plan.price, currency),
    interval: plan.interval,
    intervalCount: plan.intervalCount,
    trialDays: plan.trialDays,
    setupFee: plan.setupFee ? moneyText(plan.setupFee, currency) : '',
    taxRateId: plan.taxRateId === null ? DEFAULT_TAX : String(plan.taxRateId),
    features: plan.features,
    usage: plan.usage.map((u) => ({
      metric: u.metric,
      included: u.included,
      overage: moneyText(u.overageUnitPrice, currency),
    })),
    minimumTermCycles: plan.minimumTermCycles,
    termEnd: plan.termEnd,
    refundPolicy: plan.refundPolicy,
    refundDays: plan.refundDays,
    pausable: plan.pausable,
    graceDays: plan.graceDays,
  };
}

/** A NumberInput's value as a number for the contract: empty is `empty` (undefined lets zod say so). */
const num = (v: Num, empty?: number) => (v === '' || v === undefined ? empty : Number(v));

/** The form as the contract's input, plus the money fields that did not parse. */
function inputOf(v: Values, currency: string) {
  const errors: FieldErrors = {};
  const money = (key: string, text: string, empty: number | null) => {
    const r = parseMoneyField(text, currency, empty);
    if ('error' in r) {
      errors[key] = r.error;
      return 0;
    }
    return r.value;
  };
  const input = {
    name: v.name,
    description: v.description,
    price: money('price', v.price, null),
    currency,
    interval: v.interval,
    intervalCount: num(v.intervalCount) as number,
    trialDays: num(v.trialDays, 0) as number,
    setupFee: money('setupFee', v.setupFee, 0),
    taxRateId: v.taxRateId === DEFAULT_TAX ? null : Number(v.taxRateId),
    features: v.features.map((f) => f.trim()).filter(Boolean),
    usage: v.usage.map((u, i) => ({
      metric: u.metric,
      included: num(u.included, 0) as number,
      overageUnitPrice: money(`usage.${i}.overageUnitPrice`, u.overage, 0),
    })),
    minimumTermCycles: num(v.minimumTermCycles, 0) as number,
    termEnd: v.termEnd,
    refundPolicy: v.refundPolicy,
    refundDays: v.refundPolicy === 'full_within_days' ? (num(v.refundDays, 0) as number) : 0,
    pausable: v.pausable,
    graceDays: num(v.graceDays, 0) as number,
  };
  return { input, moneyErrors: errors };
}

/** Create a plan, or edit one when `planId` is a number; a drawer over the plans list. */
export function PlanEditor({ planId, onClose }: { planId: number | 'new' | null; onClose: () => void }) {
  const plan = useQuery({
    queryKey: billingKeys.plan(typeof planId === 'number' ? planId : 0),
    queryFn: () => api.call('plans.get', { id: planId as number }),
    enabled: typeof planId === 'number',
  });
  const taxRates = useQuery({
    queryKey: billingKeys.taxRates(true),
    queryFn: () => api.call('taxRates.list', { includeArchived: true }),
    enabled: planId !== null,
  });
  const title = planId === 'new' ? 'New plan' : plan.data ? `Edit ${plan.data.name}` : planId ? 'Plan' : '';

  let body: ReactNode;
  if (planId === null) body = null;
  else if (planId !== 'new' && plan.isError)
    body = (
      <Alert color="red" icon={<IconInfoCircle size={18} />}>
        {plan.error.message}
      </Alert>
    );
  // Edit from fresh data only: a cached plan may predate a price change or its first subscriber.
  else if ((planId !== 'new' && !(plan.data && plan.isFetchedAfterMount)) || !taxRates.data)
    body = (
      <Stack>
        <Skeleton height={140} radius="lg" />
        <Skeleton height={180} radius="lg" />
        <Skeleton height={120} radius="lg" />
      </Stack>
    );
  else
    body = (
      <PlanForm
        key={planId === 'new' ? 'new' : planId}
        plan={planId === 'new' ? null : plan.data!}
        taxRates={taxRates.data}
        onClose={onClose}
      />
    );

  return (
    <Drawer
      opened={planId !== null}
      onClose={onClose}
      title={title}
      position="right"
      size={720}
      padding="lg"
      closeOnClickOutside={false}
      styles={{ title: { fontSize: 'var(--mantine-font-size-lg)', fontWeight: 650 } }}
    >
      {body}
    </Drawer>
  );
}

function Section({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children: ReactNode;
}) {
  return (
    <fieldset className={classes.section} style={{ margin: 0, minWidth: 0 }}>
      <Text component="legend" fw={600} px={6} ml={-6}>
        {title}
      </Text>
      {description && (
        <Text fz="xs" c="dimmed" mb="sm" mt={-4}>
          {description}
        </Text>
      )}
      <Stack gap="sm">{children}</Stack>
    </fieldset>
  );
}

function PlanForm({
  plan,
  taxRates,
  onClose,
}: {
  plan: Plan | null;
  taxRates: TaxRate[];
  onClose: () => void;
}) {
  const { can } = useAuth();
  const readOnly = !can('manager');
  const format = useFormat();
  const currency = plan?.currency ?? format.currency;
  const queryClient = useQueryClient();
  const form = useContractForm(contract['plans.create'].input, valuesOf(plan, currency), {
    toInput: (v) => inputOf(v, currency).input,
    // Money typed as text: its own words ("Enter an amount such as 12.50") on the field.
    check: (v) => inputOf(v, currency).moneyErrors,
  });
  const { values, errors } = form;
  const set = form.setFieldValue;
  const [busy, setBusy] = useState(false);
  const [askPrice, setAskPrice] = useState(false);
  const live = plan?.liveSubscriptions ?? 0;

  const defaultRate = taxRates.find((r) => r.isDefault && r.status === 'active') ?? null;
  const taxOptions = [
    {
      value: DEFAULT_TAX,
      label: defaultRate
        ? `Business default — ${defaultRate.name} ${format.percent(defaultRate.rateBps)} (${defaultRate.inclusive ? 'included' : 'added'})`
        : 'Business default — none set (no tax)',
    },
    ...taxRates
      .filter((r) => r.status === 'active' || String(r.id) === values.taxRateId)
      .map((r) => ({
        value: String(r.id),
        label: `${r.name} ${format.percent(r.rateBps)} (${r.inclusive ? 'included in the price' : 'added on top'})${r.status === 'archived' ? ' — archived' : ''}`,
      })),
  ];

  const example = useMemo(() => {
    const { input, moneyErrors } = inputOf(values, currency);
    if (moneyErrors.price || moneyErrors.setupFee || !input.intervalCount) return null;
    const rate =
      input.taxRateId === null ? defaultRate : (taxRates.find((r) => r.id === input.taxRateId) ?? null);
    return priceExample(
      {
        price: input.price,
        setupFee: input.setupFee,
        trialDays: input.trialDays || 0,
        interval: input.interval,
        intervalCount: input.intervalCount,
        tax: rate ? { name: rate.name, rateBps: rate.rateBps, inclusive: rate.inclusive } : null,
        minimumTermCycles: input.minimumTermCycles || 0,
        termEnd: input.termEnd,
      },
      format,
    );
  }, [values, currency, defaultRate, taxRates, format]);

  async function save(applyPriceTo?: 'new_only' | 'existing_too') {
    if (form.validate().hasErrors) return;
    const { input } = inputOf(form.values, currency);
    if (plan && live > 0 && input.price !== plan.price && !applyPriceTo) {
      setAskPrice(true);
      return;
    }
    setBusy(true);
    try {
      const saved = plan
        ? await api.call('plans.update', { id: plan.id, ...input, applyPriceTo })
        : await api.call('plans.create', input);
      queryClient.setQueryData(billingKeys.plan(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: ['plans'] });
      notifySuccess(
        plan ? `${saved.name} was saved.` : `${saved.name} is ready for subscribers.`,
        plan ? 'Plan saved' : 'Plan created',
      );
      onClose();
    } catch (error) {
      const fields = fieldErrorsOf(error);
      if (fields.applyPriceTo) {
        // Someone subscribed while the form was open: the core needs the answer after all.
        setAskPrice(true);
      } else {
        showCoreErrors(form, error);
        notifyError(error, plan ? 'Plan not saved' : 'Plan not created');
      }
    } finally {
      setBusy(false);
    }
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save();
  };

  const numberProps = (key: keyof Values, label: string, extra: object = {}) => ({
    label,
    value: values[key] as Num,
    onChange: (v: Num) => set(key, v as never),
    error: errors[key],
    allowDecimal: false,
    allowNegative: false,
    ...extra,
  });

  const setUsage = (i: number, patch: Partial<UsageRow>) =>
    set(
      'usage',
      values.usage.map((u, j) => (j === i ? { ...u, ...patch } : u)),
    );

  return (
    <form onSubmit={submit} noValidate>
      <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <Stack gap="lg">
          {readOnly && (
            <Alert color="gray" icon={<IconInfoCircle size={18} />}>
              Only a manager or the owner can change plans.
            </Alert>
          )}
          <Stack gap="sm">
            <TextInput
              label="Plan name"
              placeholder="e.g. Monthly membership"
              required
              data-autofocus
              value={values.name}
              onChange={(e) => set('name', e.currentTarget.value)}
              error={errors.name}
            />
            <Textarea
              label="Description"
              placeholder="What members get, in a sentence (optional)"
              autosize
              minRows={1}
              maxRows={4}
              value={values.description}
              onChange={(e) => set('description', e.currentTarget.value)}
              error={errors.description}
            />
          </Stack>

          <Section title="Price & schedule">
            <SimpleGrid cols={3} spacing="sm">
              <MoneyInput
                label="Price"
                required
                currency={currency}
                value={values.price}
                onChange={(v) => set('price', v)}
                error={errors.price}
                description={`In ${currency}, the business currency`}
              />
              <NumberInput
                {...numberProps('intervalCount', 'Bill every', {
                  min: 1,
                  max: 36,
                  required: true,
                  disabled: readOnly || live > 0,
                })}
              />
              <Select
                label="Interval"
                data={INTERVAL_OPTIONS}
                value={values.interval}
                allowDeselect={false}
                onChange={(v) => v && set('interval', v as IntervalUnit)}
                error={errors.interval ?? errors.currency}
                disabled={readOnly || live > 0}
              />
            </SimpleGrid>
            {live > 0 && (
              <Text fz="xs" c="dimmed">
                {live} live subscription{live === 1 ? '' : 's'} follow{live === 1 ? 's' : ''} this schedule,
                so the interval cannot change. Create a new plan and move members to it instead.
              </Text>
            )}
          </Section>

          <Section title="Trial & fees">
            <SimpleGrid cols={2} spacing="sm">
              <NumberInput
                {...numberProps('trialDays', 'Free trial', { min: 0, max: 365, suffix: ' days' })}
                description="0 for no trial; the first charge comes when it ends"
              />
              <MoneyInput
                label="Setup fee"
                currency={currency}
                value={values.setupFee}
                onChange={(v) => set('setupFee', v)}
                error={errors.setupFee}
                description="Charged once, with the first invoice"
              />
            </SimpleGrid>
          </Section>

          <Section title="Tax">
            <Select
              label="Tax rate"
              data={taxOptions}
              value={values.taxRateId}
              allowDeselect={false}
              onChange={(v) => v && set('taxRateId', v)}
              error={errors.taxRateId}
              description="Add or change rates under Plans → Tax rates"
            />
          </Section>

          <Section title="Terms">
            <SimpleGrid cols={2} spacing="sm">
              <NumberInput
                {...numberProps('minimumTermCycles', 'Minimum term', {
                  min: 0,
                  max: 120,
                  suffix: ' periods',
                })}
                description="Billing periods before a member can cancel; 0 for none"
              />
              <Radio.Group
                label="At the end of the minimum term"
                value={values.termEnd}
                onChange={(v) => set('termEnd', v as Values['termEnd'])}
                error={errors.termEnd}
              >
                <Group gap="lg" mt={8}>
                  <Radio value="renew" label="Keep renewing" />
                  <Radio value="expire" label="End the subscription" />
                </Group>
              </Radio.Group>
              <Select
                label="Refund when canceled now"
                data={Object.entries(REFUND_LABELS).map(([value, label]) => ({ value, label }))}
                value={values.refundPolicy}
                allowDeselect={false}
                onChange={(v) => v && set('refundPolicy', v as Plan['refundPolicy'])}
                error={errors.refundPolicy}
              />
              {values.refundPolicy === 'full_within_days' ? (
                <NumberInput
                  {...numberProps('refundDays', 'Full refund within', { min: 1, max: 365, suffix: ' days' })}
                  description="Days from the start of the period"
                />
              ) : (
                <div />
              )}
              <NumberInput
                {...numberProps('graceDays', 'Grace days', { min: 0, max: 90, suffix: ' days' })}
                description="How long a past-due subscription keeps access before it becomes unpaid"
              />
              <Switch
                mt={30}
                label="Members may pause this plan"
                checked={values.pausable}
                onChange={(e) => set('pausable', e.currentTarget.checked)}
              />
            </SimpleGrid>
          </Section>

          <Section title="Features" description="What the plan includes, listed for staff and on the plan.">
            {values.features.map((f, i) => (
              <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
                <TextInput
                  aria-label={`Feature ${i + 1}`}
                  placeholder="Unlimited classes"
                  value={f}
                  onChange={(e) => {
                    const text = e.currentTarget.value;
                    set(
                      'features',
                      values.features.map((x, j) => (j === i ? text : x)),
                    );
                  }}
                  error={errors[`features.${i}`]}
                  style={{ flex: 1 }}
                />
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="lg"
                  aria-label={`Remove feature ${i + 1}`}
                  onClick={() =>
                    set(
                      'features',
                      values.features.filter((_, j) => j !== i),
                    )
                  }
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            ))}
            <Group>
              <Button
                variant="subtle"
                size="compact-sm"
                leftSection={<IconPlus size={14} />}
                onClick={() => set('features', [...values.features, ''])}
                disabled={values.features.length >= 30}
              >
                Add feature
              </Button>
            </Group>
          </Section>

          <Section
            title="Usage allowances"
            description="For metered plans: how much is included each period, and the price of each unit over it (billed at renewal)."
          >
            {values.usage.length > 0 && (
              <div
                style={{
                  display: 'grid',
                  gridTemplateColumns: '1.4fr 1fr 1fr 36px',
                  gap: 'var(--mantine-spacing-xs)',
                  alignItems: 'start',
                }}
              >
                <Text fz="xs" c="dimmed" fw={500}>
                  Metric
                </Text>
                <Text fz="xs" c="dimmed" fw={500}>
                  Included per period
                </Text>
                <Text fz="xs" c="dimmed" fw={500}>
                  Price per extra unit
                </Text>
                <span />
                {values.usage.map((u, i) => [
                  <TextInput
                    key={`m${i}`}
                    aria-label={`Metric ${i + 1}`}
                    placeholder="classes"
                    value={u.metric}
                    onChange={(e) => setUsage(i, { metric: e.currentTarget.value })}
                    error={errors[`usage.${i}.metric`]}
                  />,
                  <NumberInput
                    key={`i${i}`}
                    aria-label={`Included ${i + 1}`}
                    min={0}
                    allowDecimal={false}
                    allowNegative={false}
                    value={u.included}
                    onChange={(v) => setUsage(i, { included: v })}
                    error={errors[`usage.${i}.included`]}
                  />,
                  <MoneyInput
                    key={`o${i}`}
                    aria-label={`Price per extra unit ${i + 1}`}
                    currency={currency}
                    value={u.overage}
                    onChange={(v) => setUsage(i, { overage: v })}
                    error={errors[`usage.${i}.overageUnitPrice`]}
                  />,
                  <ActionIcon
                    key={`r${i}`}
                    variant="subtle"
                    color="gray"
                    size="lg"
                    aria-label={`Remove allowance ${i + 1}`}
                    onClick={() =>
                      set(
                        'usage',
                        values.usage.filter((_, j) => j !== i),
                      )
                    }
                  >
                    <IconTrash size={16} />
                  </ActionIcon>,
                ])}
              </div>
            )}
            <Group>
              <Button
                variant="subtle"
                size="compact-sm"
                leftSection={<IconPlus size={14} />}
                onClick={() => set('usage', [...values.usage, { metric: '', included: 0, overage: '' }])}
                disabled={values.usage.length >= 10}
              >
                Add allowance
              </Button>
            </Group>
          </Section>
        </Stack>
      </fieldset>

      <div className={classes.stickyFooter}>
        <Stack gap="sm">
          <Paper radius="md" p="sm" bg="var(--mantine-primary-color-light)" aria-live="polite">
            <Group gap="sm" wrap="nowrap" align="flex-start">
              <ThemeIcon variant="transparent" size="sm" mt={2}>
                <IconBulb size={18} />
              </ThemeIcon>
              <Text fz="sm" data-testid="price-example">
                {example ?? 'Enter a price to see what a member pays.'}
              </Text>
            </Group>
          </Paper>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {readOnly ? 'Close' : 'Cancel'}
            </Button>
            {!readOnly && (
              <Button type="submit" loading={busy}>
                {plan ? 'Save plan' : 'Create plan'}
              </Button>
            )}
          </Group>
        </Stack>
      </div>

      <PriceQuestion
        opened={askPrice}
        live={live}
        onCancel={() => setAskPrice(false)}
        onChoose={(choice) => {
          setAskPrice(false);
          void save(choice);
        }}
        newPrice={(() => {
          const r = parseMoneyField(values.price, currency);
          return 'value' in r ? format.money(r.value, currency) : '';
        })()}
        oldPrice={plan ? format.money(plan.price, currency) : ''}
      />
    </form>
  );
}

function PriceQuestion({
  opened,
  live,
  oldPrice,
  newPrice,
  onCancel,
  onChoose,
}: {
  opened: boolean;
  live: number;
  oldPrice: string;
  newPrice: string;
  onCancel: () => void;
  onChoose: (choice: 'new_only' | 'existing_too') => void;
}) {
  const [choice, setChoice] = useState<'new_only' | 'existing_too'>('new_only');
  return (
    <Modal opened={opened} onClose={onCancel} title="Apply the new price to…" size={520} zIndex={400}>
      <Stack gap="md">
        <Text fz="sm">
          The price changes from {oldPrice} to {newPrice}. {live} member{live === 1 ? ' is' : 's are'}{' '}
          subscribed to this plan.
        </Text>
        <Radio.Group
          value={choice}
          onChange={(v) => setChoice(v as typeof choice)}
          aria-label="Apply the new price to"
        >
          <Stack gap="sm">
            <Radio
              value="new_only"
              label="New subscriptions only"
              description="Current subscribers keep paying the old price."
            />
            <Radio
              value="existing_too"
              label="Existing ones too, from their next renewal"
              description="The current period is already invoiced; the next renewal bills the new price."
            />
          </Stack>
        </Radio.Group>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button onClick={() => onChoose(choice)}>Save with this choice</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
