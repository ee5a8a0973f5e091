import { useState, type FormEvent } from 'react';
import {
  ActionIcon,
  Alert,
  Button,
  Divider,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { lineTax, lineTotal } from '../../../../shared/billing-math';
import { contract, type InvoiceDetail, type Member, type TaxRate } from '../../../../shared/contract';
import { api } from '../../api';
import { useFormat } from '../../app/format';
import { notifyError, notifySuccess } from '../../app/notify';
import { fieldErrorsOf, validateWith, type FieldErrors } from '../../components/forms';
import { MemberPicker } from '../../components/MemberPicker';
import { MoneyInput, moneyText, parseMoneyField } from '../../components/MoneyInput';
import { billingKeys } from './keys';
import { TotalRow } from './PreviewPanel';
import classes from './billing.module.css';

const DEFAULT_TAX = 'default';

interface LineRow {
  description: string;
  quantity: number | string;
  unit: string;
  tax: string;
}

const blankLine = (): LineRow => ({ description: '', quantity: 1, unit: '', tax: DEFAULT_TAX });

/** The saved line's rate, matched by what the line recorded (lines keep the rate's name and size). */
function taxOfLine(l: InvoiceDetail['lines'][number], rates: TaxRate[]): string {
  if (!l.taxName) return DEFAULT_TAX;
  const same = rates.filter(
    (r) => r.name === l.taxName && r.rateBps === l.taxRateBps && r.inclusive === l.taxInclusive,
  );
  if (same.some((r) => r.isDefault)) return DEFAULT_TAX;
  return same[0] ? String(same[0].id) : DEFAULT_TAX;
}

/**
 * A one-off invoice (a product, a late fee) as a draft: lines with quantity, unit price and tax, live
 * totals, a memo and a due date. Saved as a draft; finalizing gives it its number.
 */
export function InvoiceEditor({
  opened,
  onClose,
  member,
  draft,
}: {
  opened: boolean;
  onClose: () => void;
  member?: Pick<Member, 'id' | 'firstName' | 'lastName'>;
  draft?: InvoiceDetail;
}) {
  const rates = useQuery({
    queryKey: billingKeys.taxRates(false),
    queryFn: () => api.call('taxRates.list', { includeArchived: false }),
    enabled: opened,
  });
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={
        draft
          ? 'Edit draft invoice'
          : member
            ? `New one-off invoice for ${member.firstName} ${member.lastName}`
            : 'New one-off invoice'
      }
      size={960}
      closeOnClickOutside={false}
    >
      {rates.data ? (
        <EditorForm member={member} draft={draft} rates={rates.data} onClose={onClose} />
      ) : rates.isError ? (
        <Alert color="red">{rates.error.message}</Alert>
      ) : (
        <Text fz="sm" c="dimmed">
          Loading…
        </Text>
      )}
    </Modal>
  );
}

