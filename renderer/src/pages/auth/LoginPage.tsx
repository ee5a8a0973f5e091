import { useState, type FormEvent } from 'react';
import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { api } from '../../api';
import { useAuth } from '../../app/auth';
import { errorMessage } from '../../app/notify';
import { fieldErrorsOf, useFormState } from '../../components/forms';
import { AuthLayout } from './AuthLayout';

export function LoginPage() {
  const { refresh, business } = useAuth();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const { values, set, errors, setErrors } = useFormState({ email: '', password: '' });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      await api.call('auth.login', values);
      await refresh();
    } catch (error) {
      const fields = fieldErrorsOf(error);
      setErrors(fields);
      // A wrong password has no field of its own: say it above the form, where the eye already is.
      if (Object.keys(fields).length === 0) setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthLayout title="Sign in" subtitle={business ? `to ${business.name}` : 'to Recur'}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {failure && (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
              {failure}
            </Alert>
          )}
          <TextInput
            label="Email"
            type="email"
            required
            autoFocus
            autoComplete="username"
            value={values.email}
            onChange={(e) => set('email', e.currentTarget.value)}
            error={errors.email}
          />
          <PasswordInput
            label="Password"
            required
            autoComplete="current-password"
            value={values.password}
            onChange={(e) => set('password', e.currentTarget.value)}
            error={errors.password}
          />
          <Button type="submit" size="md" loading={busy} fullWidth mt="xs">
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
