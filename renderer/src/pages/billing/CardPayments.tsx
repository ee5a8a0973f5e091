import { useState } from 'react';
import { Button, Text } from '@mantine/core';
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
import { MoneyDialog } from '../../components/MoneyDialog';
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
  // Keyed: another payment is another form, never the last one's amount.
  return payment ? <RefundDialog key={payment.id} payment={payment} onClose={onClose} /> : null;
}

function RefundDialog({ payment: p, onClose }: { payment: Payment; onClose: () => void }) {
  const format = useFormat();
  const queryClient = useQueryClient();
  const left = refundable(p);
  const byCard = p.method === 'card';
  // The card the payment used; older payments do not say, and with one card on file it can only be that one.
  const cards = useMemberCards(p.memberId);
  const only = byCard && !p.card && cards.data?.length === 1 ? cards.data[0] : undefined;
  const usedCard = p.card ?? only;

  const sentence = (amount: number, method: DeskMethod) => {
    const shown = format.money(amount, p.currency);
    if (byCard)
      return `${shown} goes back to ${usedCard ? cardName(usedCard) : 'the card it was paid with'}; it shows on their statement in 5–10 days.`;
    if (method === 'cash') return `Give ${shown} back in cash.`;
    if (method === 'bank_transfer') return `Send ${shown} back by bank transfer.`;
    if (method === 'card_terminal') return `Refund ${shown} on the card terminal.`;
    return `Give ${shown} back to ${p.memberName}.`;
  };

  return (
    <MoneyDialog<DeskMethod>
      opened
      onClose={onClose}
      title={`Refund a payment${p.invoiceNumber ? ` on ${p.invoiceNumber}` : ''}`}
      intro={
        <>
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
        </>
      }
      currency={p.currency}
      defaultAmount={left}
      methods={byCard ? undefined : DESK_METHODS.map((m) => ({ value: m, label: METHOD_LABELS[m] }))}
      defaultMethod={byCard ? 'cash' : (p.method as DeskMethod)}
      methodLabel="How the money goes back"
      methodAriaLabel="Refund method"
      referencePlaceholder={byCard ? 'Optional note' : 'Receipt or transfer reference (optional)'}
      reasonPlaceholder="Class cancelled, charged twice, goodwill…"
      sentence={sentence}
      sentenceDetail={() => 'A credit note for the amount is issued on the invoice.'}
      sentenceIcon={byCard ? <IconInfoCircle size={18} /> : <IconReceiptRefund size={18} />}
      sentenceTestId="refund-sentence"
      color="grape"
      submitLabel={(shown) => (shown ? `Refund ${shown}` : 'Refund')}
      confirm={(v, shown) => ({
        title: `Refund ${shown}?`,
        body: `${sentence(v.amount, v.method)} A refund cannot be taken back.`,
        label: 'Refund',
      })}
      failureTitle="Nothing was refunded"
      onSubmit={async (v) => {
        const refund = await api.call('refunds.create', {
          paymentId: p.id,
          amount: v.amount === left ? undefined : v.amount,
          reason: v.reason,
          method: byCard ? undefined : v.method,
          reference: v.reference || undefined,
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
      }}
    />
  );
}
