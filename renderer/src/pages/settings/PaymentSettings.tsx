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
import { IconAlertTriangle, IconBrandStripe, IconPlugConnected, IconShieldLock } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { GatewaySettings } from '../../../../shared/contract';
import { api } from '../../api';
import { useFormat } from '../../app/format';
import { errorMessage, notifyError, notifySuccess } from '../../app/notify';
import { fieldErrorsOf, type FieldErrors } from '../../components/forms';

const gatewayKey = ['settings', 'gateway'] as const;

/** TEST MODE in orange, LIVE in green: nobody should wonder whether a charge was real. */
export function ModeBadge({
  mode,
  size = 'lg',
}: {
  mode: GatewaySettings['mode'];
  size?: 'sm' | 'md' | 'lg';
}) {
  if (mode === 'test')
    return (
      <Badge color="orange" variant="filled" size={size} data-testid="gateway-mode">
        Test mode
      </Badge>
    );
  if (mode === 'live')
    return (
      <Badge color="green" variant="filled" size={size} data-testid="gateway-mode">
        Live
      </Badge>
    );
  return (
    <Badge color="gray" variant="light" size={size} data-testid="gateway-mode">
      Not connected
    </Badge>
  );
}

/** Settings → Payments (owner): the Stripe keys (the secret never comes back), descriptor, a connection test. */
export function PaymentSettings() {
  const settings = useQuery({ queryKey: gatewayKey, queryFn: () => api.call('gateway.settings', {}) });
  if (!settings.data)
    return settings.isError ? (
      <Alert color="red">{settings.error.message}</Alert>
    ) : (
      <Skeleton height={320} radius="lg" />
    );
  return (
    <Stack gap="lg">
      <Form key={settings.dataUpdatedAt} settings={settings.data} />
      <Connection settings={settings.data} />
    </Stack>
  );
}

function Form({ settings: s }: { settings: GatewaySettings }) {
  const queryClient = useQueryClient();
  const [secretKey, setSecretKey] = useState('');
  const [publishableKey, setPublishableKey] = useState(s.publishableKey ?? '');
  const [descriptor, setDescriptor] = useState(s.statementDescriptor ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    // With a key stored, an empty field keeps it (to change only the publishable key or descriptor).
    if (!secretKey.trim() && !s.hasSecretKey) {
      setErrors({ secretKey: 'Paste the secret key' });
      return;
    }
    setBusy(true);
    try {
      const saved = await api.call('gateway.saveKeys', {
        secretKey: secretKey.trim() || undefined,
        publishableKey: publishableKey.trim() || undefined,
        statementDescriptor: descriptor.trim() || undefined,
      });
      queryClient.setQueryData(gatewayKey, saved);
      notifySuccess(`Stripe keys saved (${saved.mode ?? 'unknown'} mode).`, 'Payments settings saved');
    } catch (e) {
      setErrors(fieldErrorsOf(e));
      notifyError(e, 'Keys not saved');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg">
        <Paper withBorder radius="lg" p="lg">
          <Group justify="space-between" align="flex-start" mb="md" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <IconBrandStripe size={26} stroke={1.5} aria-hidden />
              <div>
                <Text fw={600}>Stripe</Text>
                <Text fz="sm" c="dimmed">
                  Card payments, saved cards and refunds to cards go through your Stripe account.
                </Text>
              </div>
            </Group>
            <ModeBadge mode={s.mode} />
          </Group>
          {s.mode === 'test' && (
            <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} mb="md" p="sm">
              <Text fz="sm">
                Test mode: no real money moves. Use Stripe&apos;s test cards (4242 4242 4242 4242). Save a
                live key (sk_live_…) to take real payments.
              </Text>
            </Alert>
          )}
          <Stack gap="md">
            <PasswordInput
              label="Secret key"
              required={!s.hasSecretKey}
              autoComplete="off"
              placeholder={s.hasSecretKey ? 'Saved — leave empty to keep it' : 'sk_test_… or sk_live_…'}
              description={
                s.hasSecretKey ? (
                  <Text span fz="xs" c="teal" fw={600} data-testid="secret-key-state">
                    <IconShieldLock size={12} style={{ verticalAlign: -1 }} /> Saved ({s.mode} mode). Stored
                    encrypted on this computer; it is never shown again.
                  </Text>
                ) : (
                  'From the Stripe Dashboard → Developers → API keys. Stored encrypted on this computer.'
                )
              }
              value={secretKey}
              onChange={(e) => {
                setSecretKey(e.currentTarget.value);
                setErrors((x) => ({ ...x, secretKey: '' }));
              }}
              error={errors.secretKey || undefined}
            />
            <SimpleGrid cols={2} spacing="md">
              <TextInput
                label="Publishable key"
                placeholder="pk_test_…"
                description="Optional; must be the same mode as the secret key"
                value={publishableKey}
                onChange={(e) => {
                  setPublishableKey(e.currentTarget.value);
                  setErrors((x) => ({ ...x, publishableKey: '' }));
                }}
                error={errors.publishableKey || undefined}
              />
              <TextInput
                label="Statement descriptor"
                placeholder="RIVERSIDE FIT"
                description={`What members see on their card statement (${descriptor.length}/22)`}
                maxLength={22}
                value={descriptor}
                onChange={(e) => {
                  setDescriptor(e.currentTarget.value);
                  setErrors((x) => ({ ...x, statementDescriptor: '' }));
                }}
                error={errors.statementDescriptor || undefined}
              />
            </SimpleGrid>
            <Group justify="flex-end">
              <Button type="submit" loading={busy}>
                Save keys
              </Button>
            </Group>
          </Stack>
        </Paper>
      </Stack>
    </form>
  );
}

/** "Test connection" with its answer and when Recur last reached Stripe (kept across re-reads of the settings). */
function Connection({ settings: s }: { settings: GatewaySettings }) {
  const format = useFormat();
  const queryClient = useQueryClient();
  const test = useMutation({
    mutationFn: () => api.call('gateway.testConnection', {}),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: gatewayKey }),
  });
  return (
    <Paper withBorder radius="lg" p="lg">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div>
          <Text fw={600}>Connection</Text>
          <Text fz="sm" c="dimmed" data-testid="gateway-last-checked">
            {s.lastCheckedAt ? `Last checked ${format.dateTime(s.lastCheckedAt)}` : 'Not checked yet'}
          </Text>
        </div>
        <Button
          variant="default"
          leftSection={<IconPlugConnected size={16} />}
          loading={test.isPending}
          disabled={!s.hasSecretKey}
          onClick={() => test.mutate()}
        >
          Test connection
        </Button>
      </Group>
      {test.data && (
        <Alert color="teal" variant="light" mt="md" p="sm" data-testid="gateway-test-result">
          Connected{test.data.account ? ` to ${test.data.account}` : ''} in {test.data.mode} mode.
        </Alert>
      )}
      {test.isError && (
        <Alert color="red" variant="light" mt="md" p="sm" data-testid="gateway-test-result">
          {errorMessage(test.error)}
        </Alert>
      )}
    </Paper>
  );
}
