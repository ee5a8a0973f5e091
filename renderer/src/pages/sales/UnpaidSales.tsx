import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconClockHour4, IconCash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { useFormat } from '../../app/format';
import { confirmCancelSale, refreshAfterSale } from './saleActions';
import { resumeSale } from './saleStore';

/**
 * Unpaid desk sales (waiting for their first payment, say after a decline or while the member's bank
 * wants them) once the checkout was closed: each with a way back to its payment step, or to end it.
 * Shown on the member's page and on the page of the subscription the sale started.
 */
export function UnpaidSales(props: { memberId: number } | { subscriptionId: number }) {
  const format = useFormat();
  const queryClient = useQueryClient();
  const filter =
    'memberId' in props ? { memberId: props.memberId } : { subscriptionId: props.subscriptionId };
  const open = useQuery({
    queryKey: ['sales', 'open', filter],
    queryFn: () => api.call('sales.list', { ...filter, status: 'open', limit: 20 }),
  });
  const sales = open.data?.items ?? [];
  if (sales.length === 0) return null;
  return (
    <Stack gap="sm">
      {sales.map((sale) => (
        <Alert
          key={sale.id}
          color="yellow"
          variant="light"
          icon={<IconClockHour4 size={18} />}
          aria-label="Unpaid sale"
          data-testid="unpaid-sale"
        >
          <Group justify="space-between" align="center" wrap="nowrap" gap="md">
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Text fz="sm" fw={600}>
                Unpaid sale of {sale.planName} started {format.day(sale.createdAt)} — ends by itself at{' '}
                {format.dateTime(sale.expiresAt)}
              </Text>
              <Text fz="sm" c="dimmed">
                {format.money(sale.amountDue, sale.currency)} due on invoice {sale.invoiceNumber}. Nothing is
                active until it is paid.
              </Text>
            </Stack>
            <Group gap="xs" wrap="nowrap">
              <Button
                size="xs"
                variant="subtle"
                color="red"
                onClick={() => confirmCancelSale(sale, () => refreshAfterSale(queryClient))}
              >
                Cancel sale
              </Button>
              <Button size="xs" leftSection={<IconCash size={14} />} onClick={() => resumeSale(sale)}>
                Take payment
              </Button>
            </Group>
          </Group>
        </Alert>
      ))}
    </Stack>
  );
}
