import { Button } from '@mantine/core';
import { IconPlayerPlay } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import type { Member } from '../../../../shared/contract';
import { api } from '../../api';
import { useFormat } from '../../app/format';
import { notifyError, notifySuccess } from '../../app/notify';

/**
 * One click at the desk brings back a member whose membership expired or was canceled: the same
 * subscription, active from today (billed as its plan says; a period already paid for simply goes on).
 */
export function ReactivateButton({ member }: { member: Member }) {
  const format = useFormat();
  const id = member.membership.subscriptionId;
  const reactivate = useMutation({
    mutationFn: () => api.call('subscriptions.reactivate', { id: id! }),
    onSuccess: (s) =>
      notifySuccess(
        `${s.planName} is active again; next renewal ${format.date(s.currentPeriodEnd)}.`,
        `${member.firstName} is back`,
      ),
    onError: (e) => notifyError(e, 'Not reactivated'),
  });
  if (member.status !== 'active' || member.membership.status !== 'expired' || !id) return null;
  return (
    <Button
      variant="light"
      color="teal"
      leftSection={<IconPlayerPlay size={16} />}
      loading={reactivate.isPending}
      onClick={() => reactivate.mutate()}
    >
      Reactivate{member.membership.planName ? ` ${member.membership.planName}` : ''}
    </Button>
  );
}
