import { useState, type FormEvent } from 'react';
import {
  Button,
  Group,
  Modal,
  NumberInput,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Member, Subscription } from '../../../../shared/contract';
import { api } from '../../api';
import { useFormat } from '../../app/format';
import { notifyError, notifySuccess } from '../../app/notify';
import { fieldErrorsOf } from '../../components/forms';
import { MemberPicker } from '../../components/MemberPicker';
import { billingKeys, type PreviewInput } from './keys';
import { cardKeys, cardName } from './cards';
import { planPrice } from './labels';
import { PreviewPanel } from './PreviewPanel';
import { usePreview } from './usePreview';
import classes from './billing.module.css';

/** Put a member on a plan: choose, see exactly what is billed (the core's preview), confirm. */
export function StartSubscriptionModal({
  opened,
  onClose,
  member,
  onStarted,
}: {
  opened: boolean;
  onClose: () => void;
  /** The member, when started from their page; otherwise the dialog asks for one. */
  member?: Pick<Member, 'id' | 'firstName' | 'lastName'>;
  onStarted?: (sub: Subscription) => void;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={
        member ? `Start a subscription for ${member.firstName} ${member.lastName}` : 'Start a subscription'
      }
      size={1040}
      closeOnClickOutside={false}
    >
      <StartForm member={member} onClose={onClose} onStarted={onStarted} />
    </Modal>
  );
}

