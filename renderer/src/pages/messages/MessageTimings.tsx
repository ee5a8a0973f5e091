import { useState } from 'react';
import {
  Button,
  Group,
  NumberInput,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MessageSettings } from '../../../../shared/contract';
import { api } from '../../api';
import { useAuth } from '../../app/auth';
import { notifyError, notifySuccess } from '../../app/notify';
import { fieldErrorsOf, type FieldErrors } from '../../components/forms';

const key = ['messages', 'settings'] as const;

/** When reminders go out, quiet hours for texts, the come-back coupon and the owner's digest. */
export function MessageTimings() {
  const settings = useQuery({ queryKey: key, queryFn: () => api.call('messages.settings', {}) });
  if (settings.isPending) return <Skeleton height={260} radius="lg" />;
  if (settings.isError)
    return (
      <Text c="red" fz="sm">
        {settings.error.message}
      </Text>
    );
  return <TimingsForm initial={settings.data} />;
}

function TimingsForm({ initial }: { initial: MessageSettings }) {
  const { can } = useAuth();
  const queryClient = useQueryClient();
  const [v, setV] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = <K extends keyof MessageSettings>(k: K, value: MessageSettings[K]) =>
    setV((s) => ({ ...s, [k]: value }));
  const save = useMutation({
    mutationFn: () => api.call('messages.saveSettings', v),
    onSuccess: (next) => {
      queryClient.setQueryData(key, next);
      setErrors({});
      notifySuccess('Message settings saved.');
    },
    onError: (e) => {
      setErrors(fieldErrorsOf(e));
      notifyError(e, 'The settings were not saved');
    },
  });
  const owner = can('owner');
  const days = (k: keyof MessageSettings, label: string, description: string) => (
    <NumberInput
      label={label}
      description={description}
      suffix=" days"
      min={1}
      value={v[k] as number}
      onChange={(n) => set(k, (typeof n === 'number' ? n : 0) as never)}
      error={errors[k]}
      disabled={!owner}
    />
  );
  return (
    <Paper withBorder radius="lg" p="lg">
      <Stack gap="md">
        <Text fw={600}>When reminders go out</Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {days('renewalReminderDays', 'Renewal reminder', 'Before a renewal')}
          {days('trialEndingDays', 'Trial ending', 'Before a trial ends')}
          {days('cardExpiringDays', 'Card expiring', 'Before the card expires')}
          {days('membershipExpiringDays', 'Membership expiring', 'Before it ends')}
          {days('comeBackDays', 'Come back', 'After it ended')}
          <TextInput
            label="Come-back coupon code"
            description="Offered in the come-back message"
            placeholder="None"
            value={v.comeBackCoupon ?? ''}
            onChange={(e) => set('comeBackCoupon', e.currentTarget.value || null)}
            error={errors.comeBackCoupon}
            disabled={!owner}
          />
        </SimpleGrid>
        <Switch
          label="Renewal reminders for monthly plans too"
          description="Off by default: a reminder every month is more noise than help."
          checked={v.renewalReminderMonthly}
          onChange={(e) => set('renewalReminderMonthly', e.currentTarget.checked)}
          disabled={!owner}
        />
        <Text fw={600} mt="xs">
          Quiet hours for texts
        </Text>
        <Group>
          <TextInput
            label="From"
            w={120}
            value={v.quietFrom}
            onChange={(e) => set('quietFrom', e.currentTarget.value)}
            error={errors.quietFrom}
            disabled={!owner}
          />
          <TextInput
            label="Until"
            w={120}
            value={v.quietUntil}
            onChange={(e) => set('quietUntil', e.currentTarget.value)}
            error={errors.quietUntil}
            disabled={!owner}
          />
          <Text fz="sm" c="dimmed" mt={22} maw={360}>
            Texts queued in these hours wait until they end (business time zone). Emails are not held.
          </Text>
        </Group>
        <Text fw={600} mt="xs">
          Morning digest
        </Text>
        <Group align="flex-end">
          <Switch
            label="Also email me the digest"
            checked={v.digestEmail}
            onChange={(e) => set('digestEmail', e.currentTarget.checked)}
            disabled={!owner}
          />
          <TextInput
            label="Send it to"
            placeholder="The business email"
            w={280}
            value={v.digestTo ?? ''}
            onChange={(e) => set('digestTo', e.currentTarget.value || null)}
            error={errors.digestTo}
            disabled={!owner || !v.digestEmail}
          />
        </Group>
        {owner && (
          <Group justify="flex-end">
            <Button
              leftSection={<IconDeviceFloppy size={16} />}
              onClick={() => save.mutate()}
              loading={save.isPending}
            >
              Save
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
