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
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle,
  IconCheck,
  IconCreditCardPay,
  IconInfoCircle,
  IconReceiptRefund,
} from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChargeOutcome, Invoice, Payment } from '../../../../shared/contract';
import { api } from '../../api';
import { useFormat } from '../../app/format';
import { errorMessage, notifySuccess } from '../../app/notify';
import { fieldErrorsOf, type FieldErrors } from '../../components/forms';
import { MoneyInput, moneyText, parseMoneyField } from '../../components/MoneyInput';
import { cardKeys, cardName } from './cards';
import { DESK_METHODS, METHOD_LABELS, type DeskMethod } from './labels';

const refreshAfterMoney = (queryClient: ReturnType<typeof useQueryClient>) =>
  queryClient.invalidateQueries({
    predicate: (q) =>
      ['invoices', 'payments', 'billing', 'subscriptions', 'creditNotes', 'dashboard', 'refunds'].includes(
        String(q.queryKey[0]),
      ),
  });

/** The member's cards on file (shared with the Cards section through the same key). */
export function useMemberCards(memberId: number) {
  return useQuery({
    queryKey: cardKeys.list(memberId),
    queryFn: () => api.call('paymentMethods.list', { memberId }),
  });
}

/** The outcome of a charge, told the way the core words it: green, orange (member must act) or red. */
function showOutcome(outcome: ChargeOutcome) {
  const s = outcome.payment.status;
  notifications.show({
    color: s === 'succeeded' ? 'teal' : s === 'failed' ? 'red' : 'orange',
    icon: s === 'succeeded' ? <IconCheck size={18} /> : <IconAlertTriangle size={18} />,
    title:
      s === 'succeeded'
        ? 'Card charged'
        : s === 'failed'
          ? 'The card was declined'
          : s === 'requires_action'
            ? 'The member needs to confirm'
            : 'The charge is on its way',
    message: outcome.message,
    autoClose: s === 'succeeded' ? 4000 : 10_000,
  });
}

/**
 * "Charge card" on an open invoice with something due, when the member has a default card; "Retry"
 * once an attempt failed. The answer is shown as the core words it.
 */
export function ChargeCardButton({ invoice, retry }: { invoice: Invoice; retry: boolean }) {
  const queryClient = useQueryClient();
  const cards = useMemberCards(invoice.memberId);
  const card = cards.data?.find((c) => c.isDefault && !c.expired);
  const [busy, setBusy] = useState(false);
  if (!card) return null;

  async function charge() {
    setBusy(true);
    try {
      const outcome = await api.call('invoices.charge', { invoiceId: invoice.id });
      showOutcome(outcome);
    } catch (e) {
      notifications.show({
        color: 'red',
        icon: <IconAlertTriangle size={18} />,
        title: 'The card was not charged',
        message: errorMessage(e),
        autoClose: 10_000,
      });
    } finally {
      setBusy(false);
      void refreshAfterMoney(queryClient);
    }
  }

  return (
    <Button
      leftSection={<IconCreditCardPay size={16} />}
      loading={busy}
      onClick={() => void charge()}
      title={`Charge ${cardName(card)}`}
      variant={retry ? 'light' : 'filled'}
      color={retry ? 'orange' : undefined}
    >
      {retry ? 'Retry card' : 'Charge card'}
    </Button>
  );
}

/** What is left to give back on a payment. */
export const refundable = (p: Payment) => p.amount - p.amountRefunded;

/**
 * Give money back on a payment that went through (manager+). Cards go back to the card through
 * Stripe; desk payments are given back at the desk, so the dialog asks how. Either way a credit
 * note is issued on the invoice.
 */
export function RefundModal({ payment, onClose }: { payment: Payment | null; onClose: () => void }) {
  return (
    <Modal
      opened={payment !== null}
      onClose={onClose}
      title={payment ? `Refund a payment${payment.invoiceNumber ? ` on ${payment.invoiceNumber}` : ''}` : ''}
      size={560}
      closeOnClickOutside={false}
    >
      {payment && <RefundForm key={payment.id} payment={payment} onClose={onClose} />}
    </Modal>
  );
}

