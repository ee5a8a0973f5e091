import { Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { ROLE_LABELS } from '../../../../shared/permissions';
import { useAuth } from '../../app/auth';
import { useFormat } from '../../app/format';
import { ChangePasswordForm } from '../auth/ChangePasswordForm';

export function MyAccount() {
  const { operator } = useAuth();
  const format = useFormat();
  if (!operator) return null;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      <Paper withBorder radius="lg" p="lg">
        <Text fw={600} mb="md">
          You
        </Text>
        <Stack gap="sm">
          <Row label="Name">{operator.name}</Row>
          <Row label="Email">{operator.email}</Row>
          <Row label="Role">{ROLE_LABELS[operator.role]}</Row>
          <Row label="Account created">{format.day(operator.createdAt)}</Row>
        </Stack>
        <Text fz="xs" c="dimmed" mt="md">
          Only the owner can change names, emails and roles (Settings › Operators).
        </Text>
      </Paper>
      <Paper withBorder radius="lg" p="lg">
        <Text fw={600} mb="md">
          Change password
        </Text>
        <ChangePasswordForm />
      </Paper>
    </SimpleGrid>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Group gap="md" wrap="nowrap">
      <Text fz="sm" c="dimmed" w={130}>
        {label}
      </Text>
      <Text fz="sm">{children}</Text>
    </Group>
  );
}
