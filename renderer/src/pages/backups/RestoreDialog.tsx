import { Alert, Button, Group, Loader, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { BackupContents } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import { api } from '../../api';
import { useAuth } from '../../app/auth';
import { useFormat } from '../../app/format';
import { errorMessage } from '../../app/notify';

/**
 * The confirmation before a restore (DESIGN §13): it names the backup's date and what it holds, read
 * from the file itself by backups.inspect, and says what happens to today's data and to sessions.
 */
export function RestoreDialog({
  file,
  label,
  onClose,
}: {
  file: string;
  label: string;
  onClose: () => void;
}) {
  const format = useFormat();
  const { logout } = useAuth();
  const [passphrase, setPassphrase] = useState('');
  const [tried, setTried] = useState<string | undefined>(undefined);
  const inspect = useQuery({
    queryKey: ['backups', 'inspect', file, tried],
    queryFn: () => api.call('backups.inspect', { file, ...(tried ? { passphrase: tried } : {}) }),
    retry: false,
  });
  const restore = useMutation({
    mutationFn: () => api.call('backups.restore', { file, ...(tried ? { passphrase: tried } : {}) }),
  });
  const needsPassphrase = inspect.error instanceof AppError && Boolean(inspect.error.fields?.passphrase);

  if (restore.isSuccess) {
    return (
      <Modal opened onClose={() => void logout()} title="Backup restored" centered withCloseButton={false}>
        <Stack>
          <Text>
            Recur now holds the data of {label}. What was there before was kept as a backup: it is listed as
            “Before a restore”.
          </Text>
          <Text>Everyone has been signed out. Sign in again to continue.</Text>
          <Group justify="flex-end">
            <Button onClick={() => void logout()}>Sign in again</Button>
          </Group>
        </Stack>
      </Modal>
    );
  }

  return (
    <Modal opened onClose={onClose} title="Restore this backup?" centered size="lg">
      <Stack>
        {inspect.isPending && (
          <Group gap="sm">
            <Loader size="sm" />
            <Text>Checking the backup…</Text>
          </Group>
        )}
        {needsPassphrase && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              setTried(passphrase);
            }}
          >
            <Stack gap="xs">
              <Text>This backup is encrypted. Enter its passphrase to see what it holds.</Text>
              <PasswordInput
                label="Passphrase"
                value={passphrase}
                onChange={(e) => setPassphrase(e.currentTarget.value)}
                error={tried ? inspect.error?.message : undefined}
                autoFocus
              />
              <Group justify="flex-end">
                <Button type="submit" variant="light">
                  Open
                </Button>
              </Group>
            </Stack>
          </form>
        )}
        {inspect.isError && !needsPassphrase && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} title="This backup cannot be restored">
            {errorMessage(inspect.error)}
          </Alert>
        )}
        {inspect.data && <Contents contents={inspect.data} label={label} format={format} />}
        {restore.isError && (
          <Alert color="red" title="Nothing was restored">
            {errorMessage(restore.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={restore.isPending}>
            Cancel
          </Button>
          <Button
            color="red"
            disabled={!inspect.data}
            loading={restore.isPending}
            onClick={() => restore.mutate()}
          >
            Restore {label}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function Contents({
  contents,
  label,
  format,
}: {
  contents: BackupContents;
  label: string;
  format: ReturnType<typeof useFormat>;
}) {
  return (
    <Stack gap="xs">
      <Text>
        Recur will go back to <b>{label}</b>
        {contents.businessName ? ` for ${contents.businessName}` : ''}. The backup holds:
      </Text>
      <Text component="ul" my={0}>
        <li>{format.number(contents.members)} members</li>
        <li>{format.number(contents.invoices)} invoices</li>
        <li>
          {contents.lastPaymentAt
            ? `${format.number(contents.payments)} payments, the last on ${format.dateTime(contents.lastPaymentAt)}`
            : 'no payments'}
        </li>
      </Text>
      {contents.schema === 'older' && (
        <Text fz="sm" c="dimmed">
          It was made by an earlier version of Recur and is upgraded when restored.
        </Text>
      )}
      <Alert color="orange" icon={<IconAlertTriangle size={18} />}>
        Everything entered since then is replaced. Today’s data is kept as a backup first, so you can come
        back to it. Everyone is signed out.
      </Alert>
    </Stack>
  );
}
