import { useState } from 'react';
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  Paper,
  PasswordInput,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconDots, IconKey, IconPlayerPlay, IconUserOff, IconUserPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { contract, type Operator } from '../../../../shared/contract';
import { ROLE_LABELS, ROLES, type Role } from '../../../../shared/permissions';
import { api } from '../../api';
import { useAuth } from '../../app/auth';
import { useFormat } from '../../app/format';
import { notifyError, notifySuccess } from '../../app/notify';
import { showCoreErrors, useContractForm } from '../../components/forms';

const operatorsKey = ['operators'] as const;
const ROLE_OPTIONS = [...ROLES].reverse().map((r) => ({ value: r, label: ROLE_LABELS[r] }));
const ROLE_HELP: Record<Role, string> = {
  owner: 'Everything, including settings, operators and backups',
  manager: 'Members, plans, subscriptions, payments, refunds and reports',
  staff: 'Members, starting and pausing subscriptions, taking payments',
};

/** The owner manages who can sign in, and with which role. */
export function OperatorsSettings() {
  const { operator: me } = useAuth();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [resetting, setResetting] = useState<Operator | null>(null);
  const operators = useQuery({ queryKey: operatorsKey, queryFn: () => api.call('operators.list', {}) });

  async function run(promise: Promise<unknown>, success: string) {
    try {
      await promise;
      notifySuccess(success);
    } catch (error) {
      notifyError(error);
    } finally {
      void queryClient.invalidateQueries({ queryKey: operatorsKey });
    }
  }

  const changeRole = (op: Operator, role: Role) =>
    run(
      api.call('operators.update', { id: op.id, role }),
      `${op.name} is now ${ROLE_LABELS[role].toLowerCase()}.`,
    );

  const deactivate = (op: Operator) =>
    modals.openConfirmModal({
      title: `Deactivate ${op.name}?`,
      children: (
        <Text fz="sm">
          {op.name} will be signed out and can no longer sign in. Their past work stays in the activity log.
          You can reactivate them later.
        </Text>
      ),
      labels: { confirm: 'Deactivate', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        void run(api.call('operators.deactivate', { id: op.id }), `${op.name} was deactivated.`),
    });

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text c="dimmed" fz="sm" maw={620}>
          Everyone who uses Recur signs in with their own account, so the activity log shows who did what.
        </Text>
        <Button leftSection={<IconUserPlus size={16} />} onClick={() => setAdding(true)}>
          Add operator
        </Button>
      </Group>
      <Paper withBorder radius="lg" style={{ overflow: 'hidden' }}>
        {operators.isPending ? (
          <Stack p="md" gap="xs">
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} height={36} />
            ))}
          </Stack>
        ) : operators.isError ? (
          <Text p="md" c="red">
            {operators.error.message}
          </Text>
        ) : (
          <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Operators" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th w={170}>Role</Table.Th>
                <Table.Th w={120}>Status</Table.Th>
                <Table.Th w={200}>Last sign-in</Table.Th>
                <Table.Th w={50} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {operators.data.map((op) => {
                const self = op.id === me?.id;
                return (
                  <Table.Tr key={op.id}>
                    <Table.Td>
                      <Text fz="sm" fw={600}>
                        {op.name}
                        {self && (
                          <Text span c="dimmed" fz="xs" fw={400}>
                            {' '}
                            (you)
                          </Text>
                        )}
                      </Text>
                      {op.mustChangePassword && (
                        <Text fz="xs" c="dimmed">
                          Temporary password
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm">{op.email}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Select
                        aria-label={`Role of ${op.name}`}
                        size="xs"
                        data={ROLE_OPTIONS}
                        value={op.role}
                        allowDeselect={false}
                        disabled={self || op.status !== 'active'}
                        onChange={(v) => v && v !== op.role && void changeRole(op, v as Role)}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={op.status === 'active' ? 'teal' : 'gray'}>
                        {op.status === 'active' ? 'Active' : 'Deactivated'}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                        {op.lastLoginAt ? format.dateTime(op.lastLoginAt) : 'Never'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {!self && (
                        <Menu position="bottom-end" width={200}>
                          <Menu.Target>
                            <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${op.name}`}>
                              <IconDots size={18} />
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            <Menu.Item leftSection={<IconKey size={16} />} onClick={() => setResetting(op)}>
                              Reset password
                            </Menu.Item>
                            {op.status === 'active' ? (
                              <Menu.Item
                                color="red"
                                leftSection={<IconUserOff size={16} />}
                                onClick={() => deactivate(op)}
                              >
                                Deactivate
                              </Menu.Item>
                            ) : (
                              <Menu.Item
                                leftSection={<IconPlayerPlay size={16} />}
                                onClick={() =>
                                  void run(
                                    api.call('operators.reactivate', { id: op.id }),
                                    `${op.name} can sign in again.`,
                                  )
                                }
                              >
                                Reactivate
                              </Menu.Item>
                            )}
                          </Menu.Dropdown>
                        </Menu>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      <AddOperatorModal
        opened={adding}
        onClose={() => setAdding(false)}
        onSaved={() => void queryClient.invalidateQueries({ queryKey: operatorsKey })}
      />
      <ResetPasswordModal operator={resetting} onClose={() => setResetting(null)} />
    </Stack>
  );
}

function AddOperatorModal({
  opened,
  onClose,
  onSaved,
}: {
  opened: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const form = useContractForm(contract['operators.create'].input, {
    name: '',
    email: '',
    role: 'staff' as Role,
    temporaryPassword: '',
  });
  const [busy, setBusy] = useState(false);

  function close() {
    form.reset();
    onClose();
  }

  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    try {
      const op = await api.call('operators.create', values);
      notifySuccess(
        `${op.name} can now sign in with the temporary password and will choose their own.`,
        'Operator added',
      );
      onSaved();
      close();
    } catch (error) {
      showCoreErrors(form, error);
      notifyError(error, 'Operator not added');
    } finally {
      setBusy(false);
    }
  });

  return (
    <Modal opened={opened} onClose={close} title="Add operator" size={480}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
          <TextInput label="Email" type="email" required {...form.getInputProps('email')} />
          <Select
            label="Role"
            data={ROLE_OPTIONS}
            allowDeselect={false}
            {...form.getInputProps('role')}
            description={ROLE_HELP[form.values.role]}
          />
          <PasswordInput
            label="Temporary password"
            description="Tell them in person; they choose their own at first sign-in"
            required
            autoComplete="new-password"
            {...form.getInputProps('temporaryPassword')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              Add operator
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ResetPasswordModal({ operator, onClose }: { operator: Operator | null; onClose: () => void }) {
  const form = useContractForm(
    contract['operators.resetPassword'].input,
    { temporaryPassword: '' },
    { toInput: (v) => ({ id: operator?.id, ...v }) },
  );
  const [busy, setBusy] = useState(false);

  function close() {
    form.reset();
    onClose();
  }

  const submit = form.onSubmit(async ({ temporaryPassword }) => {
    if (!operator) return;
    setBusy(true);
    try {
      await api.call('operators.resetPassword', { id: operator.id, temporaryPassword });
      notifySuccess(`${operator.name} will choose a new password at their next sign-in.`, 'Password reset');
      close();
    } catch (e) {
      showCoreErrors(form, e);
      notifyError(e, 'Password not reset');
    } finally {
      setBusy(false);
    }
  });

  return (
    <Modal
      opened={operator !== null}
      onClose={close}
      title={`Reset ${operator?.name ?? ''}'s password`}
      size={440}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text fz="sm" c="dimmed">
            They will be signed out and must use this temporary password, then choose their own.
          </Text>
          <PasswordInput
            label="Temporary password"
            required
            data-autofocus
            autoComplete="new-password"
            {...form.getInputProps('temporaryPassword')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              Reset password
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
