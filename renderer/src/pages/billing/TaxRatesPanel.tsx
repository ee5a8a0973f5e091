import { useState } from 'react';
import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  Group,
  Menu,
  Modal,
  Paper,
  Radio,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconArchive, IconDots, IconPlus, IconReceiptTax, IconStar } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { contract, type TaxRate } from '../../../../shared/contract';
import { api } from '../../api';
import { useAuth } from '../../app/auth';
import { useFormat } from '../../app/format';
import { notifyError, notifySuccess } from '../../app/notify';
import { Empty } from '../../components/Empty';
import { showCoreErrors, useContractForm } from '../../components/forms';
import { billingKeys } from './keys';
import { parsePercentBps } from './labels';
import classes from './billing.module.css';

/** Named tax rates (DESIGN §5): inclusive or exclusive, one of them the business default. */
export function TaxRatesPanel() {
  const { can } = useAuth();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [showArchived, setShowArchived] = useState(false);
  const [adding, setAdding] = useState(false);
  const rates = useQuery({
    queryKey: billingKeys.taxRates(showArchived),
    queryFn: () => api.call('taxRates.list', { includeArchived: showArchived }),
  });
  const manager = can('manager');

  async function run(promise: Promise<unknown>, success: string) {
    try {
      await promise;
      notifySuccess(success);
    } catch (error) {
      notifyError(error);
    } finally {
      void queryClient.invalidateQueries({ queryKey: ['taxRates'] });
      void queryClient.invalidateQueries({ queryKey: ['plans'] });
    }
  }

  const archive = (r: TaxRate) =>
    modals.openConfirmModal({
      title: `Archive ${r.name}?`,
      children: (
        <Text fz="sm">
          {r.name} will no longer be offered for new plans and invoices. Invoices already issued keep their
          tax.
          {r.isDefault
            ? ' It is the default rate: plans on the default will then be billed without tax.'
            : ''}
        </Text>
      ),
      labels: { confirm: 'Archive tax rate', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => void run(api.call('taxRates.archive', { id: r.id }), `${r.name} was archived.`),
    });

  const list = rates.data ?? [];
  return (
    <Stack gap="md">
      <Text c="dimmed" fz="sm" maw={640}>
        Plans and one-off invoice lines are taxed at their own rate or at the default. Included rates are part
        of the price (VAT in Europe); added rates come on top (US sales tax).
      </Text>
      <Group justify="flex-end">
        <Group gap="md">
          <Switch
            label="Show archived"
            checked={showArchived}
            onChange={(e) => setShowArchived(e.currentTarget.checked)}
          />
          {manager && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
              Add tax rate
            </Button>
          )}
        </Group>
      </Group>
      {rates.isPending ? (
        <Skeleton height={120} radius="lg" />
      ) : rates.isError ? (
        <Text c="red">{rates.error.message}</Text>
      ) : list.length === 0 ? (
        <Empty
          icon={<IconReceiptTax size={30} stroke={1.5} />}
          title="No tax rates yet"
          description="Without a rate, plans and invoices carry no tax. Add your VAT or sales tax and make it the default."
          actions={
            manager ? (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
                Add tax rate
              </Button>
            ) : undefined
          }
        />
      ) : (
        <Paper withBorder radius="lg" style={{ overflow: 'hidden' }}>
          <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Tax rates">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th w={120} ta="right">
                  Rate
                </Table.Th>
                <Table.Th w={220}>Applied</Table.Th>
                <Table.Th w={200}>Status</Table.Th>
                <Table.Th w={50} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((r) => (
                <Table.Tr key={r.id} className={r.status === 'archived' ? classes.dimmedRow : undefined}>
                  <Table.Td>
                    <Text fz="sm" fw={600}>
                      {r.name}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text fz="sm">{format.percent(r.rateBps)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text fz="sm">{r.inclusive ? 'Included in prices' : 'Added on top of prices'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6}>
                      {r.isDefault && (
                        <Badge variant="filled" color="brand" leftSection={<IconStar size={11} />}>
                          Default
                        </Badge>
                      )}
                      <Badge variant="light" color={r.status === 'active' ? 'green' : 'gray'}>
                        {r.status === 'active' ? 'Active' : 'Archived'}
                      </Badge>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    {manager && r.status === 'active' && (
                      <Menu position="bottom-end" width={200}>
                        <Menu.Target>
                          <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${r.name}`}>
                            <IconDots size={18} />
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          {!r.isDefault && (
                            <Menu.Item
                              leftSection={<IconStar size={16} />}
                              onClick={() =>
                                void run(
                                  api.call('taxRates.setDefault', { id: r.id }),
                                  `${r.name} is now the default tax rate.`,
                                )
                              }
                            >
                              Make default
                            </Menu.Item>
                          )}
                          <Menu.Item
                            color="red"
                            leftSection={<IconArchive size={16} />}
                            onClick={() => archive(r)}
                          >
                            Archive
                          </Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      <AddTaxRateModal opened={adding} onClose={() => setAdding(false)} isFirst={list.length === 0} />
    </Stack>
  );
}

function AddTaxRateModal({
  opened,
  onClose,
  isFirst,
}: {
  opened: boolean;
  onClose: () => void;
  isFirst: boolean;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="Add tax rate" size={480}>
      <AddTaxRateForm onClose={onClose} isFirst={isFirst} />
    </Modal>
  );
}

const inputOf = (v: { name: string; rateBps: string; inclusive: string; isDefault: boolean }) => ({
  name: v.name,
  rateBps: parsePercentBps(v.rateBps) ?? -1,
  inclusive: v.inclusive === 'true',
  isDefault: v.isDefault,
});

function AddTaxRateForm({ onClose, isFirst }: { onClose: () => void; isFirst: boolean }) {
  const queryClient = useQueryClient();
  // `rateBps` holds the typed percentage ("8.25"); what is sent holds basis points (825).
  const form = useContractForm(
    contract['taxRates.create'].input,
    { name: '', rateBps: '', inclusive: 'true', isDefault: isFirst },
    {
      toInput: inputOf,
      check: (v): Record<string, string> =>
        parsePercentBps(v.rateBps) === null ? { rateBps: 'Enter a percentage such as 20 or 8.25' } : {},
    },
  );
  const [busy, setBusy] = useState(false);

  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    try {
      const rate = await api.call('taxRates.create', inputOf(values));
      notifySuccess(`${rate.name} was added.`, 'Tax rate added');
      void queryClient.invalidateQueries({ queryKey: ['taxRates'] });
      onClose();
    } catch (error) {
      showCoreErrors(form, error);
      notifyError(error, 'Tax rate not added');
    } finally {
      setBusy(false);
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput
          label="Name"
          placeholder="VAT, Sales tax"
          required
          data-autofocus
          {...form.getInputProps('name')}
        />
        <TextInput
          label="Rate"
          placeholder="20"
          required
          inputMode="decimal"
          rightSection={<Text fz="sm">%</Text>}
          {...form.getInputProps('rateBps')}
        />
        <Radio.Group label="Prices are" {...form.getInputProps('inclusive')}>
          <Stack gap={6} mt={6}>
            <Radio value="true" label="Tax included (the price already holds the tax)" />
            <Radio value="false" label="Tax added on top of the price" />
          </Stack>
        </Radio.Group>
        <Checkbox
          label="Use as the default rate for plans and invoices"
          {...form.getInputProps('isDefault', { type: 'checkbox' })}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Add tax rate
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
