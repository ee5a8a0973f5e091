import { useState } from 'react';
import { Button, Center, Loader, Stack, Text } from '@mantine/core';
import { RouterProvider } from 'react-router';
import { LockScreen } from '../pages/auth/LockScreen';
import { ForcedPasswordChangePage } from '../pages/auth/ForcedPasswordChangePage';
import { LoginPage } from '../pages/auth/LoginPage';
import { SetupPage } from '../pages/auth/SetupPage';
import { AuthLayout } from '../pages/auth/AuthLayout';
import { useAuth } from './auth';
import { errorMessage } from './notify';
import { createRouter } from './router';
import { useThemePreference } from './themePreference';

/** Decides the whole window: setup, sign-in, a forced password change, the lock screen, or the app. */
export function Root() {
  const { phase, statusError, refresh } = useAuth();
  useThemePreference(); // apply the saved theme before anything is shown
  switch (phase) {
    case 'loading':
      return (
        <Center h="100vh">
          <Stack align="center" gap="sm">
            <Loader />
            <Text c="dimmed" fz="sm">
              Opening Recur…
            </Text>
          </Stack>
        </Center>
      );
    case 'unreachable':
      return (
        <AuthLayout title="Recur is not answering" subtitle={errorMessage(statusError)}>
          <Button onClick={() => void refresh()} fullWidth>
            Try again
          </Button>
        </AuthLayout>
      );
    case 'setup':
      return <SetupPage />;
    case 'login':
      return <LoginPage />;
    case 'changePassword':
      return <ForcedPasswordChangePage />;
    case 'locked':
      return <LockScreen />;
    case 'ready':
      return <SignedIn />;
  }
}

function SignedIn() {
  // One router per sign-in: a fresh operator starts on the dashboard, not on the last one's page.
  const [router] = useState(createRouter);
  return <RouterProvider router={router} />;
}
