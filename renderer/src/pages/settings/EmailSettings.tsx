import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  PasswordInput,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconInfoCircle, IconMailCheck, IconMailPause, IconSend } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { contract, type EmailSettings as Settings, type OutboxItem } from '../../../../shared/contract';
import { api } from '../../api';
import { useAuth } from '../../app/auth';
import { useFormat } from '../../app/format';
import { errorMessage, notifyError, notifySuccess } from '../../app/notify';
import { Empty } from '../../components/Empty';
import { fieldErrorsOf, showCoreErrors, useContractForm } from '../../components/forms';

const emailKey = ['settings', 'email'] as const;

/** Settings → Email: the mail server (owner) and the outbox (manager), so waiting mail is visible. */
export function EmailSettings() {
  const { can } = useAuth();
  return (
    <Stack gap="lg">
      {can('owner') ? (
        <ServerSettings />
      ) : (
        <Alert variant="light" icon={<IconInfoCircle size={18} />}>
          Only the owner can change the mail server. You can see what was sent and what is waiting.
        </Alert>
      )}
      <Outbox />
    </Stack>
  );
}

function ServerSettings() {
  const settings = useQuery({ queryKey: emailKey, queryFn: () => api.call('email.settings', {}) });
  if (!settings.data)
    return settings.isError ? (
      <Alert color="red">{settings.error.message}</Alert>
    ) : (
      <Skeleton height={300} radius="lg" />
    );
  return <ServerForm key={settings.dataUpdatedAt} settings={settings.data} />;
}

type Values = {
  host: string;
  port: number | string;
  secure: boolean;
  user: string;
  password: string;
  from: string;
};

/** What is sent: an empty password keeps the stored one; "" only when asked to forget it. */
const inputOf = (v: Values, forgetPassword: boolean) => ({
  host: v.host,
  port: Number(v.port),
  secure: v.secure,
  user: v.user.trim() || undefined,
  password: forgetPassword ? '' : v.password || undefined,
  from: v.from,
});

