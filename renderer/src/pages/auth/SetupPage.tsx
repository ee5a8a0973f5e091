import { useMemo, useState, type FormEvent } from 'react';
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
import { fieldErrorsOf, useFormState, validateWith } from '../../components/forms';
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
  const form = useFormState({
    businessName: '',
    currency: 'USD',
    timeZone: browserTimeZone(),
    locale: browserLocale(),
    name: '',
    email: '',
    password: '',
    confirm: '',
  });
  const { values, set, errors, setErrors } = form;
  const currencies = useMemo(() => currencyOptions(values.locale), [values.locale]);
  const zones = useMemo(() => timeZoneOptions(values.timeZone), [values.timeZone]);
  const locales = useMemo(() => localeOptions(values.locale), [values.locale]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { confirm, ...input } = values;
    const local = validateWith(contract['auth.setup'].input, input) ?? {};
    if (confirm !== values.password) local.confirm = 'The two passwords are not the same';
    if (Object.keys(local).length) {
      setErrors(local);
      return;
    }
    setBusy(true);
    try {
      await api.call('auth.setup', input);
      notifySuccess(
        `Welcome to Recur, ${values.name.trim().split(/\s+/)[0] ?? ''}!`,
        'Your business is set up',
      );
      await refresh();
    } catch (error) {
      setErrors(fieldErrorsOf(error));
      notifyError(error, 'Setup did not finish');
    } finally {
      setBusy(false);
    }
  }

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
            value={values.businessName}
            onChange={(e) => set('businessName', e.currentTarget.value)}
            error={errors.businessName}
            autoFocus
          />
          <SimpleGrid cols={3} spacing="md">
            <Select
              label="Currency"
              searchable
              allowDeselect={false}
              data={currencies}
              value={values.currency}
              onChange={(v) => v && set('currency', v)}
              error={errors.currency}
              comboboxProps={{ withinPortal: true }}
            />
            <Select
              label="Time zone"
              searchable
              allowDeselect={false}
              data={zones}
              value={values.timeZone}
              onChange={(v) => v && set('timeZone', v)}
              error={errors.timeZone}
              limit={200}
            />
            <Select
              label="Language and region"
              searchable
              allowDeselect={false}
              data={locales}
              value={values.locale}
              onChange={(v) => v && set('locale', v)}
              error={errors.locale}
            />
          </SimpleGrid>
          <Divider label="Your owner account" labelPosition="left" mt="xs" />
          <SimpleGrid cols={2} spacing="md">
            <TextInput
              label="Your name"
              placeholder="Alex Morgan"
              required
              value={values.name}
              onChange={(e) => set('name', e.currentTarget.value)}
              error={errors.name}
              autoComplete="name"
            />
            <TextInput
              label="Email"
              type="email"
              placeholder="you@example.com"
              required
              value={values.email}
              onChange={(e) => set('email', e.currentTarget.value)}
              error={errors.email}
              autoComplete="username"
            />
            <PasswordInput
              label="Password"
              description="At least 10 characters"
              required
              value={values.password}
              onChange={(e) => set('password', e.currentTarget.value)}
              error={errors.password}
              autoComplete="new-password"
            />
            <PasswordInput
              label="Confirm password"
              description="Type it once more"
              required
              value={values.confirm}
              onChange={(e) => set('confirm', e.currentTarget.value)}
              error={errors.confirm}
              autoComplete="new-password"
            />
          </SimpleGrid>
          <Group justify="space-between" mt="sm" wrap="nowrap">
            <Text fz="xs" c="dimmed" maw={320}>
              You are the owner: you can add managers and front-desk staff afterwards.
            </Text>
            <Button type="submit" size="md" loading={busy}>
              Create my business
            </Button>
          </Group>
        </Stack>
      </form>
    </AuthLayout>
  );
}
