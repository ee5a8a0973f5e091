import { useEffect, useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconBuildingBank,
  IconCash,
  IconClockHour4,
  IconCreditCard,
  IconCreditCardPay,
  IconDeviceMobileMessage,
  IconFileInvoice,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { Member, Sale, SalePayResult } from '../../../../shared/contract';
import { api } from '../../api';
import { useFormat } from '../../app/format';
import { errorMessage } from '../../app/notify';
import { QrCode } from '../../components/QrCode';
import { cardKeys, cardName } from '../billing/cards';
import { METHOD_LABELS, PAYMENT_STATUS } from '../billing/labels';
import { CopyLinkButton, OpenLinkButton } from '../billing/LinkShare';
import { AddCard } from '../billing/MemberCards';

type Method = 'card' | 'new_card' | 'cash' | 'card_terminal' | 'bank_transfer' | 'pay_later';

const METHODS: { value: Method; label: string; icon: typeof IconCash; description: string }[] = [
  { value: 'card', label: 'Card on file', icon: IconCreditCard, description: 'Charged now through Stripe' },
  { value: 'new_card', label: 'New card', icon: IconCreditCardPay, description: 'Member adds it by QR code' },
  { value: 'cash', label: 'Cash', icon: IconCash, description: 'Received at the desk' },
  {
    value: 'card_terminal',
    label: 'Card terminal',
    icon: IconCreditCard,
    description: 'Paid on the terminal',
  },
  { value: 'bank_transfer', label: 'Bank transfer', icon: IconBuildingBank, description: 'Already received' },
  {
    value: 'pay_later',
    label: 'Invoice, pay later',
    icon: IconFileInvoice,
    description: 'Active now, invoice open',
  },
];

/**
 * Step 4: how the member pays. A card is charged at once (a decline shows why and another card or
 * method can be tried); desk money is recorded; "pay later" activates with the invoice open. When the
 * bank wants the member (SCA) their payment page is shown here and the step waits for it.
 */
export function PaymentStep({
  sale,
  member,
  onSale,
  onDone,
}: {
  sale: Sale;
  member: Member | undefined;
  onSale: (sale: Sale) => void;
  onDone: (result: SalePayResult) => void;
}) {
  const format = useFormat();
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => api.call('settings.get', {}) });
  const cards = useQuery({
    queryKey: cardKeys.list(sale.memberId),
    queryFn: () => api.call('paymentMethods.list', { memberId: sale.memberId }),
  });
  const usable = (cards.data ?? []).filter((c) => !c.expired);
  const [chosenMethod, setMethod] = useState<Method | null>(null);
  const [chosenCard, setCardId] = useState<string | null>(null);
  const [reference, setReference] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ tone: 'declined' | 'error'; message: string } | null>(null);
  const payLater = settings.data?.deskPayLater ?? true;

  // Until the desk chooses: the card on file when there is one, cash otherwise.
  const preferred = usable.find((c) => c.isDefault) ?? usable[0];
  const method: Method | null = chosenMethod ?? (cards.isPending ? null : preferred ? 'card' : 'cash');
  const cardId = chosenCard ?? (preferred ? String(preferred.id) : null);

  const waiting = sale.paymentLink?.status === 'open' && sale.status === 'open';
  // While the member pays on Stripe's page, ask every 3 s; the sale completes when the money is in.
  const poll = useQuery({
    queryKey: ['sales', 'detail', sale.id],
    queryFn: () => api.call('sales.get', { id: sale.id }),
    enabled: waiting,
    refetchInterval: 3_000,
    refetchIntervalInBackground: true,
    gcTime: 0,
  });
  useEffect(() => {
    const fresh = poll.data;
    if (!fresh) return;
    if (fresh.status === 'completed')
      onDone({ sale: fresh, message: 'The member paid on the payment page.', result: 'paid' });
    else if (fresh.paymentLink?.status !== sale.paymentLink?.status) onSale(fresh);
  }, [poll.data, onDone, onSale, sale.paymentLink?.status]);

  const money = format.money(sale.amountDue, sale.currency);

  async function pay(chosen: Method, card?: number) {
    if (chosen === 'new_card') return;
    setBusy(true);
    setOutcome(null);
    try {
      const input =
        chosen === 'card'
          ? {
              saleId: sale.id,
              method: 'card' as const,
              paymentMethodId: card ?? (cardId ? Number(cardId) : undefined),
            }
          : chosen === 'pay_later'
            ? { saleId: sale.id, method: 'pay_later' as const }
            : { saleId: sale.id, method: chosen, reference: reference.trim() || undefined };
      const result = await api.call('sales.pay', input);
      if (result.result === 'declined') {
        setOutcome({ tone: 'declined', message: result.message });
        onSale(result.sale);
      } else if (result.result === 'requires_action') {
        onSale(result.sale);
      } else {
        onDone(result);
      }
    } catch (e) {
      setOutcome({ tone: 'error', message: errorMessage(e) });
      void api.call('sales.get', { id: sale.id }).then(onSale, () => undefined);
    } finally {
      setBusy(false);
    }
  }

  const attempts = sale.payments;
  const label =
    method === 'card'
      ? `Charge ${money}`
      : method === 'pay_later'
        ? 'Sell with the invoice to pay later'
        : method === 'new_card'
          ? 'Waiting for the new card…'
          : `Record ${money} ${method === 'cash' ? 'in cash' : method === 'card_terminal' ? 'on the terminal' : 'by bank transfer'}`;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Text fz="sm" c="dimmed">
            {sale.memberName} · {sale.planName} · invoice {sale.invoiceNumber}
          </Text>
          <Text fz={28} fw={700} data-testid="sale-amount-due">
            {money}
          </Text>
        </div>
        <Text fz="xs" c="dimmed" ta="right">
          Unpaid sales end by themselves on {format.dateTime(sale.expiresAt)}.
        </Text>
      </Group>

      {outcome && (
        <Alert
          color={outcome.tone === 'declined' ? 'red' : 'orange'}
          variant="light"
          icon={<IconAlertTriangle size={18} />}
          title={outcome.tone === 'declined' ? 'The card was declined' : 'Not paid'}
          data-testid="sale-decline"
        >
          {format.text(outcome.message)} Nothing is active yet: try another card or another way to pay.
        </Alert>
      )}

      {waiting && sale.paymentLink ? (
        <Paper withBorder radius="md" p="md">
          <Group align="flex-start" gap="lg" wrap="nowrap">
            <Paper withBorder radius="md" p={6} style={{ flexShrink: 0 }}>
              <QrCode value={sale.paymentLink.url} size={170} label="QR code of the payment page" />
            </Paper>
            <Stack gap="sm" style={{ flex: 1, minWidth: 0 }}>
              <Group gap="xs">
                <IconDeviceMobileMessage size={20} />
                <Text fw={600}>The bank wants {sale.memberName} to confirm this payment</Text>
              </Group>
              <Text fz="sm" c="dimmed">
                They scan the code and pay {money} on Stripe&apos;s page
                {sale.memberEmail ? `; the link was also emailed to ${sale.memberEmail}` : ''}. The sale
                completes here by itself.
              </Text>
              <Group gap="xs">
                <OpenLinkButton url={sale.paymentLink.url} />
                <CopyLinkButton url={sale.paymentLink.url} />
              </Group>
              <Group gap="xs" aria-live="polite">
                <Loader size={16} />
                <Text fz="sm" data-testid="sale-waiting">
                  Waiting for the member…
                </Text>
              </Group>
            </Stack>
          </Group>
        </Paper>
      ) : (
        <>
          <Radio.Group
            value={method ?? ''}
            onChange={(v) => setMethod(v as Method)}
            label="How does the member pay?"
          >
            <SimpleGrid cols={3} spacing="sm" mt="xs">
              {METHODS.filter((m) => m.value !== 'pay_later' || payLater).map((m) => {
                const disabled = m.value === 'card' && usable.length === 0;
                return (
                  <Radio.Card
                    key={m.value}
                    value={m.value}
                    disabled={disabled}
                    radius="md"
                    p="sm"
                    aria-label={m.label}
                    style={{ opacity: disabled ? 0.5 : 1 }}
                  >
                    <Group gap="sm" wrap="nowrap" align="flex-start">
                      <Radio.Indicator />
                      <m.icon size={20} stroke={1.6} aria-hidden />
                      <div style={{ minWidth: 0 }}>
                        <Text fz="sm" fw={600}>
                          {m.label}
                        </Text>
                        <Text fz="xs" c="dimmed">
                          {disabled ? 'No card on file' : m.description}
                        </Text>
                      </div>
                    </Group>
                  </Radio.Card>
                );
              })}
            </SimpleGrid>
          </Radio.Group>

          {method === 'card' && usable.length > 0 && (
            <Select
              label="Card"
              data={usable.map((c) => ({
                value: String(c.id),
                label: `${cardName(c)}${c.isDefault ? ' (default)' : ''}`,
              }))}
              value={cardId}
              onChange={setCardId}
              allowDeselect={false}
              maw={360}
            />
          )}
          {(method === 'card_terminal' || method === 'bank_transfer' || method === 'cash') && (
            <TextInput
              label="Reference"
              placeholder={
                method === 'cash' ? 'Optional, e.g. till number' : 'Optional, e.g. terminal receipt number'
              }
              value={reference}
              onChange={(e) => setReference(e.currentTarget.value)}
              maw={360}
            />
          )}
          {method === 'new_card' && member && (
            <Paper withBorder radius="md" p="md">
              <AddCard
                member={member}
                onClose={() => setMethod(usable.length ? 'card' : 'cash')}
                onAdded={(card) => {
                  setCardId(String(card.id));
                  setMethod('card');
                  void pay('card', card.id);
                }}
              />
            </Paper>
          )}
          {method === 'pay_later' && (
            <Text fz="sm" c="dimmed">
              The membership is active now and invoice {sale.invoiceNumber} stays open, due within the
              business&apos;s payment terms. Record its payment on the invoice when it comes.
            </Text>
          )}
        </>
      )}

      {attempts.length > 0 && (
        <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
          <Table fz="sm" verticalSpacing={6} aria-label="Payment attempts">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Attempt</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Reason</Table.Th>
                <Table.Th ta="right">Amount</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {attempts.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>{p.card ? cardName(p.card) : METHOD_LABELS[p.method]}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={PAYMENT_STATUS[p.status].color} size="sm">
                      {PAYMENT_STATUS[p.status].label}
                    </Badge>
                  </Table.Td>
                  <Table.Td c="dimmed">{p.failureMessage ?? ''}</Table.Td>
                  <Table.Td ta="right">{format.money(p.amount, p.currency)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}

      {!waiting && method !== 'new_card' && (
        <Group justify="flex-end">
          <Button
            size="md"
            loading={busy}
            disabled={method === null}
            leftSection={method === 'pay_later' ? <IconClockHour4 size={18} /> : undefined}
            onClick={() => method && void pay(method)}
          >
            {label}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
