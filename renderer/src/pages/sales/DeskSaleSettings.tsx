import { Paper, Stack, Switch, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { useAuth } from '../../app/auth';
import { notifyError, notifySuccess } from '../../app/notify';

/** Settings → Billing: whether the desk may sell a membership with its invoice to pay later. */
export function DeskSaleSettings() {
  const { can } = useAuth();
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => api.call('settings.get', {}) });
  const save = useMutation({
    mutationFn: (deskPayLater: boolean) => api.call('settings.update', { deskPayLater }),
    onSuccess: (saved) => {
      queryClient.setQueryData(['settings'], saved);
      notifySuccess(
        saved.deskPayLater
          ? 'The desk can sell a membership with its invoice to pay later.'
          : 'Every desk sale is paid before it starts (a trial excepted).',
        'Desk sales saved',
      );
    },
    onError: (e) => notifyError(e, 'Not saved'),
  });
  return (
    <Paper withBorder radius="lg" p="lg" mt="lg" maw={720} role="region" aria-label="Desk sales">
      <Stack gap="xs">
        <Text fw={600}>Desk sales</Text>
        <Switch
          label="Allow “invoice, pay later”"
          description="The membership starts at once and its first invoice stays open, due within the payment terms."
          checked={settings.data?.deskPayLater ?? true}
          disabled={!settings.data || !can('owner') || save.isPending}
          onChange={(e) => save.mutate(e.currentTarget.checked)}
        />
      </Stack>
    </Paper>
  );
}
