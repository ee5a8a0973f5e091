import { useState, type FormEvent } from 'react';
import {
  Alert,
  Button,
  Group,
  Modal,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { IconAlertTriangle, IconInfoCircle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import type { Invoice } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import { api } from '../../api';
import { useFormat } from '../../app/format';
import { notifyError, notifySuccess } from '../../app/notify';
import { fieldErrorsOf, type FieldErrors } from '../../components/forms';
import { MoneyInput, moneyText, parseMoneyField } from '../../components/MoneyInput';
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
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={`Record a payment for ${invoice.number ?? 'this invoice'}`}
      size={560}
      closeOnClickOutside={false}
    >
      <RecordPaymentForm invoice={invoice} onClose={onClose} />
    </Modal>
  );
}

function RecordPaymentForm({ invoice, onClose }: { invoice: Invoice; onClose: () => void }) {
  const format = useFormat();
  const queryClient = useQueryClient();
  const [amount, setAmount] = useState(moneyText(invoice.amountDue, invoice.currency));
  const [method, setMethod] = useState<DeskMethod>('cash');
  const [reference, setReference] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [overpayment, setOverpayment] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function record(confirmOverpayment: boolean) {
    const parsed = parseMoneyField(amount, invoice.currency);
    if ('error' in parsed) {
      setErrors({ amount: parsed.error });
      return;
    }
    if (parsed.value === 0) {
      setErrors({ amount: 'Enter an amount above zero' });
      return;
    }
    setBusy(true);
    try {
      const payment = await api.call('payments.record', {
        invoiceId: invoice.id,
        amount: parsed.value,
        method,
        reference: reference || undefined,
        confirmOverpayment,
      });
      const rest = invoice.amountDue - payment.amount;
      notifySuccess(
        rest > 0
          ? `${format.money(payment.amount, payment.currency)} recorded; ${format.money(rest, payment.currency)} is still due.`
          : rest < 0
            ? `${format.money(payment.amount, payment.currency)} recorded; ${format.money(-rest, payment.currency)} went to ${invoice.memberName}'s balance.`
            : `${format.money(payment.amount, payment.currency)} recorded; the invoice is paid.`,
        'Payment recorded',
      );
      void refreshAfterMoney(queryClient);
      onClose();
    } catch (e) {
      if (e instanceof AppError && e.code === 'CONFLICT' && e.fields?.amount && !confirmOverpayment) {
        // The core explains the overpayment ("That is $5.00 more than is due…"): ask before doing it.
        setOverpayment(e.message);
      } else {
        setErrors(fieldErrorsOf(e));
        notifyError(e, 'Payment not recorded');
      }
    } finally {
      setBusy(false);
    }
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void record(false);
  };

  if (overpayment) {
    return (
      <Stack gap="md">
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} title="More than is due">
          {overpayment}
        </Alert>
        <Text fz="sm" c="dimmed">
          {format.money(invoice.amountDue, invoice.currency)} is due on this invoice. The rest is kept as
          credit and used on {invoice.memberName}&apos;s next invoices.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setOverpayment(null)}>
            Change the amount
          </Button>
          <Button color="orange" loading={busy} onClick={() => void record(true)}>
            Confirm and put the rest on the balance
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text fz="sm">
          {invoice.memberName} owes{' '}
          <Text span fw={700}>
            {format.money(invoice.amountDue, invoice.currency)}
          </Text>{' '}
          on this invoice. A smaller amount is recorded as a part payment.
        </Text>
        <SimpleGrid cols={2} spacing="md">
          <MoneyInput
            label="Amount"
            required
            data-autofocus
            currency={invoice.currency}
            value={amount}
            onChange={(v) => {
              setAmount(v);
              setErrors({});
            }}
            error={errors.amount}
          />
          <TextInput
            label="Reference"
            placeholder="Receipt or transfer reference (optional)"
            value={reference}
            onChange={(e) => setReference(e.currentTarget.value)}
            error={errors.reference}
          />
        </SimpleGrid>
        <Stack gap={4}>
          <Text fz="sm" fw={500}>
            Method
          </Text>
          <SegmentedControl
            aria-label="Payment method"
            data={DESK_METHODS.map((m) => ({ value: m, label: METHOD_LABELS[m] }))}
            value={method}
            onChange={(v) => setMethod(v as DeskMethod)}
            fullWidth
          />
          {errors.method && (
            <Text fz="xs" c="red">
              {errors.method}
            </Text>
          )}
        </Stack>
        <Alert color="gray" variant="light" icon={<IconInfoCircle size={18} />} p="xs">
          <Text fz="xs">
            To charge the member&apos;s saved card, close this and choose Charge card. A payment on your own
            card terminal is recorded here like cash.
          </Text>
        </Alert>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Record payment
          </Button>
        </Group>
      </Stack>
    </form>
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
