import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import type { Invoice } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import { api } from '../../api';
import { useFormat } from '../../app/format';
import { notifyError, notifySuccess } from '../../app/notify';
import { fieldErrorsOf } from '../../components/forms';
import { MoneyDialog } from '../../components/MoneyDialog';
import { billingKeys } from './keys';
import { DESK_METHODS, METHOD_LABELS, type DeskMethod } from './labels';

const refreshAfterMoney = (queryClient: ReturnType<typeof useQueryClient>) =>
  queryClient.invalidateQueries({
    predicate: (q) =>
      ['invoices', 'payments', 'billing', 'subscriptions', 'creditNotes', 'dashboard'].includes(
        String(q.queryKey[0]),
      ),
  });

/**
 * Record a payment taken at the desk. Partial payments are fine; paying more than is due asks for a
 * confirmation first (the rest goes on the member's balance).
 */
export function RecordPaymentModal({
  invoice,
  opened,
  onClose,
}: {
  invoice: Invoice;
  opened: boolean;
  onClose: () => void;
}) {
  const format = useFormat();
  const queryClient = useQueryClient();
  const money = (minor: number) => format.money(minor, invoice.currency);
  return (
    <MoneyDialog<DeskMethod>
      opened={opened}
      onClose={onClose}
      title={`Record a payment for ${invoice.number ?? 'this invoice'}`}
      intro={
        <>
          {invoice.memberName} owes{' '}
          <Text span fw={700}>
            {money(invoice.amountDue)}
          </Text>{' '}
          on this invoice. A smaller amount is recorded as a part payment.
        </>
      }
      currency={invoice.currency}
      defaultAmount={invoice.amountDue}
      methods={DESK_METHODS.map((m) => ({ value: m, label: METHOD_LABELS[m] }))}
      defaultMethod="cash"
      methodAriaLabel="Payment method"
      referencePlaceholder="Receipt or transfer reference (optional)"
      notice={
        <Alert color="gray" variant="light" icon={<IconInfoCircle size={18} />} p="xs">
          <Text fz="xs">
            To charge the member&apos;s saved card, close this and choose Charge card. A payment on your own
            card terminal is recorded here like cash.
          </Text>
        </Alert>
      }
      submitLabel={() => 'Record payment'}
      failureTitle="Payment not recorded"
      // The core explains an overpayment ("That is $5.00 more than is due…"): ask before doing it.
      askOn={(e) =>
        e instanceof AppError && e.code === 'CONFLICT' && e.fields?.amount
          ? {
              title: 'More than is due',
              detail: `${money(invoice.amountDue)} is due on this invoice. The rest is kept as credit and used on ${invoice.memberName}'s next invoices.`,
              confirmLabel: 'Confirm and put the rest on the balance',
            }
          : null
      }
      onSubmit={async (v, confirmed) => {
        const payment = await api.call('payments.record', {
          invoiceId: invoice.id,
          amount: v.amount,
          method: v.method,
          reference: v.reference || undefined,
          confirmOverpayment: confirmed,
        });
        const rest = invoice.amountDue - payment.amount;
        notifySuccess(
          rest > 0
            ? `${money(payment.amount)} recorded; ${money(rest)} is still due.`
            : rest < 0
              ? `${money(payment.amount)} recorded; ${money(-rest)} went to ${invoice.memberName}'s balance.`
              : `${money(payment.amount)} recorded; the invoice is paid.`,
          'Payment recorded',
        );
        void refreshAfterMoney(queryClient);
      }}
    />
  );
}

/** Void (issued by mistake) or write off (will not be paid): both keep the number and need a reason. */
export function CloseInvoiceModal({
  invoice,
  kind,
  onClose,
}: {
  invoice: Invoice;
  kind: 'void' | 'uncollectible' | null;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const isVoid = kind === 'void';

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) {
      setError('Enter reason');
      return;
    }
    setBusy(true);
    try {
      if (isVoid) await api.call('invoices.void', { id: invoice.id, reason });
      else await api.call('invoices.markUncollectible', { id: invoice.id, reason });
      notifySuccess(
        isVoid ? `${invoice.number} was voided.` : `${invoice.number} was marked uncollectible.`,
        'Invoice updated',
      );
      void refreshAfterMoney(queryClient);
      void queryClient.invalidateQueries({ queryKey: billingKeys.invoice(invoice.id) });
      setReason('');
      onClose();
    } catch (e) {
      setError(fieldErrorsOf(e).reason);
      notifyError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      opened={kind !== null}
      onClose={onClose}
      title={isVoid ? `Void ${invoice.number}?` : `Mark ${invoice.number} uncollectible?`}
      size={520}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text fz="sm">
            {isVoid
              ? 'Voiding cancels an invoice issued by mistake. It keeps its number (numbers are never reused) and nothing more can be paid on it.'
              : 'Writing off says you do not expect this money. The invoice stays on record and can still be paid later if the member does pay.'}
          </Text>
          <Textarea
            label="Reason"
            required
            data-autofocus
            autosize
            minRows={2}
            placeholder={isVoid ? 'Issued twice, wrong member…' : 'Member left the country, unreachable…'}
            value={reason}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setError(undefined);
            }}
            error={error}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Keep it open
            </Button>
            <Button type="submit" color="red" loading={busy}>
              {isVoid ? 'Void invoice' : 'Mark uncollectible'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
