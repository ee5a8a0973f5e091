import { useState, type FormEvent } from 'react';
import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  PasswordInput,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconInfoCircle, IconMessage, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { notifyError, notifySuccess } from '../../app/notify';
import { fieldErrorsOf, type FieldErrors } from '../../components/forms';

const key = ['settings', 'sms'] as const;

/** Twilio credentials (owner only). The auth token is a secret: it is sent, never shown back. */
export function SmsSettings() {
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: key, queryFn: () => api.call('sms.settings', {}) });
  const [sid, setSid] = useState<string | null>(null);
  const [token, setToken] = useState('');
  const [from, setFrom] = useState<string | null>(null);
  const [testTo, setTestTo] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useMutation({
    mutationFn: () =>
      api.call('sms.saveSettings', {
        accountSid: sid ?? settings.data?.accountSid ?? '',
        ...(token ? { authToken: token } : {}),
        from: from ?? settings.data?.from ?? '',
      }),
    onSuccess: (next) => {
      queryClient.setQueryData(key, next);
      setToken('');
      setErrors({});
      notifySuccess('Twilio accepted the credentials. Texts can go out.');
    },
    onError: (e) => {
      setErrors(fieldErrorsOf(e));
      notifyError(e, 'The SMS settings were not saved');
    },
  });
  const forget = useMutation({
    mutationFn: () => api.call('sms.forget', {}),
    onSuccess: (next) => {
      queryClient.setQueryData(key, next);
      setSid(null);
      setFrom(null);
      notifySuccess('SMS is off. No texts are queued from now on.');
    },
    onError: (e) => notifyError(e),
  });
  const test = useMutation({
    mutationFn: () => api.call('sms.test', { to: testTo }),
    onSuccess: () => notifySuccess('Twilio accepted the test text.'),
    onError: (e) => {
      setErrors(fieldErrorsOf(e));
      notifyError(e, 'The test text was not sent');
    },
  });
  if (settings.isPending) return <Skeleton height={200} radius="lg" />;
  if (settings.isError)
    return (
      <Text c="red" fz="sm">
        {settings.error.message}
      </Text>
    );
  const s = settings.data;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Paper withBorder radius="lg" p="lg" component="form" onSubmit={submit} aria-label="SMS settings">
      <Stack gap="md">
        <Group justify="space-between">
          <Text fw={600}>Texts (Twilio)</Text>
          <Badge variant="light" color={s.configured ? 'green' : 'gray'}>
            {s.configured ? 'On' : 'Not set up'}
          </Badge>
        </Group>
        {!s.configured && (
          <Alert variant="light" icon={<IconInfoCircle size={18} />} p="sm">
            Texts are queued only once Twilio is set up. Find the account SID and auth token on your Twilio
            console; the sending number is a Twilio number (or a Messaging Service SID, MG…).
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label="Account SID"
            placeholder="AC…"
            value={sid ?? s.accountSid ?? ''}
            onChange={(e) => setSid(e.currentTarget.value)}
            error={errors.accountSid}
          />
          <PasswordInput
            label="Auth token"
            placeholder={s.hasToken ? 'Stored — type to replace' : ''}
            value={token}
            onChange={(e) => setToken(e.currentTarget.value)}
            error={errors.authToken}
          />
          <TextInput
            label="Send from"
            placeholder="+15551234567"
            value={from ?? s.from ?? ''}
            onChange={(e) => setFrom(e.currentTarget.value)}
            error={errors.from}
          />
        </SimpleGrid>
        <Group justify="space-between">
          <Group gap="xs" align="flex-end">
            <TextInput
              label="Send a test text to"
              placeholder="Your mobile number"
              value={testTo}
              onChange={(e) => setTestTo(e.currentTarget.value)}
              error={errors.to}
              disabled={!s.configured}
            />
            <Button
              variant="default"
              leftSection={<IconMessage size={16} />}
              onClick={() => test.mutate()}
              loading={test.isPending}
              disabled={!s.configured || !testTo.trim()}
            >
              Send test
            </Button>
          </Group>
          <Group gap="xs">
            {s.configured && (
              <Button
                variant="subtle"
                color="red"
                leftSection={<IconTrash size={16} />}
                onClick={() => {
                  if (window.confirm('Turn texts off and forget the Twilio credentials?')) forget.mutate();
                }}
              >
                Turn off
              </Button>
            )}
            <Button type="submit" loading={save.isPending}>
              Check and save
            </Button>
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}
