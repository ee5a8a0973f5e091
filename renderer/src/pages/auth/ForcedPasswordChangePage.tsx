import { Anchor, Text } from '@mantine/core';
import { useAuth } from '../../app/auth';
import { AuthLayout } from './AuthLayout';
import { ChangePasswordForm } from './ChangePasswordForm';

/** An operator signed in with a temporary password chooses their own before seeing any data. */
export function ForcedPasswordChangePage() {
  const { operator, refresh, logout } = useAuth();
  return (
    <AuthLayout
      title="Choose your own password"
      subtitle={`${operator?.name ?? 'You'}, you signed in with a temporary password. Replace it with one only you know.`}
    >
      <ChangePasswordForm
        onDone={refresh}
        submitLabel="Save and continue"
        currentLabel="Temporary password"
      />
      <Text fz="sm" ta="center" mt="lg">
        <Anchor component="button" type="button" onClick={() => void logout()}>
          Sign out instead
        </Anchor>
      </Text>
    </AuthLayout>
  );
}
