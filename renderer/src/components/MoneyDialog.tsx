import { useState, type ReactNode } from 'react';
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
  type MantineColor,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useFormat } from '../app/format';
import { notifyError } from '../app/notify';
import { fieldErrorsOf } from './forms';
import { MoneyInput, moneyText, parseMoneyField } from './MoneyInput';

/** What the operator entered, amount in minor units of the dialog's currency. */
export interface MoneyValues<M extends string = string> {
  amount: number;
  method: M;
  /** Trimmed; '' when left empty. */
  reference: string;
  /** Trimmed; '' when the dialog has no reason field. */
  reason: string;
}

/** A second question raised by the core's answer, e.g. "That is $6.00 more than is due…". */
export interface MoneyAsk {
  title: string;
  /** Under the core's message: what confirming does. */
  detail?: ReactNode;
  confirmLabel: string;
  color?: MantineColor;
}

export interface MoneyDialogProps<M extends string> {
  opened: boolean;
  onClose: () => void;
  /** Also the dialog's accessible name. */
  title: string;
  /** The sentence on top: what the money is against and how much can move. */
  intro: ReactNode;
  currency: string;
  /** Prefilled amount (minor units): what is due, refundable, on the balance. */
  defaultAmount: number;
  /** The ways the money can move; none → no choice (a card refund goes back to the card). */
  methods?: { value: M; label: string }[];
  defaultMethod: M;
  /** The method's label, e.g. "How the money goes back". */
  methodLabel?: string;
  /** Accessible name of the method control, e.g. "Refund method". */
  methodAriaLabel?: string;
  referencePlaceholder?: string;
  /** A required reason (its placeholder); omitted → no reason field. */
  reasonPlaceholder?: string;
  /** Live, plain words for where the money goes ("Give Sam $20.00 in cash."), or null while none. */
  sentence?: (amount: number, method: M) => ReactNode;
  /** Smaller words under the sentence. */
  sentenceDetail?: (amount: number, method: M) => ReactNode;
  sentenceIcon?: ReactNode;
  /** data-testid of the sentence box, for tests. */
  sentenceTestId?: string;
  /** A fixed note above the buttons. */
  notice?: ReactNode;
  /** The submit button's colour and the sentence's. */
  color?: MantineColor;
  /** The submit button's words; `shown` is the formatted amount when one is valid. */
  submitLabel: (shown: string | null) => string;
  /** A confirmation before sending (destructive money moves); omitted → sent at once. */
  confirm?: (values: MoneyValues<M>, shown: string) => { title: string; body: ReactNode; label: string };
  /** Does the work and closes nothing itself; throw an AppError to show its field errors. */
  onSubmit: (values: MoneyValues<M>, confirmed: boolean) => Promise<void>;
  /**
   * Errors that are a question rather than a refusal (an overpayment): shown in the dialog, and on
   * confirm `onSubmit` runs again with `confirmed` true.
   */
  askOn?: (error: unknown) => MoneyAsk | null;
  /** Toast title when it fails without a field to blame, e.g. "Nothing was refunded". */
  failureTitle: string;
}

/**
 * The frame of every dialog that moves money (record a payment, refund, pay out credit): an amount
 * typed as text and parsed to minor units (never a float), a method, a reference, an optional reason,
 * a live sentence saying where the money goes, an optional confirm step, the core's field errors on
 * the fields, and a submitting state. The form mounts on open, so it always starts from the current
 * figures.
 */
export function MoneyDialog<M extends string>(props: MoneyDialogProps<M>) {
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.title}
      size={560}
      closeOnClickOutside={false}
    >
      {props.opened && <MoneyForm {...props} />}
    </Modal>
  );
}

interface FormValues<M> {
  amount: string;
  method: M;
  reference: string;
  reason: string;
}

