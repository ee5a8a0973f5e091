import { useMemo, useState } from 'react';
import {
  Button,
  Divider,
  Group,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { contract } from '../../../../shared/contract';
import { api } from '../../api';
import { useAuth } from '../../app/auth';
import { notifyError, notifySuccess } from '../../app/notify';
import { showCoreErrors, useContractForm } from '../../components/forms';
import {
  browserLocale,
  browserTimeZone,
  currencyOptions,
  localeOptions,
  timeZoneOptions,
} from '../../components/options';
import { AuthLayout } from './AuthLayout';

/** First run: names the business and creates the owner's account. */
export function SetupPage() {
  const { refresh } = useAuth();
  const [busy, setBusy] = useState(false);
  const form = useContractForm(
    contract['auth.setup'].input,
    {
      businessName: '',
      currency: 'USD',
      timeZone: browserTimeZone(),
      locale: browserLocale(),
      name: '',
      email: '',
      password: '',
      confirm: '',
    },
    {
      check: (v): Record<string, string> =>
        v.confirm !== v.password ? { confirm: 'The two passwords are not the same' } : {},
    },
  );
  const { values } = form;
  const currencies = useMemo(() => currencyOptions(values.locale), [values.locale]);
  const zones = useMemo(() => timeZoneOptions(values.timeZone), [values.timeZone]);
  const locales = useMemo(() => localeOptions(values.locale), [values.locale]);

  const submit = form.onSubmit(async ({ confirm: _confirm, ...input }) => {
    setBusy(true);
    try {
      await api.call('auth.setup', input);
      notifySuccess(
        `Welcome to Recur, ${values.name.trim().split(/\s+/)[0] ?? ''}!`,
        'Your business is set up',
      );
      await refresh();
    } catch (error) {
      showCoreErrors(form, error);
      notifyError(error, 'Setup did not finish');
    } finally {
      setBusy(false);
    }
  });

  return (
    <AuthLayout
      width={620}
      title="Set up your business"
      subtitle="A couple of details and you are ready. Everything stays on this computer; you can change it later in Settings."
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput
            label="Business name"
            placeholder="Riverside Fitness"
            required
            {...form.getInputProps('businessName')}
            autoFocus
          />
          <SimpleGrid cols={3} spacing="md">
            <Select
              label="Currency"
              searchable
              allowDeselect={false}
              data={currencies}
              value={values.currency}
              onChange={(v) => v && form.setFieldValue('currency', v)}
              error={form.errors.currency}
              comboboxProps={{ withinPortal: true }}
            />
            <Select
              label="Time zone"
              searchable
              allowDeselect={false}
              data={zones}
              value={values.timeZone}
              onChange={(v) => v && form.setFieldValue('timeZone', v)}
              error={form.errors.timeZone}
              limit={200}
            />
            <Select
              label="Language and region"
              searchable
              allowDeselect={false}
              data={locales}
              value={values.locale}
              onChange={(v) => v && form.setFieldValue('locale', v)}
              error={form.errors.locale}
            />
          </SimpleGrid>
          <Divider label="Your owner account" labelPosition="left" mt="xs" />
          <SimpleGrid cols={2} spacing="md">
            <TextInput
              label="Your name"
              placeholder="Alex Morgan"
              required
              {...form.getInputProps('name')}
              autoComplete="name"
            />
            <TextInput
              label="Email"
              type="email"
              placeholder="you@example.com"
              required
              {...form.getInputProps('email')}
              autoComplete="username"
            />
            <PasswordInput
              label="Password"
              description="At least 10 characters"
              required
              {...form.getInputProps('password')}
              autoComplete="new-password"
            />
            <PasswordInput
              label="Confirm password"
              description="Type it once more"
              required
              {...form.getInputProps('confirm')}
              autoComplete="new-password"
            />
          </SimpleGrid>
          <Group justify="space-between" mt="sm" wrap="nowrap">
            <Text fz="xs" c="dimmed" maw={320} style={{ minWidth: 0 }}>
              You are the owner: you can add managers and front-desk staff afterwards.
            </Text>
            {/* Never squeezed: at 1280×800 it used to lose its last letter ("Create my busines"). */}
            <Button type="submit" size="md" loading={busy} style={{ flexShrink: 0 }}>
              Create my business
            </Button>
          </Group>
        </Stack>
      </form>
    </AuthLayout>
  );
}
