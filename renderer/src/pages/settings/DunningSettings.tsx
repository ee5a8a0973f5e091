import {
  Alert,
  Button,
  Group,
  NumberInput,
  Paper,
  Radio,
  Skeleton,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { dunningPolicyInput, type DunningPolicy } from '../../../../shared/contract/dunning';
import { api } from '../../api';
import { useAuth } from '../../app/auth';
import { notifyError, notifySuccess } from '../../app/notify';
import { showCoreErrors, useContractForm } from '../../components/forms';

export const dunningKey = ['settings', 'dunning'] as const;

/** "1, 4, 10" → [1, 4, 10]; anything unreadable stays NaN so the schema names the problem. */
const parseDays = (text: string) =>
  text
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map((d) => (/^\d+$/.test(d) ? Number(d) : Number.NaN));

const EXHAUSTED: Array<{ value: DunningPolicy['whenExhausted']; label: string; hint: string }> = [
  {
    value: 'unpaid',
    label: 'Mark the subscription unpaid',
    hint: 'Renewals stop; the member stays blocked until they pay. (Recommended)',
  },
  { value: 'cancel', label: 'Cancel the subscription', hint: 'It ends today; what is owed stays owed.' },
  {
    value: 'past_due',
    label: 'Leave it past due',
    hint: 'It keeps renewing; the desk chases the money from the debtors list.',
  },
];

/** Settings → Billing: how failed card payments are chased (DESIGN §11). Owners edit; others read. */
export function DunningSettings() {
  const { can } = useAuth();
  const policy = useQuery({ queryKey: dunningKey, queryFn: () => api.call('dunning.policy', {}) });
  if (!policy.data)
    return policy.isError ? (
      <Alert color="red">{policy.error.message}</Alert>
    ) : (
      <Skeleton height={360} radius="lg" />
    );
  // Keyed by when the policy was read: a save starts the form afresh from what was stored.
  return <DunningForm key={policy.dataUpdatedAt} policy={policy.data} editable={can('owner')} />;
}

function DunningForm({ policy, editable }: { policy: DunningPolicy; editable: boolean }) {
  const queryClient = useQueryClient();
  const form = useContractForm(
    dunningPolicyInput,
    {
      retryDays: policy.retryDays.join(', '),
      whenExhausted: policy.whenExhausted,
      markUncollectible: policy.markUncollectible,
      stripeRequestsPerSecond: policy.stripeRequestsPerSecond as number | null,
    },
    { toInput: (v) => ({ ...v, retryDays: parseDays(v.retryDays) }) },
  );

  const save = useMutation({
    mutationFn: (input: DunningPolicy) => api.call('dunning.savePolicy', input),
    onSuccess: (saved) => {
      queryClient.setQueryData(dunningKey, saved);
      notifySuccess('Saved. New failed payments follow this schedule.', 'Dunning policy');
    },
    onError: (e) => {
      showCoreErrors(form, e);
      notifyError(e, 'Not saved');
    },
  });

  const submit = form.onSubmit((v) =>
    save.mutate({ ...v, retryDays: parseDays(v.retryDays) } as DunningPolicy),
  );

  // Errors on one day ("retryDays.2") are shown under the one field.
  const retryError = Object.entries(form.errors).find(([k]) => k.startsWith('retryDays'))?.[1];
  return (
    <Paper withBorder radius="lg" p="lg" maw={820} component="form" onSubmit={submit} noValidate>
      <Stack gap="lg">
        <div>
          <Text fw={600}>Failed card payments</Text>
          <Text fz="sm" c="dimmed">
            When a card is declined the member is told at once, with the amount and a link to pay. Recur tries
            the card again on these days after the first decline. A stolen, lost or expired card is not
            retried: the member is asked for a new one. A new card, or a payment at the desk, ends it.
          </Text>
        </div>
        <TextInput
          label="Retry after (days after the first decline)"
          description="Each later than the one before, at most 60 days. Default: 1, 4, 10."
          {...form.getInputProps('retryDays')}
          error={retryError}
          disabled={!editable}
          maw={360}
          data-testid="retry-days"
        />
        <Radio.Group label="When the last retry fails" {...form.getInputProps('whenExhausted')}>
          <Stack gap="xs" mt="xs">
            {EXHAUSTED.map((o) => (
              <Radio
                key={o.value}
                value={o.value}
                label={o.label}
                description={o.hint}
                disabled={!editable}
              />
            ))}
          </Stack>
        </Radio.Group>
        <Switch
          label="Also mark the invoice uncollectible"
          description="It leaves the debtors list; if the member pays later it is still recorded."
          {...form.getInputProps('markUncollectible', { type: 'checkbox' })}
          disabled={!editable}
        />
        <Text fz="sm" c="dimmed">
          Past-due members keep access for their plan’s grace days; after that they show as blocked on the
          member page, in the members list and in search.
        </Text>
        <NumberInput
          label="Stripe requests per second"
          description="Leave empty for a safe default under Stripe’s limit: 20 with test keys, 80 live."
          placeholder="Default"
          min={1}
          max={100}
          allowDecimal={false}
          value={form.values.stripeRequestsPerSecond ?? ''}
          onChange={(v) => form.setFieldValue('stripeRequestsPerSecond', typeof v === 'number' ? v : null)}
          error={form.errors.stripeRequestsPerSecond}
          disabled={!editable}
          maw={360}
        />
        {editable ? (
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save policy
            </Button>
          </Group>
        ) : (
          <Text fz="sm" c="dimmed">
            Only the owner changes the policy.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
