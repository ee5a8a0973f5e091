import { Text } from '@mantine/core';
import { IconCash } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import type { Member, MemberBilling } from '../../../../shared/contract';
import { api } from '../../api';
import { useFormat } from '../../app/format';
import { notifySuccess } from '../../app/notify';
import { MoneyDialog } from '../../components/MoneyDialog';
import { billingKeys } from './keys';
import { DESK_METHODS, METHOD_LABELS, type DeskMethod } from './labels';

/**
 * Pays a member's credit balance out as money (manager+): cash at the desk, a bank transfer… The
 * balance goes down by the amount; it cannot go below zero.
 */
export function PayOutCreditModal({
  member,
  summary: s,
  opened,
  onClose,
}: {
  member: Member;
  summary: MemberBilling;
  opened: boolean;
  onClose: () => void;
}) {
  const format = useFormat();
  const queryClient = useQueryClient();
  const name = `${member.firstName} ${member.lastName}`;
  const money = (minor: number) => format.money(minor, s.currency);

  const sentence = (amount: number, method: DeskMethod) => {
    const shown = money(amount);
    if (method === 'cash') return `Give ${member.firstName} ${shown} in cash.`;
    if (method === 'bank_transfer') return `Send ${shown} to ${member.firstName} by bank transfer.`;
    if (method === 'card_terminal') return `Refund ${shown} to ${member.firstName} on the card terminal.`;
    return `Give ${shown} to ${member.firstName}.`;
  };

  return (
    <MoneyDialog<DeskMethod>
      opened={opened}
      onClose={onClose}
      title={`Pay out ${member.firstName}'s credit`}
      intro={
        <>
          {name} has{' '}
          <Text span fw={700} c="teal">
            {money(s.balance)}
          </Text>{' '}
          of credit, used automatically on their next invoices. Pay it out when they would rather have the
          money back.
        </>
      }
      currency={s.currency}
      defaultAmount={s.balance}
      methods={DESK_METHODS.map((m) => ({ value: m, label: METHOD_LABELS[m] }))}
      defaultMethod="cash"
      methodLabel="How the money goes back"
      methodAriaLabel="Pay-out method"
      referencePlaceholder="Receipt or transfer (optional)"
      reasonPlaceholder="Moving away, overpaid at the desk…"
      sentence={sentence}
      sentenceDetail={(amount) => {
        const left = s.balance - amount;
        return left > 0 ? `${money(left)} of credit stays on ${member.firstName}'s balance.` : null;
      }}
      sentenceIcon={<IconCash size={18} />}
      sentenceTestId="payout-sentence"
      color="teal"
      submitLabel={(shown) => (shown ? `Pay out ${shown}` : 'Pay out')}
      confirm={(v, shown) => ({
        title: `Pay out ${shown}?`,
        body: `${sentence(v.amount, v.method)} ${name}'s credit balance goes down to ${money(Math.max(0, s.balance - v.amount))}.`,
        label: 'Pay out',
      })}
      failureTitle="Nothing was paid out"
      onSubmit={async (v) => {
        const result = await api.call('refunds.payOutBalance', {
          memberId: member.id,
          amount: v.amount,
          method: v.method,
          reference: v.reference || undefined,
          reason: v.reason,
        });
        queryClient.setQueryData(billingKeys.memberSummary(member.id), (old: MemberBilling | undefined) =>
          old ? { ...old, balance: result.balance } : old,
        );
        void queryClient.invalidateQueries({
          predicate: (q) =>
            ['billing', 'refunds', 'creditNotes', 'dashboard'].includes(String(q.queryKey[0])),
        });
        notifySuccess(
          `${money(v.amount)} paid out to ${name} (${METHOD_LABELS[v.method].toLowerCase()}); the credit balance is now ${money(result.balance)}.`,
          'Credit paid out',
        );
      }}
    />
  );
}
