import { Button, NumberInput, Radio, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { BillingPreview, PaymentMethod } from '../../../../shared/contract';
import { api } from '../../api';
import { useFormat } from '../../app/format';
import type { FieldErrors } from '../../components/forms';
import { cardName } from '../billing/cards';
import { billingKeys } from '../billing/keys';
import { planPrice } from '../billing/labels';
import { PreviewPanel } from '../billing/PreviewPanel';
import classes from '../billing/billing.module.css';

export interface PlanChoice {
  planId: string | null;
  startDate: string;
  /** '' for the start's own day; a renewal day of the month (monthly and yearly plans only). */
  billingDay: string;
  coupon: string;
  appliedCoupon: string;
  collection: 'automatic' | 'manual';
}

/** Step 2: plan, start date and coupon, with the exact preview of what is billed beside them. */
export function PlanStep({
  value,
  onChange,
  errors,
  defaultCard,
  preview,
}: {
  value: PlanChoice;
  onChange: (next: PlanChoice) => void;
  errors: FieldErrors;
  defaultCard: PaymentMethod | null;
  preview: { preview: BillingPreview | undefined; loading: boolean; error: unknown };
}) {
  const format = useFormat();
  const plans = useQuery({
    queryKey: billingKeys.plans('active'),
    queryFn: () => api.call('plans.list', { status: 'active' }),
  });
  const set = <K extends keyof PlanChoice>(key: K, v: PlanChoice[K]) => onChange({ ...value, [key]: v });
  const chosen = plans.data?.find((p) => String(p.id) === value.planId);
  const dayAllowed = !chosen || chosen.interval === 'month' || chosen.interval === 'year';
  const applyCoupon = () => set('appliedCoupon', value.coupon.trim().toUpperCase());

  return (
    <div className={classes.split}>
      <Stack gap="sm">
        <Select
          label="Plan"
          required
          placeholder={plans.isPending ? 'Loading plans…' : 'Choose a plan'}
          data={(plans.data ?? []).map((p) => ({
            value: String(p.id),
            label: `${p.name} — ${planPrice(format, p)}`,
          }))}
          value={value.planId}
          // A billing day is for monthly and yearly plans: another plan drops it.
          onChange={(v) => onChange({ ...value, planId: v, billingDay: '' })}
          searchable
          nothingFoundMessage="No active plan has that name"
          error={errors.planId}
          data-autofocus
        />
        {plans.data && plans.data.length === 0 && (
          <Text fz="sm" c="orange">
            There are no active plans yet: create one under Plans first.
          </Text>
        )}
        <SimpleGrid cols={2} spacing="sm">
          <TextInput
            label="Start date"
            type="date"
            max="9999-12-31"
            description="Empty: today"
            value={value.startDate}
            onChange={(e) => set('startDate', e.currentTarget.value)}
            error={errors.startDate}
          />
          <NumberInput
            label="Billing day"
            placeholder="Start's day"
            description={dayAllowed ? 'Optional, 1–31' : 'Monthly or yearly only'}
            min={1}
            max={31}
            allowDecimal={false}
            allowNegative={false}
            disabled={!dayAllowed}
            value={value.billingDay}
            onChange={(v) => set('billingDay', String(v))}
            error={errors.billingDay}
          />
        </SimpleGrid>
        {value.billingDay !== '' && (
          <Text fz="xs" c="dimmed" mt={-6}>
            Renews on day {value.billingDay} of the month; the first period is prorated.
          </Text>
        )}
        <TextInput
          label="Coupon code"
          placeholder="Optional"
          description={
            value.appliedCoupon
              ? `${value.appliedCoupon} is in the preview`
              : 'Press Enter or Apply to see it'
          }
          value={value.coupon}
          onChange={(e) => set('coupon', e.currentTarget.value.toUpperCase())}
          onBlur={applyCoupon}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              applyCoupon();
            }
          }}
          error={errors.couponCode ? format.text(errors.couponCode) : undefined}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          rightSectionWidth={70}
          rightSection={
            <Button size="compact-xs" variant="subtle" onClick={applyCoupon} disabled={!value.coupon.trim()}>
              Apply
            </Button>
          }
        />
        <Radio.Group
          label="Renewals"
          value={value.collection}
          onChange={(v) => set('collection', v as PlanChoice['collection'])}
        >
          <Stack gap={8} mt={6}>
            <Radio
              value="automatic"
              label="Charge the card automatically"
              description={
                defaultCard
                  ? `${cardName(defaultCard)}, or the card paid with today`
                  : 'The card paid with today becomes the one charged'
              }
            />
            <Radio value="manual" label="Pay at the desk" description="An invoice each period" />
          </Stack>
        </Radio.Group>
      </Stack>
      <Stack gap="sm" style={{ minWidth: 0 }}>
        <Text fz="sm" fw={500}>
          What is sold
        </Text>
        <PreviewPanel
          preview={preview.preview}
          loading={preview.loading}
          error={preview.error}
          idle="Choose a plan to see exactly what is billed."
        />
      </Stack>
    </div>
  );
}
