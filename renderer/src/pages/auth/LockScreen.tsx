import { useState, type FormEvent } from 'react';
import { Alert, Anchor, Avatar, Button, Group, PasswordInput, Stack, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { api } from '../../api';
import { useAuth } from '../../app/auth';
import { errorMessage } from '../../app/notify';
import { initials } from '../../components/initials';
import { AuthLayout } from './AuthLayout';

/** Shown after idle time or when the session ended: the data is hidden until the same operator returns. */
export function LockScreen() {
  const { operator, lockReason, unlocked, logout } = useAuth();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!operator) return;
    setBusy(true);
    setFailure(null);
    try {
      await api.call('auth.login', { email: operator.email, password });
      await unlocked();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthLayout title="Recur is locked" subtitle={lockReason ?? 'Enter your password to carry on.'}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Group gap="sm">
            <Avatar color="brand" radius="xl" size={44}>
              {initials(operator?.name ?? '')}
            </Avatar>
            <div>
              <Text fw={600}>{operator?.name}</Text>
              <Text fz="sm" c="dimmed">
                {operator?.email}
              </Text>
            </div>
          </Group>
          {failure && (
            <Alert color="red" variant="light" role="alert">
              {failure}
            </Alert>
          )}
          <PasswordInput
            label="Password"
            required
            autoFocus
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <Button type="submit" size="md" loading={busy} leftSection={<IconLock size={18} />} fullWidth>
            Unlock
          </Button>
          <Text fz="sm" ta="center">
            Not {operator?.name.split(' ')[0]}?{' '}
            <Anchor component="button" type="button" onClick={() => void logout()}>
              Sign in as someone else
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthLayout>
  );
}
