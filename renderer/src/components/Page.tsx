import { type ReactNode } from 'react';
import { Box, Group, Stack, Text, Title } from '@mantine/core';

/**
 * A page in the main column. `fill` pages (long lists) manage their own scrolling so a virtual list
 * can own the viewport; the others scroll as a whole.
 */
export function Page({
  title,
  description,
  actions,
  fill = false,
  children,
  maxWidth,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  fill?: boolean;
  children: ReactNode;
  maxWidth?: number;
}) {
  return (
    <Box
      px="xl"
      pt="lg"
      pb={fill ? 'md' : 'xl'}
      style={{
        flex: 1,
        minHeight: 0,
        display: 'flex',
        flexDirection: 'column',
        overflowY: fill ? 'hidden' : 'auto',
      }}
    >
      <Stack gap="lg" style={{ flex: fill ? 1 : undefined, minHeight: 0 }} maw={maxWidth} w="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
          <Stack gap={4} style={{ minWidth: 0 }}>
            {typeof title === 'string' ? (
              <Title order={1} fz={26}>
                {title}
              </Title>
            ) : (
              title
            )}
            {description && (
              <Text c="dimmed" fz="sm">
                {description}
              </Text>
            )}
          </Stack>
          {actions && (
            <Group gap="sm" wrap="nowrap">
              {actions}
            </Group>
          )}
        </Group>
        {children}
      </Stack>
    </Box>
  );
}