function RefundForm({ payment: p, onClose }: { payment: Payment; onClose: () => void }) {
  const format = useFormat();
  const queryClient = useQueryClient();
  const left = refundable(p);
  const [amount, setAmount] = useState(moneyText(left, p.currency));
  const [reason, setReason] = useState('');
  const [method, setMethod] = useState<DeskMethod>(p.method === 'card' ? 'cash' : (p.method as DeskMethod));
  const [reference, setReference] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const byCard = p.method === 'card';
  // The card the payment used; older payments do not say, and with one card on file it can only be that one.
  const cards = useMemberCards(p.memberId);
  const only = byCard && !p.card && cards.data?.length === 1 ? cards.data[0] : undefined;
  const usedCard = p.card ?? only;

  const parsed = parseMoneyField(amount, p.currency);
  const shown = 'value' in parsed && parsed.value > 0 ? format.money(parsed.value, p.currency) : null;
  let sentence: string | null = null;
  if (shown) {
    if (byCard)
      sentence = `${shown} goes back to ${usedCard ? cardName(usedCard) : 'the card it was paid with'}; it shows on their statement in 5–10 days.`;
    else if (method === 'cash') sentence = `Give ${shown} back in cash.`;
    else if (method === 'bank_transfer') sentence = `Send ${shown} back by bank transfer.`;
    else if (method === 'card_terminal') sentence = `Refund ${shown} on the card terminal.`;
    else sentence = `Give ${shown} back to ${p.memberName}.`;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const next: FieldErrors = {};
    if ('error' in parsed) next.amount = parsed.error;
    else if (parsed.value <= 0) next.amount = 'Enter an amount above zero';
    if (!reason.trim()) next.reason = 'Enter reason';
    setErrors(next);
    if (Object.keys(next).length || !('value' in parsed)) return;
    const value = parsed.value;
    modals.openConfirmModal({
      title: `Refund ${format.money(value, p.currency)}?`,
      children: <Text fz="sm">{sentence} A refund cannot be taken back.</Text>,
      labels: { confirm: 'Refund', cancel: 'Go back' },
      confirmProps: { color: 'grape' },
      onConfirm: () => void refund(value),
    });
  }

  async function refund(value: number) {
    setBusy(true);
    try {
      const refund = await api.call('refunds.create', {
        paymentId: p.id,
        amount: value === left ? undefined : value,
        reason: reason.trim(),
        method: byCard ? undefined : method,
        reference: reference.trim() || undefined,
      });
      const money = format.money(refund.amount, refund.currency);
      notifySuccess(
        refund.status === 'failed'
          ? `Stripe did not refund ${money}: ${refund.failureMessage ?? 'no reason given'}.`
          : `${money} ${refund.status === 'pending' ? 'is on its way back' : 'was refunded'}${
              refund.creditNoteNumber ? `; credit note ${refund.creditNoteNumber} was issued` : ''
            }.`,
        'Refund recorded',
      );
      void refreshAfterMoney(queryClient);
      onClose();
    } catch (e) {
      const fields = fieldErrorsOf(e);
      // "At most $17.50 of this payment can still be refunded." says more than the field's "At most $17.50".
      setErrors(fields.amount && e instanceof Error ? { ...fields, amount: e.message } : fields);
      if (!fields.amount && !fields.reason)
        notifications.show({
          color: 'red',
          icon: <IconAlertTriangle size={18} />,
          title: 'Nothing was refunded',
          message: errorMessage(e),
          autoClose: 8000,
        });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text fz="sm">
          {p.memberName} paid{' '}
          <Text span fw={700}>
            {format.money(p.amount, p.currency)}
          </Text>{' '}
          {byCard
            ? p.card
              ? `with ${cardName(p.card)}`
              : 'by card'
            : `by ${METHOD_LABELS[p.method].toLowerCase()}`}{' '}
          on {format.day(p.createdAt)}
          {p.amountRefunded > 0 ? `; ${format.money(p.amountRefunded, p.currency)} was refunded already` : ''}
          . Up to {format.money(left, p.currency)} can be given back.
        </Text>
        <SimpleGrid cols={2} spacing="md">
          <MoneyInput
            label="Amount"
            required
            data-autofocus
            currency={p.currency}
            value={amount}
            onChange={(v) => {
              setAmount(v);
              setErrors((e) => ({ ...e, amount: '' }));
            }}
            error={errors.amount || undefined}
          />
          <TextInput
            label="Reference"
            placeholder={byCard ? 'Optional note' : 'Receipt or transfer reference (optional)'}
            value={reference}
            onChange={(e) => setReference(e.currentTarget.value)}
            error={errors.reference}
          />
        </SimpleGrid>
        <Textarea
          label="Reason"
          required
          autosize
          minRows={2}
          placeholder="Class cancelled, charged twice, goodwill…"
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            setErrors((x) => ({ ...x, reason: '' }));
          }}
          error={errors.reason || undefined}
        />
        {!byCard && (
          <Stack gap={4}>
            <Text fz="sm" fw={500}>
              How the money goes back
            </Text>
            <SegmentedControl
              aria-label="Refund method"
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
        )}
        {sentence && (
          <Alert
            color="grape"
            variant="light"
            icon={byCard ? <IconInfoCircle size={18} /> : <IconReceiptRefund size={18} />}
            p="sm"
            data-testid="refund-sentence"
          >
            <Text fz="sm">{sentence}</Text>
            <Text fz="xs" c="dimmed" mt={2}>
              A credit note for the amount is issued on the invoice.
            </Text>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" color="grape" loading={busy}>
            {shown ? `Refund ${shown}` : 'Refund'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