function ServerForm({ settings: s }: { settings: Settings }) {
  const { operator } = useAuth();
  const queryClient = useQueryClient();
  const [forgetPassword, setForgetPassword] = useState(false);
  const form = useContractForm(
    contract['email.saveSettings'].input,
    {
      host: s.host ?? '',
      port: s.port ?? 587,
      secure: s.secure,
      user: s.user ?? '',
      password: '',
      from: s.from ?? '',
    } as Values,
    { toInput: (v) => inputOf(v, forgetPassword) },
  );
  const [busy, setBusy] = useState(false);
  const [testTo, setTestTo] = useState(operator?.email ?? '');

  const test = useMutation({
    mutationFn: () => api.call('email.test', { to: testTo.trim() }),
  });

  const submit = form.onSubmit(async (v) => {
    setBusy(true);
    try {
      const saved = await api.call('email.saveSettings', inputOf(v, forgetPassword));
      queryClient.setQueryData(emailKey, saved);
      void queryClient.invalidateQueries({ queryKey: ['outbox'] });
      notifySuccess('Email settings saved. Waiting messages go out on the next run.', 'Email settings saved');
    } catch (e) {
      showCoreErrors(form, e);
      notifyError(e, 'Email settings not saved');
    } finally {
      setBusy(false);
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Paper withBorder radius="lg" p="lg">
        <Group justify="space-between" mb="md" wrap="nowrap" align="flex-start">
          <div>
            <Text fw={600}>Mail server (SMTP)</Text>
            <Text fz="sm" c="dimmed">
              Recur sends card links, receipts and reminders through your own mail account.
            </Text>
          </div>
          <Badge
            variant="light"
            color={s.configured ? 'teal' : 'orange'}
            size="lg"
            data-testid="email-configured"
          >
            {s.configured ? 'Set up' : 'Not set up'}
          </Badge>
        </Group>
        <Stack gap="md">
          <SimpleGrid cols={3} spacing="md">
            <TextInput
              label="Server"
              required
              placeholder="smtp.example.com"
              {...form.getInputProps('host')}
              style={{ gridColumn: 'span 2' }}
            />
            <NumberInput
              label="Port"
              required
              min={1}
              max={65535}
              allowDecimal={false}
              allowNegative={false}
              {...form.getInputProps('port')}
            />
          </SimpleGrid>
          <Switch
            label="Secure connection from the start (TLS, usually port 465)"
            description="Off: the connection is upgraded with STARTTLS when the server offers it (port 587)"
            {...form.getInputProps('secure', { type: 'checkbox' })}
          />
          <SimpleGrid cols={2} spacing="md">
            <TextInput
              label="User name"
              autoComplete="off"
              placeholder="Often the email address"
              {...form.getInputProps('user')}
            />
            <PasswordInput
              label="Password"
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              autoComplete="new-password"
              placeholder={
                forgetPassword
                  ? 'Will be forgotten on save'
                  : s.hasPassword
                    ? 'Saved — leave empty to keep it'
                    : 'The mail account’s password'
              }
              description={
                s.hasPassword ? (
                  <Group gap={6} component="span">
                    <span>A password is saved (never shown).</span>
                    <Text
                      span
                      fz="xs"
                      c={forgetPassword ? 'dimmed' : 'red'}
                      style={{ cursor: 'pointer', textDecoration: 'underline' }}
                      onClick={() => setForgetPassword((f) => !f)}
                    >
                      {forgetPassword ? 'Keep it' : 'Forget it'}
                    </Text>
                  </Group>
                ) : (
                  'Stored encrypted on this computer'
                )
              }
              disabled={forgetPassword}
              {...form.getInputProps('password')}
            />
          </SimpleGrid>
          <TextInput
            label="From address"
            required
            type="email"
            placeholder="hello@yourbusiness.com"
            description="Members see mail as coming from this address"
            {...form.getInputProps('from')}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={busy}>
              Save email settings
            </Button>
          </Group>
        </Stack>
      </Paper>

      <Paper withBorder radius="lg" p="lg" mt="lg">
        <Text fw={600} mb={4}>
          Send a test email
        </Text>
        <Text fz="sm" c="dimmed" mb="md">
          Sent at once with the saved settings; the server&apos;s answer is shown here.
        </Text>
        <Group gap="sm" align="flex-start" wrap="nowrap">
          <TextInput
            aria-label="Send a test to"
            placeholder="you@example.com"
            type="email"
            value={testTo}
            onChange={(e) => {
              setTestTo(e.currentTarget.value);
              test.reset();
            }}
            error={test.isError ? (fieldErrorsOf(test.error).to ?? undefined) : undefined}
            style={{ flex: 1, maxWidth: 380 }}
          />
          <Button
            variant="default"
            leftSection={<IconSend size={16} />}
            loading={test.isPending}
            disabled={!s.configured || !testTo.trim()}
            onClick={() => test.mutate()}
          >
            Send test email
          </Button>
        </Group>
        {!s.configured && (
          <Text fz="xs" c="dimmed" mt={6}>
            Save the mail server first.
          </Text>
        )}
        {test.isSuccess && (
          <Alert color="teal" variant="light" mt="md" p="sm" icon={<IconMailCheck size={18} />}>
            The server accepted the test message for {testTo}. Check that inbox (and its spam folder).
          </Alert>
        )}
        {test.isError && !fieldErrorsOf(test.error).to && (
          <Alert color="red" variant="light" mt="md" p="sm" data-testid="email-test-error">
            {errorMessage(test.error)}
          </Alert>
        )}
      </Paper>
    </form>
  );
}

const OUTBOX_STATUS: Record<OutboxItem['status'], { label: string; color: string }> = {
  queued: { label: 'Waiting', color: 'yellow' },
  sending: { label: 'Sending', color: 'blue' },
  sent: { label: 'Sent', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
  skipped: { label: 'Skipped', color: 'gray' },
};

function Outbox() {
  const format = useFormat();
  const [status, setStatus] = useState<'all' | OutboxItem['status']>('all');
  const outbox = useQuery({
    queryKey: ['outbox', status],
    queryFn: () =>
      api.call('outbox.list', { status: status === 'all' ? undefined : status, channel: 'email' }),
  });
  const waiting = useQuery({
    queryKey: ['outbox', 'queued'],
    queryFn: () => api.call('outbox.list', { status: 'queued', channel: 'email', limit: 1 }),
  });
  const nWaiting = waiting.data?.total ?? 0;

  let body;
  if (outbox.isPending) body = <Skeleton height={120} radius="lg" />;
  else if (outbox.isError)
    body = (
      <Text c="red" fz="sm">
        {outbox.error.message}
      </Text>
    );
  else if (outbox.data.items.length === 0)
    body = (
      <Empty
        icon={<IconMailPause size={30} stroke={1.5} />}
        title={
          status === 'all' ? 'Nothing sent yet' : `No ${OUTBOX_STATUS[status].label.toLowerCase()} messages`
        }
        description="Card links and other messages to members appear here, with whether they went out."
      />
    );
  else
    body = (
      <Paper withBorder radius="lg" style={{ overflow: 'hidden' }}>
        <Table
          verticalSpacing="sm"
          horizontalSpacing="md"
          aria-label="Outbox"
          styles={{ th: { whiteSpace: 'nowrap' } }}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={170}>Queued</Table.Th>
              <Table.Th>To</Table.Th>
              <Table.Th>Subject</Table.Th>
              <Table.Th w={120}>Status</Table.Th>
              <Table.Th w={70} ta="right">
                Tries
              </Table.Th>
              <Table.Th>What happened</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {outbox.data.items.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td>
                  <Text fz="sm" style={{ whiteSpace: 'nowrap' }}>
                    {format.dateTime(m.createdAt)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text fz="sm" truncate="end" maw={200}>
                    {m.to}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text fz="sm" truncate="end" maw={260}>
                    {m.subject}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={OUTBOX_STATUS[m.status].color}>
                    {OUTBOX_STATUS[m.status].label}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right">
                  <Text fz="sm">{m.attempts}</Text>
                </Table.Td>
                <Table.Td>
                  {m.status === 'sent' ? (
                    <Text fz="sm" c="dimmed">
                      Sent {format.dateTime(m.sentAt)}
                    </Text>
                  ) : (
                    <Stack gap={0}>
                      {m.lastError && (
                        <Tooltip label={m.lastError} multiline w={320} disabled={m.lastError.length < 60}>
                          <Text fz="sm" c="red" lineClamp={2}>
                            {m.lastError}
                          </Text>
                        </Tooltip>
                      )}
                      {m.status === 'queued' && (
                        <Text fz="xs" c="dimmed">
                          Next try {format.dateTime(m.nextAttemptAt)}
                        </Text>
                      )}
                    </Stack>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    );

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text fw={600}>Outbox</Text>
        <SegmentedControl
          aria-label="Outbox status"
          size="xs"
          value={status}
          onChange={(v) => setStatus(v as typeof status)}
          data={[
            { value: 'all', label: 'All' },
            { value: 'queued', label: 'Waiting' },
            { value: 'sent', label: 'Sent' },
            { value: 'failed', label: 'Failed' },
          ]}
        />
      </Group>
      {nWaiting > 0 && (
        <Alert
          color="yellow"
          variant="light"
          icon={<IconMailPause size={18} />}
          p="sm"
          data-testid="outbox-waiting"
        >
          {nWaiting === 1
            ? '1 message is waiting to be sent. It goes out by itself'
            : `${nWaiting} messages are waiting to be sent. They go out by themselves`}{' '}
          once the mail server is set up and answers.
        </Alert>
      )}
      {body}
    </Stack>
  );
}