function MoneyForm<M extends string>(p: MoneyDialogProps<M>) {
  const format = useFormat();
  const [busy, setBusy] = useState(false);
  const [ask, setAsk] = useState<(MoneyAsk & { message: string }) | null>(null);
  const form = useForm<FormValues<M>>({
    mode: 'controlled',
    initialValues: {
      amount: moneyText(p.defaultAmount, p.currency),
      method: p.defaultMethod,
      reference: '',
      reason: '',
    },
    validate: {
      amount: (text) => {
        const parsed = parseMoneyField(text, p.currency);
        if ('error' in parsed) return parsed.error;
        return parsed.value <= 0 ? 'Enter an amount above zero' : null;
      },
      reason: (text) => (p.reasonPlaceholder !== undefined && !text.trim() ? 'Enter reason' : null),
    },
  });

  const { values } = form;
  const parsed = parseMoneyField(values.amount, p.currency);
  const amount = 'value' in parsed && parsed.value > 0 ? parsed.value : null;
  const shown = amount !== null ? format.money(amount, p.currency) : null;
  const sentence = amount !== null ? p.sentence?.(amount, values.method) : null;
  const detail = amount !== null ? p.sentenceDetail?.(amount, values.method) : null;

  const valuesOf = (v: FormValues<M>): MoneyValues<M> => ({
    amount: amount ?? 0,
    method: v.method,
    reference: v.reference.trim(),
    reason: v.reason.trim(),
  });

  async function send(v: MoneyValues<M>, confirmed: boolean) {
    setBusy(true);
    try {
      await p.onSubmit(v, confirmed);
      p.onClose();
    } catch (e) {
      const question = confirmed ? null : (p.askOn?.(e) ?? null);
      if (question) {
        setAsk({ ...question, message: e instanceof Error ? e.message : String(e) });
        return;
      }
      const fields = fieldErrorsOf(e);
      // "At most $17.50 of this payment can still be refunded." says more than the field's "At most $17.50".
      if (fields.amount && e instanceof Error) fields.amount = e.message;
      form.setErrors(fields);
      const shownOnField = ['amount', 'method', 'reference', 'reason'].some((f) => fields[f]);
      if (!shownOnField) notifyError(e, p.failureTitle);
    } finally {
      setBusy(false);
    }
  }

  const submit = form.onSubmit((v) => {
    const money = valuesOf(v);
    const question = p.confirm && shown ? p.confirm(money, shown) : null;
    if (!question) return void send(money, false);
    modals.openConfirmModal({
      title: question.title,
      children: <Text fz="sm">{question.body}</Text>,
      labels: { confirm: question.label, cancel: 'Go back' },
      confirmProps: { color: p.color },
      onConfirm: () => void send(money, false),
    });
  });

  if (ask)
    return (
      <Stack gap="md">
        <Alert
          color={ask.color ?? 'orange'}
          variant="light"
          icon={<IconAlertTriangle size={18} />}
          title={ask.title}
        >
          {ask.message}
        </Alert>
        {ask.detail && (
          <Text fz="sm" c="dimmed">
            {ask.detail}
          </Text>
        )}
        {/* Stacked: the confirm words are long ("Confirm and put the rest on the balance"). */}
        <Stack gap="xs">
          <Button
            fullWidth
            color={ask.color ?? 'orange'}
            loading={busy}
            onClick={() => void send(valuesOf(values), true)}
          >
            {ask.confirmLabel}
          </Button>
          <Button fullWidth variant="default" onClick={() => setAsk(null)} disabled={busy}>
            Change the amount
          </Button>
        </Stack>
      </Stack>
    );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text fz="sm">{p.intro}</Text>
        <SimpleGrid cols={2} spacing="md">
          <MoneyInput
            label="Amount"
            required
            data-autofocus
            currency={p.currency}
            value={values.amount}
            onChange={(text) => form.setFieldValue('amount', text)}
            error={form.errors.amount}
          />
          <TextInput
            label="Reference"
            placeholder={p.referencePlaceholder}
            {...form.getInputProps('reference')}
          />
        </SimpleGrid>
        {p.methods && (
          <Stack gap={4}>
            <Text fz="sm" fw={500}>
              {p.methodLabel ?? 'Method'}
            </Text>
            <SegmentedControl
              aria-label={p.methodAriaLabel ?? p.methodLabel ?? 'Method'}
              data={p.methods}
              fullWidth
              {...form.getInputProps('method')}
            />
            {form.errors.method && (
              <Text fz="xs" c="red">
                {form.errors.method}
              </Text>
            )}
          </Stack>
        )}
        {p.reasonPlaceholder !== undefined && (
          <Textarea
            label="Reason"
            required
            autosize
            minRows={2}
            placeholder={p.reasonPlaceholder}
            {...form.getInputProps('reason')}
          />
        )}
        {sentence && amount !== null && (
          <Alert color={p.color} variant="light" icon={p.sentenceIcon} p="sm" data-testid={p.sentenceTestId}>
            <Text fz="sm">{sentence}</Text>
            {detail && (
              <Text fz="xs" c="dimmed" mt={2}>
                {detail}
              </Text>
            )}
          </Alert>
        )}
        {p.notice}
        <Group justify="flex-end">
          <Button variant="default" onClick={p.onClose}>
            Cancel
          </Button>
          <Button type="submit" color={p.color} loading={busy}>
            {p.submitLabel(shown)}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