function EditorForm({
  member,
  draft,
  rates,
  onClose,
}: {
  member?: Pick<Member, 'id' | 'firstName' | 'lastName'>;
  draft?: InvoiceDetail;
  rates: TaxRate[];
  onClose: () => void;
}) {
  const format = useFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const currency = draft?.currency ?? format.currency;
  const [memberId, setMemberId] = useState<number | null>(draft?.memberId ?? member?.id ?? null);
  const [lines, setLines] = useState<LineRow[]>(
    draft
      ? draft.lines.map((l) => ({
          description: l.description,
          quantity: l.quantity,
          unit: moneyText(l.unitAmount, currency),
          tax: taxOfLine(l, rates),
        }))
      : [blankLine()],
  );
  const [memo, setMemo] = useState(draft?.memo ?? '');
  const [dueDate, setDueDate] = useState(draft?.dueDate ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  const defaultRate = rates.find((r) => r.isDefault) ?? null;
  const taxOptions = [
    {
      value: DEFAULT_TAX,
      label: defaultRate
        ? `Default (${defaultRate.name} ${format.percent(defaultRate.rateBps)})`
        : 'Default (no tax)',
    },
    ...rates.map((r) => ({
      value: String(r.id),
      label: `${r.name} ${format.percent(r.rateBps)} ${r.inclusive ? 'incl.' : 'added'}`,
    })),
  ];
  const ruleOf = (tax: string) =>
    tax === DEFAULT_TAX ? defaultRate : (rates.find((r) => String(r.id) === tax) ?? null);

  const computed = lines.map((l) => {
    const unit = parseMoneyField(l.unit, currency);
    const qty = Number(l.quantity);
    if (!('value' in unit) || !Number.isInteger(qty) || qty < 1) return null;
    const amount = unit.value * qty;
    const rule = ruleOf(l.tax);
    const tax = lineTax(amount, rule);
    return { amount, tax, total: lineTotal(amount, 0, tax, rule), inclusive: rule?.inclusive ?? false };
  });
  const totals = computed.reduce(
    (t, c) => (c ? { subtotal: t.subtotal + c.amount, tax: t.tax + c.tax, total: t.total + c.total } : t),
    { subtotal: 0, tax: 0, total: 0 },
  );
  const allInclusive = computed.some((c) => c && c.tax > 0 && c.inclusive);

  const setLine = (i: number, patch: Partial<LineRow>) => {
    setLines((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)));
    setErrors((e) => {
      const next = { ...e };
      for (const k of Object.keys(next)) if (k.startsWith(`lines.${i}.`)) delete next[k];
      return next;
    });
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const local: FieldErrors = {};
    if (!memberId) local.memberId = 'Choose the member to invoice';
    const inputLines = lines.map((l, i) => {
      const unit = parseMoneyField(l.unit, currency);
      if ('error' in unit) local[`lines.${i}.unitAmount`] = unit.error;
      return {
        description: l.description,
        quantity: l.quantity === '' ? (undefined as unknown as number) : Number(l.quantity),
        unitAmount: 'value' in unit ? unit.value : 0,
        taxRateId: l.tax === DEFAULT_TAX ? null : Number(l.tax),
      };
    });
    const input = { memberId: memberId ?? 0, lines: inputLines, memo, dueDate: dueDate || undefined };
    const all = { ...(validateWith(contract['invoices.createDraft'].input, input) ?? {}), ...local };
    if (Object.keys(all).length) {
      setErrors(all);
      return;
    }
    setBusy(true);
    try {
      const saved = draft
        ? await api.call('invoices.updateDraft', {
            id: draft.id,
            lines: inputLines,
            memo,
            dueDate: dueDate || undefined,
          })
        : await api.call('invoices.createDraft', input);
      queryClient.setQueryData(billingKeys.invoice(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: ['invoices'] });
      notifySuccess(
        draft
          ? 'The draft was saved.'
          : `A draft for ${format.money(saved.total, saved.currency)} was saved. Finalize it to give it a number.`,
        draft ? 'Draft saved' : 'Draft invoice created',
      );
      onClose();
      if (!draft) void navigate(`/invoices/${saved.id}`);
    } catch (e) {
      setErrors(fieldErrorsOf(e));
      notifyError(e, 'Invoice not saved');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {!member && !draft && (
          <MemberPicker
            label="Member"
            required
            value={memberId}
            onChange={(id) => {
              setMemberId(id);
              setErrors((e) => ({ ...e, memberId: '' }));
            }}
            error={errors.memberId || undefined}
            maw={440}
          />
        )}
        <div>
          <div
            style={{
              display: 'grid',
              gridTemplateColumns: 'minmax(200px, 1fr) 84px 130px 210px 110px 36px',
              gap: 'var(--mantine-spacing-xs)',
              alignItems: 'start',
            }}
          >
            {['Description', 'Qty', 'Unit price', 'Tax', 'Amount', ''].map((h, i) => (
              <Text key={i} fz="xs" c="dimmed" fw={500} ta={h === 'Amount' ? 'right' : undefined}>
                {h}
              </Text>
            ))}
            {lines.map((l, i) => [
              <TextInput
                key={`d${i}`}
                aria-label={`Line ${i + 1} description`}
                placeholder="Protein shake, towel, late fee…"
                value={l.description}
                onChange={(e) => setLine(i, { description: e.currentTarget.value })}
                error={errors[`lines.${i}.description`]}
                data-autofocus={i === 0 ? true : undefined}
              />,
              <NumberInput
                key={`q${i}`}
                aria-label={`Line ${i + 1} quantity`}
                min={1}
                max={10_000}
                allowDecimal={false}
                allowNegative={false}
                value={l.quantity}
                onChange={(v) => setLine(i, { quantity: v })}
                error={errors[`lines.${i}.quantity`]}
              />,
              <MoneyInput
                key={`u${i}`}
                aria-label={`Line ${i + 1} unit price`}
                currency={currency}
                value={l.unit}
                onChange={(v) => setLine(i, { unit: v })}
                error={errors[`lines.${i}.unitAmount`]}
              />,
              <Select
                key={`t${i}`}
                aria-label={`Line ${i + 1} tax`}
                data={taxOptions}
                value={l.tax}
                allowDeselect={false}
                onChange={(v) => v && setLine(i, { tax: v })}
                error={errors[`lines.${i}.taxRateId`]}
              />,
              <Text key={`a${i}`} fz="sm" fw={500} ta="right" pt={8} className={classes.totals}>
                {computed[i] ? format.money(computed[i].total, currency) : '—'}
              </Text>,
              <ActionIcon
                key={`r${i}`}
                variant="subtle"
                color="gray"
                size="lg"
                aria-label={`Remove line ${i + 1}`}
                disabled={lines.length === 1}
                onClick={() => setLines((ls) => ls.filter((_, j) => j !== i))}
              >
                <IconTrash size={16} />
              </ActionIcon>,
            ])}
          </div>
          {errors.lines && (
            <Text fz="xs" c="red" mt={4}>
              {errors.lines}
            </Text>
          )}
          <Button
            mt="xs"
            variant="subtle"
            size="compact-sm"
            leftSection={<IconPlus size={14} />}
            onClick={() => setLines((ls) => [...ls, blankLine()])}
            disabled={lines.length >= 100}
          >
            Add line
          </Button>
        </div>
        <Divider />
        <Group align="flex-start" justify="space-between" wrap="nowrap" gap="xl">
          <SimpleGrid cols={2} spacing="md" style={{ flex: 1 }}>
            <Textarea
              label="Memo"
              placeholder="Shown on the invoice (optional)"
              autosize
              minRows={2}
              maxRows={5}
              value={memo}
              onChange={(e) => setMemo(e.currentTarget.value)}
              error={errors.memo}
            />
            <TextInput
              label="Due date"
              type="date"
              max="9999-12-31"
              description="Empty: the usual number of days after it is finalized"
              value={dueDate}
              onChange={(e) => setDueDate(e.currentTarget.value)}
              error={errors.dueDate}
            />
          </SimpleGrid>
          <Stack gap={4} miw={250} className={classes.totals} aria-label="Invoice totals">
            <TotalRow label="Subtotal" value={format.money(totals.subtotal, currency)} />
            <TotalRow
              label={allInclusive ? 'Tax (included)' : 'Tax'}
              value={format.money(totals.tax, currency)}
            />
            <Divider my={2} />
            <TotalRow
              label="Total"
              value={format.money(totals.total, currency)}
              strong
              testId="editor-total"
            />
          </Stack>
        </Group>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            {draft ? 'Save draft' : 'Save as draft'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
