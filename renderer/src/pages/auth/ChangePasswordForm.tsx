import { useState, type FormEvent } from 'react';
import { Button, Group, PasswordInput, Stack } from '@mantine/core';
import { contract } from '../../../../shared/contract';
import { api } from '../../api';
import { notifyError, notifySuccess } from '../../app/notify';
import { fieldErrorsOf, useFormState, validateWith } from '../../components/forms';

/** Used both when a temporary password must be replaced and from Settings › My account. */
export function ChangePasswordForm({
  onDone,
  submitLabel = 'Change password',
  currentLabel = 'Current password',
  onCancel,
}: {
  onDone?: () => void | Promise<void>;
  submitLabel?: string;
  /** "Temporary password" when replacing the one the owner handed out. */
  currentLabel?: string;
  onCancel?: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const { values, setValues, set, errors, setErrors } = useFormState({
    currentPassword: '',
    newPassword: '',
    confirm: '',
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    const input = { currentPassword: values.currentPassword, newPassword: values.newPassword };
    const local = validateWith(contract['auth.changePassword'].input, input) ?? {};
    if (values.confirm !== values.newPassword) local.confirm = 'The two passwords are not the same';
    if (Object.keys(local).length) {
      setErrors(local);
      return;
    }
    setBusy(true);
    try {
      await api.call('auth.changePassword', input);
      notifySuccess('Your password was changed.');
      setValues({ currentPassword: '', newPassword: '', confirm: '' });
      await onDone?.();
    } catch (error) {
      setErrors(fieldErrorsOf(error));
      notifyError(error, 'Password not changed');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <PasswordInput
          label={currentLabel}
          required
          autoComplete="current-password"
          value={values.currentPassword}
          onChange={(e) => set('currentPassword', e.currentTarget.value)}
          error={errors.currentPassword}
        />
        <PasswordInput
          label="New password"
          description="At least 10 characters"
          required
          autoComplete="new-password"
          value={values.newPassword}
          onChange={(e) => set('newPassword', e.currentTarget.value)}
          error={errors.newPassword}
        />
        <PasswordInput
          label="Confirm new password"
          required
          autoComplete="new-password"
          value={values.confirm}
          onChange={(e) => set('confirm', e.currentTarget.value)}
          error={errors.confirm}
        />
        <Group justify="flex-end" mt="xs">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          )}
          <Button type="submit" loading={busy}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
