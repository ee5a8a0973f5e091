import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Button, Center, Code, Stack, Text, Title } from '@mantine/core';

interface State {
  error: Error | null;
}

/** A crash in one screen should leave the operator a way out, not a blank window. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Recur screen crashed', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <Center h="100vh" p="xl">
        <Stack align="center" gap="md" maw={520}>
          <Title order={2}>Something went wrong on this screen</Title>
          <Text c="dimmed" ta="center">
            Your data is safe: nothing was lost. Reload the window to carry on. If this keeps happening, tell
            us what you were doing and include the message below.
          </Text>
          <Code block w="100%">
            {this.state.error.message}
          </Code>
          <Button onClick={() => window.location.reload()}>Reload</Button>
        </Stack>
      </Center>
    );
  }
}
