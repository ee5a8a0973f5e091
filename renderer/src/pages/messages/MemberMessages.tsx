import { Alert, Checkbox, Group, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MemberMessageChoices } from '../../../../shared/contract';
import { api } from '../../api';
import { notifyError, notifySuccess } from '../../app/notify';

/**
 * A member's message choices: email, SMS or both; reminders may be refused, receipts and
 * failed-payment notices may not. A phone that cannot take texts is flagged here.
 */
export function MemberMessages({ memberId }: { memberId: number }) {
  const queryClient = useQueryClient();
  const key = ['messages', 'member', memberId];
  const choices = useQuery({
    queryKey: key,
    queryFn: () => api.call('messages.memberChoices', { memberId }),
  });
  const save = useMutation({
    mutationFn: (next: Pick<MemberMessageChoices, 'email' | 'sms' | 'refuseReminders'>) =>
      api.call('messages.saveMemberChoices', { memberId, ...next }),
    onSuccess: (next) => {
      queryClient.setQueryData(key, next);
      notifySuccess('Message choices saved.');
    },
    onError: (e) => notifyError(e, 'The choices were not saved'),
  });
  if (choices.isPending) return <Skeleton height={90} radius="lg" />;
  if (choices.isError) return null;
  const c = choices.data;
  const change = (k: 'email' | 'sms' | 'refuseReminders', v: boolean) =>
    save.mutate({ email: c.email, sms: c.sms, refuseReminders: c.refuseReminders, [k]: v });
  return (
    <Paper withBorder radius="lg" p="md" aria-label="Messages">
      <Stack gap="xs">
        <Text fw={600} fz="sm">
          Messages
        </Text>
        <Group gap="lg">
          <Checkbox
            label="Email"
            checked={c.email}
            disabled={!c.hasEmail || save.isPending}
            onChange={(e) => change('email', e.currentTarget.checked)}
          />
          <Checkbox
            label={c.phoneE164 ? `SMS to ${c.phoneE164}` : 'SMS'}
            checked={c.sms}
            disabled={(!c.phoneE164 && !c.sms) || save.isPending}
            onChange={(e) => change('sms', e.currentTarget.checked)}
          />
          <Checkbox
            label="No reminders or come-back messages"
            checked={c.refuseReminders}
            disabled={save.isPending}
            onChange={(e) => change('refuseReminders', e.currentTarget.checked)}
          />
        </Group>
        <Text fz="xs" c="dimmed">
          Receipts and failed-payment notices are always sent.
        </Text>
        {c.phoneProblem && (
          <Alert
            color="orange"
            variant="light"
            icon={<IconAlertTriangle size={16} />}
            p="xs"
            data-testid="phone-problem"
          >
            {c.phoneProblem} Texts to this member are skipped.
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