function StartForm({
  member,
  onClose,
  onStarted,
}: {
  member?: Pick<Member, 'id' | 'firstName' | 'lastName'>;
  onClose: () => void;
  onStarted?: (sub: Subscription) => void;
}) {
  const format = useFormat();
  const queryClient = useQueryClient();
  const [memberId, setMemberId] = useState<number | null>(member?.id ?? null);
  const [planId, setPlanId] = useState<string | null>(null);
  const [startDate, setStartDate] = useState('');
  const [billingDay, setBillingDay] = useState<number | string>('');
  const [coupon, setCoupon] = useState('');
  const [appliedCoupon, setAppliedCoupon] = useState('');
  const [collection, setCollection] = useState<'manual' | 'automatic'>('manual');
  const [submitErrors, setSubmitErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  // An answer from a failed confirm belongs to the inputs it was for: any change clears it.
  const changed =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      setSubmitErrors({});
      set(v);
    };

  const cards = useQuery({
    queryKey: cardKeys.list(memberId ?? 0),
    queryFn: () => api.call('paymentMethods.list', { memberId: memberId! }),
    enabled: memberId !== null,
  });
  const defaultCard = cards.data?.find((c) => c.isDefault && !c.expired) ?? null;
  // Automatic collection needs a card to charge: switching member back to one without falls back to the desk.
  const effectiveCollection = collection === 'automatic' && !defaultCard ? 'manual' : collection;

  const plans = useQuery({
    queryKey: billingKeys.plans('active'),
    queryFn: () => api.call('plans.list', { status: 'active' }),
  });
  const plan = plans.data?.find((p) => String(p.id) === planId) ?? null;
  const dayAllowed = plan ? plan.interval === 'month' || plan.interval === 'year' : true;
  const day = billingDay === '' || !dayAllowed ? undefined : Number(billingDay);
  const dayValid = day === undefined || (Number.isInteger(day) && day >= 1 && day <= 31);

  const input: Extract<PreviewInput, { action: 'create' }> | null =
    memberId && plan && dayValid
      ? {
          action: 'create',
          memberId,
          planId: plan.id,
          startDate: startDate || undefined,
          billingDay: day,
          couponCode: appliedCoupon || undefined,
          collection: effectiveCollection,
        }
      : null;
  const { preview, error, loading, ready } = usePreview(input);
  // The core writes dates into its messages as YYYY-MM-DD ("expired on 2026-04-01"): show them as dates.
  const fields = Object.fromEntries(
    Object.entries({ ...fieldErrorsOf(error), ...submitErrors }).map(([k, v]) => [k, format.text(v)]),
  );

  const applyCoupon = () => {
    setSubmitErrors({});
    setAppliedCoupon(coupon.trim().toUpperCase());
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!input || !ready) return;
    if (coupon.trim().toUpperCase() !== appliedCoupon) {
      // The coupon typed was not applied yet: apply it and let the operator see the new preview first.
      applyCoupon();
      return;
    }
    const { action: _action, ...create } = input;
    setBusy(true);
    try {
      const sub = await api.call('subscriptions.create', create);
      notifySuccess(
        `${sub.memberName} is subscribed to ${sub.planName}.${preview && preview.amountDue > 0 ? ` ${format.money(preview.amountDue)} is due now.` : ''}`,
        'Subscription started',
      );
      void queryClient.invalidateQueries({
        predicate: (q) => ['subscriptions', 'invoices', 'billing', 'plans'].includes(String(q.queryKey[0])),
      });
      onClose();
      onStarted?.(sub);
    } catch (e) {
      setSubmitErrors(fieldErrorsOf(e));
      notifyError(e, 'Subscription not started');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <div className={classes.split}>
        <Stack gap="sm">
          {!member && (
            <MemberPicker
              label="Member"
              required
              value={memberId}
              onChange={(id) => changed(setMemberId)(id)}
              error={fields.memberId}
            />
          )}
          <Select
            label="Plan"
            required
            placeholder={plans.isPending ? 'Loading plans…' : 'Choose a plan'}
            data={(plans.data ?? []).map((p) => ({
              value: String(p.id),
              label: `${p.name} — ${planPrice(format, p)}`,
            }))}
            value={planId}
            onChange={changed(setPlanId)}
            searchable
            nothingFoundMessage="No active plan has that name"
            error={fields.planId}
            data-autofocus
          />
          <SimpleGrid cols={2} spacing="sm">
            <TextInput
              label="Start date"
              type="date"
              max="9999-12-31"
              description="Empty: today"
              value={startDate}
              onChange={(e) => changed(setStartDate)(e.currentTarget.value)}
              error={fields.startDate}
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
              value={dayAllowed ? billingDay : ''}
              onChange={changed(setBillingDay)}
              error={fields.billingDay ?? (dayValid ? undefined : 'Choose a day from 1 to 31')}
            />
          </SimpleGrid>
          {dayAllowed && billingDay !== '' && (
            <Text fz="xs" c="dimmed" mt={-6}>
              Renews on day {billingDay} of the month; the first period is prorated.
            </Text>
          )}
          <TextInput
            label="Coupon code"
            placeholder="Optional"
            description={
              appliedCoupon
                ? `${appliedCoupon} is in the preview`
                : 'Press Enter or Apply to see it in the preview'
            }
            value={coupon}
            onChange={(e) => setCoupon(e.currentTarget.value.toUpperCase())}
            onBlur={applyCoupon}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                applyCoupon();
              }
            }}
            error={fields.couponCode}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            rightSectionWidth={70}
            rightSection={
              <Button size="compact-xs" variant="subtle" onClick={applyCoupon} disabled={!coupon.trim()}>
                Apply
              </Button>
            }
          />
          <Radio.Group
            label="Payment"
            value={effectiveCollection}
            onChange={(v) => setCollection(v as typeof collection)}
          >
            <Stack gap={8} mt={6}>
              <Radio
                value="manual"
                label="At the desk"
                description="Cash, bank transfer or card terminal, per invoice"
              />
              <Radio
                value="automatic"
                disabled={!defaultCard}
                label="Automatic card payments"
                description={
                  defaultCard
                    ? `Charged to ${cardName(defaultCard)} on each billing date`
                    : memberId
                      ? 'Add a card first (member page → Cards)'
                      : 'Needs a card on file'
                }
              />
            </Stack>
          </Radio.Group>
          {plans.data && plans.data.length === 0 && (
            <Text fz="sm" c="orange">
              There are no active plans yet: create one under Plans first.
            </Text>
          )}
        </Stack>
        <Stack gap="sm" style={{ minWidth: 0 }}>
          <Text fz="sm" fw={500}>
            What happens
          </Text>
          <PreviewPanel
            preview={preview}
            loading={loading}
            error={error}
            idle={
              memberId
                ? 'Choose a plan to see exactly what is billed.'
                : 'Choose a member and a plan to see exactly what is billed.'
            }
          />
        </Stack>
      </div>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" loading={busy} disabled={!ready}>
          Confirm and start
        </Button>
      </Group>
    </form>
  );
}
