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
import { IconCash } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import type { Member, MemberBilling } from '../../../../shared/contract';
import { api } from '../../api';
import { useFormat } from '../../app/format';
import { notifyError, notifySuccess } from '../../app/notify';
import { fieldErrorsOf, type FieldErrors } from '../../components/forms';
import { MoneyInput, moneyText, parseMoneyField } from '../../components/MoneyInput';
import { billingKeys } from './keys';
import { DESK_METHODS, METHOD_LABELS, type DeskMethod } from './labels';

/**
 * Pays a member's credit balance out as money (manager+): cash at the desk, a bank transfer… The
 * balance goes down by the amount; it cannot go below zero.
 */
export function PayOutCreditModal({
  member,
  summary,
  opened,
  onClose,
}: {
  member: Member;
  summary: MemberBilling;
  opened: boolean;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={`Pay out ${member.firstName}'s credit`}
      size={560}
      closeOnClickOutside={false}
    >
      {opened && <PayOutForm member={member} summary={summary} onClose={onClose} />}
    </Modal>
  );
}

function PayOutForm({
  member,
  summary: s,
  onClose,
}: {
  member: Member;
  summary: MemberBilling;
  onClose: () => void;
}) {
  const format = useFormat();
  const queryClient = useQueryClient();
  const [amount, setAmount] = useState(moneyText(s.balance, s.currency));
  const [method, setMethod] = useState<DeskMethod>('cash');
  const [reference, setReference] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const name = `${member.firstName} ${member.lastName}`;

  const parsed = parseMoneyField(amount, s.currency);
  const shown = 'value' in parsed && parsed.value > 0 ? format.money(parsed.value, s.currency) : null;
  const left = 'value' in parsed ? s.balance - parsed.value : s.balance;
  let sentence: string | null = null;
  if (shown) {
    if (method === 'cash') sentence = `Give ${member.firstName} ${shown} in cash.`;
    else if (method === 'bank_transfer') sentence = `Send ${shown} to ${member.firstName} by bank transfer.`;
    else if (method === 'card_terminal')
      sentence = `Refund ${shown} to ${member.firstName} on the card terminal.`;
    else sentence = `Give ${shown} to ${member.firstName}.`;
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const next: FieldErrors = {};
    if ('error' in parsed) next.amount = parsed.error;
    else if (parsed.value <= 0) next.amount = 'Enter an amount above zero';
    if (!reason.trim()) next.reason = 'Enter reason';
    setErrors(next);
    if (Object.keys(next).length || !('value' in parsed)) return;
    const value = parsed.value;
    modals.openConfirmModal({
      title: `Pay out ${format.money(value, s.currency)}?`,
      children: (
        <Text fz="sm">
          {sentence} {name}&apos;s credit balance goes down to{' '}
          {format.money(Math.max(0, s.balance - value), s.currency)}.
        </Text>
      ),
      labels: { confirm: 'Pay out', cancel: 'Go back' },
      confirmProps: { color: 'teal' },
      onConfirm: () => void payOut(value),
    });
  }

  async function payOut(value: number) {
    setBusy(true);
    try {
      const result = await api.call('refunds.payOutBalance', {
        memberId: member.id,
        amount: value,
        method,
        reference: reference.trim() || undefined,
        reason: reason.trim(),
      });
      queryClient.setQueryData(billingKeys.memberSummary(member.id), (old: MemberBilling | undefined) =>
        old ? { ...old, balance: result.balance } : old,
      );
      void queryClient.invalidateQueries({
        predicate: (q) => ['billing', 'refunds', 'creditNotes', 'dashboard'].includes(String(q.queryKey[0])),
      });
      notifySuccess(
        `${format.money(value, s.currency)} paid out to ${name} (${METHOD_LABELS[method].toLowerCase()}); the credit balance is now ${format.money(result.balance, s.currency)}.`,
        'Credit paid out',
      );
      onClose();
    } catch (e) {
      const fields = fieldErrorsOf(e);
      // "The member's balance is $20.00; no more can be paid out." says more than a short field error.
      setErrors(fields.amount && e instanceof Error ? { ...fields, amount: e.message } : fields);
      if (!Object.keys(fields).length) notifyError(e, 'Nothing was paid out');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text fz="sm">
          {name} has{' '}
          <Text span fw={700} c="teal">
            {format.money(s.balance, s.currency)}
          </Text>{' '}
          of credit, used automatically on their next invoices. Pay it out when they would rather have the
          money back.
        </Text>
        <SimpleGrid cols={2} spacing="md">
          <MoneyInput
            label="Amount"
            required
            data-autofocus
            currency={s.currency}
            value={amount}
            onChange={(v) => {
              setAmount(v);
              setErrors((e) => ({ ...e, amount: '' }));
            }}
            error={errors.amount || undefined}
          />
          <TextInput
            label="Reference"
            placeholder="Receipt or transfer (optional)"
            value={reference}
            onChange={(e) => setReference(e.currentTarget.value)}
            error={errors.reference}
          />
        </SimpleGrid>
        <Stack gap={4}>
          <Text fz="sm" fw={500}>
            How the money goes back
          </Text>
          <SegmentedControl
            aria-label="Pay-out method"
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
        <Textarea
          label="Reason"
          required
          autosize
          minRows={2}
          placeholder="Moving away, overpaid at the desk…"
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            setErrors((x) => ({ ...x, reason: '' }));
          }}
          error={errors.reason || undefined}
        />
        {sentence && (
          <Alert
            color="teal"
            variant="light"
            icon={<IconCash size={18} />}
            p="sm"
            data-testid="payout-sentence"
          >
            <Text fz="sm">{sentence}</Text>
            {left > 0 && left < s.balance && (
              <Text fz="xs" c="dimmed" mt={2}>
                {format.money(left, s.currency)} of credit stays on {member.firstName}&apos;s balance.
              </Text>
            )}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" color="teal" loading={busy}>
            {shown ? `Pay out ${shown}` : 'Pay out'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
