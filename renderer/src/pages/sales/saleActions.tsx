import { Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import type { QueryClient } from '@tanstack/react-query';
import type { Sale } from '../../../../shared/contract';
import { api } from '../../api';
import { notifyError, notifySuccess } from '../../app/notify';
import { closeSaleWizard } from './saleStore';

/** What a sale touches, made stale after one is made, paid or ended. */
const SALE_ROOTS = [
  'subscriptions',
  'invoices',
  'billing',
  'plans',
  'members',
  'payments',
  'coupons',
  'sales',
];

export function refreshAfterSale(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ predicate: (q) => SALE_ROOTS.includes(String(q.queryKey[0])) });
}

/** Ends the unpaid sale now: its invoice voided, its coupon released. */
export function cancelSale(sale: Sale, refresh: () => void) {
  api
    .call('sales.cancel', { id: sale.id })
    .then(() => {
      notifySuccess('The sale was canceled and its invoice voided.', 'Sale canceled');
      refresh();
      closeSaleWizard();
    })
    .catch((e: unknown) => notifyError(e, 'Sale not canceled'));
}

/** "Cancel sale": a destructive action, so it is confirmed first. */
export function confirmCancelSale(sale: Sale, refresh: () => void) {
  modals.openConfirmModal({
    title: 'Cancel this sale?',
    children: (
      <Text fz="sm">
        Its invoice {sale.invoiceNumber} is voided and any coupon released. Nothing was charged.
      </Text>
    ),
    labels: { confirm: 'Cancel the sale', cancel: 'Keep it' },
    confirmProps: { color: 'red' },
    onConfirm: () => cancelSale(sale, refresh),
  });
}
