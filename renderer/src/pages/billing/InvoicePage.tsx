import { useState, type ReactNode } from 'react';
import {
  Alert,
  Anchor,
  Box,
  Breadcrumbs,
  Button,
  Divider,
  Group,
  Menu,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import {
  IconAlertTriangle,
  IconBan,
  IconCash,
  IconChevronDown,
  IconCircleCheck,
  IconCreditCard,
  IconFileAlert,
  IconFileInvoice,
  IconPencil,
  IconReceipt,
  IconReceiptRefund,
  IconTrash,
} from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import type { InvoiceDetail, PartySnapshot, Payment } from '../../../../shared/contract';
import { api } from '../../api';
import { useAuth } from '../../app/auth';
import { useFormat } from '../../app/format';
import { notifyError, notifySuccess } from '../../app/notify';
import { settingsQuery } from '../../app/Shell';
import { Empty } from '../../components/Empty';
import { Page } from '../../components/Page';
import { DocumentPanel } from '../documents/DocumentPanel';
import { ChargeCardButton, RefundModal, refundable } from './CardPayments';
import { CloseInvoiceModal, RecordPaymentModal } from './InvoiceActions';
import { InvoiceEditor } from './InvoiceEditor';
import { billingKeys } from './keys';
import { invoiceName } from './labels';
import { PaymentLinkSection } from './PaymentLinkSection';
import { CreditNotesTable, PaymentsTable } from './PaymentTables';
import { minus, TotalRow } from './PreviewPanel';
import { InvoiceStatusBadge } from './StatusBadges';
import classes from './billing.module.css';

const REASONS: Record<InvoiceDetail['reason'], string> = {
  subscription_create: 'First invoice of a subscription',
  subscription_cycle: 'Subscription renewal',
  subscription_update: 'Subscription change',
  manual: 'One-off invoice',
};

/** One invoice, laid out like the printed document, with what can be done to it in its status. */
export function InvoicePage() {
  const id = Number(useParams().id);
  const valid = Number.isInteger(id) && id > 0;
  const invoice = useQuery({
    queryKey: billingKeys.invoice(id),
    queryFn: () => api.call('invoices.get', { id }),
    enabled: valid,
  });

  if (!valid || (invoice.isError && !invoice.data)) {
    return (
      <Page title="Invoice">
        <Empty
          icon={<IconFileAlert size={30} stroke={1.5} />}
          title="This invoice could not be found"
          description={invoice.error?.message ?? 'The link may be out of date.'}
          actions={
            <Button component={Link} to="/invoices">
              Back to invoices
            </Button>
          }
        />
      </Page>
    );
  }
  if (!invoice.data) {
    return (
      <Page title={<Skeleton height={30} width={260} />} maxWidth={1080}>
        <Skeleton height={420} radius="lg" />
      </Page>
    );
  }
  return <InvoiceView invoice={invoice.data} />;
}

function InvoiceView({ invoice: inv }: { invoice: InvoiceDetail }) {
  const { can } = useAuth();
  const format = useFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [paying, setPaying] = useState(false);
  const [closing, setClosing] = useState<'void' | 'uncollectible' | null>(null);
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refunding, setRefunding] = useState<Payment | null>(null);
  const money = (n: number) => format.money(n, inv.currency);
  const payable = inv.status === 'open' || inv.status === 'uncollectible';
  const cardAttempts = inv.payments.filter((p) => p.method === 'card');
  const lastAttempt = cardAttempts.reduce<Payment | null>((a, p) => (!a || p.id > a.id ? p : a), null);
  // The bank wants the member present: the section with their payment page stays on screen once shown,
  // so "Paid by the member" can be seen when the invoice turns Paid.
  const waitingAttempt =
    inv.status === 'open' ? inv.payments.find((p) => p.status === 'requires_action') : undefined;
  const [confirmAttempt, setConfirmAttempt] = useState<Payment | undefined>(waitingAttempt);
  if (waitingAttempt && waitingAttempt.id !== confirmAttempt?.id) setConfirmAttempt(waitingAttempt);

  const finalize = () =>
    modals.openConfirmModal({
      title: 'Finalize this invoice?',
      children: (
        <Text fz="sm">
          It gets the next invoice number and is issued to {inv.memberName} for {money(inv.total)}. A
          finalized invoice never changes: corrections are made with credit notes.
        </Text>
      ),
      labels: { confirm: 'Finalize', cancel: 'Not yet' },
      onConfirm: async () => {
        setBusy(true);
        try {
          const saved = await api.call('invoices.finalize', { id: inv.id });
          queryClient.setQueryData(billingKeys.invoice(inv.id), saved);
          void queryClient.invalidateQueries({
            predicate: (q) => ['invoices', 'billing'].includes(String(q.queryKey[0])),
          });
          notifySuccess(
            saved.status === 'paid'
              ? `${saved.number} was issued and paid from ${inv.memberName}'s balance.`
              : `${saved.number} was issued for ${money(saved.total)}.`,
            'Invoice finalized',
          );
        } catch (e) {
          notifyError(e, 'Invoice not finalized');
        } finally {
          setBusy(false);
        }
      },
    });

  const remove = () =>
    modals.openConfirmModal({
      title: 'Delete this draft?',
      children: (
        <Text fz="sm">
          The draft for {inv.memberName} ({money(inv.total)}) is removed. It has no number yet, so nothing is
          skipped in the numbering.
        </Text>
      ),
      labels: { confirm: 'Delete draft', cancel: 'Keep it' },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        try {
          await api.call('invoices.deleteDraft', { id: inv.id });
          void queryClient.invalidateQueries({ queryKey: ['invoices'] });
          notifySuccess('The draft was deleted.');
          void navigate(`/members/${inv.memberId}?tab=invoices`);
        } catch (e) {
          notifyError(e, 'Draft not deleted');
        }
      },
    });

  const actions: ReactNode[] = [];
  if (inv.status === 'draft' && can('manager')) {
    actions.push(
      <Button key="del" color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={remove}>
        Delete
      </Button>,
      <Button
        key="edit"
        variant="default"
        leftSection={<IconPencil size={16} />}
        onClick={() => setEditing(true)}
      >
        Edit
      </Button>,
      <Button key="fin" leftSection={<IconCircleCheck size={16} />} loading={busy} onClick={finalize}>
        Finalize
      </Button>,
    );
  }
  if (payable && can('manager')) {
    actions.push(
      <Menu key="more" position="bottom-end" width={220}>
        <Menu.Target>
          <Button variant="default" rightSection={<IconChevronDown size={14} />}>
            More
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {inv.status === 'open' && (
            <Menu.Item
              leftSection={<IconReceiptRefund size={16} />}
              color="red"
              onClick={() => setClosing('uncollectible')}
            >
              Mark uncollectible
            </Menu.Item>
          )}
          <Menu.Item leftSection={<IconBan size={16} />} color="red" onClick={() => setClosing('void')}>
            Void invoice
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>,
    );
  }
  const chargeable =
    inv.status === 'open' &&
    inv.amountDue > 0 &&
    lastAttempt?.status !== 'pending' &&
    lastAttempt?.status !== 'requires_action';
  if (payable) {
    actions.push(
      <Button
        key="pay"
        variant={chargeable ? 'default' : 'filled'}
        leftSection={<IconCash size={16} />}
        onClick={() => setPaying(true)}
      >
        Record payment
      </Button>,
    );
  }
  if (chargeable) {
    actions.push(<ChargeCardButton key="charge" invoice={inv} retry={lastAttempt?.status === 'failed'} />);
  }

  return (
    <Page
      maxWidth={1080}
      title={
        <Stack gap={6}>
          <Breadcrumbs fz="sm">
            <Anchor component={Link} to="/invoices">
              Invoices
            </Anchor>
            <Anchor component={Link} to={`/members/${inv.memberId}?tab=invoices`}>
              {inv.memberName}
            </Anchor>
            <Text fz="sm" c="dimmed">
              {invoiceName(inv)}
            </Text>
          </Breadcrumbs>
          <Group gap="sm">
            <Title order={1} fz={26}>
              {inv.number ? `Invoice ${inv.number}` : 'Draft invoice'}
            </Title>
            <InvoiceStatusBadge status={inv.status} size="lg" />
          </Group>
        </Stack>
      }
      actions={actions.length ? <>{actions}</> : undefined}
    >
      {confirmAttempt && <PaymentLinkSection invoice={inv} attempt={confirmAttempt} />}
      <InvoiceDocument invoice={inv} />
      <DocumentPanel
        kind="invoice"
        id={inv.id}
        memberEmail={inv.member?.email ?? null}
        version={`${inv.status}:${inv.amountPaid}:${inv.amountCredited}`}
      />
      <SimpleGrid cols={1} spacing="lg">
        <Stack gap="sm">
          <Group justify="space-between">
            <Text fw={600}>Payments</Text>
          </Group>
          {lastAttempt &&
            lastAttempt.status !== 'succeeded' &&
            lastAttempt.status !== 'requires_action' &&
            inv.status === 'open' && (
              <Alert
                color={lastAttempt.status === 'failed' ? 'red' : 'yellow'}
                variant="light"
                icon={<IconAlertTriangle size={18} />}
                title={
                  lastAttempt.status === 'failed'
                    ? 'The last card attempt did not go through'
                    : 'A card charge is on its way'
                }
                data-testid="card-attempt-alert"
              >
                {lastAttempt.status === 'pending'
                  ? 'Recur is waiting for Stripe’s answer and will record it by itself.'
                  : (lastAttempt.failureMessage ?? 'No reason was given.')}
              </Alert>
            )}
          {inv.payments.length ? (
            <PaymentsTable
              rows={inv.payments}
              showMember={false}
              showInvoice={false}
              label="Invoice payments"
              actions={(p) =>
                p.status === 'succeeded' ? (
                  <Group gap={4} wrap="nowrap">
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      component={Link}
                      to={`/payments/${p.id}`}
                      leftSection={<IconReceipt size={14} />}
                    >
                      Receipt
                    </Button>
                    {can('manager') && refundable(p) > 0 && (
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        color="grape"
                        leftSection={<IconReceiptRefund size={14} />}
                        onClick={() => setRefunding(p)}
                      >
                        Refund
                      </Button>
                    )}
                  </Group>
                ) : null
              }
            />
          ) : (
            <Text fz="sm" c="dimmed">
              <IconCreditCard size={14} style={{ verticalAlign: -2 }} />{' '}
              {inv.status === 'draft'
                ? 'A draft cannot be paid: finalize it first.'
                : 'No payments on this invoice.'}
            </Text>
          )}
        </Stack>
        {inv.creditNotes.length > 0 && (
          <Stack gap="sm">
            <Text fw={600}>Credit notes</Text>
            <CreditNotesTable rows={inv.creditNotes} showInvoice={false} />
          </Stack>
        )}
      </SimpleGrid>
      <RecordPaymentModal invoice={inv} opened={paying} onClose={() => setPaying(false)} />
      <RefundModal payment={refunding} onClose={() => setRefunding(null)} />
      <CloseInvoiceModal invoice={inv} kind={closing} onClose={() => setClosing(null)} />
      {inv.status === 'draft' && (
        <InvoiceEditor opened={editing} onClose={() => setEditing(false)} draft={inv} />
      )}
    </Page>
  );
}

function Party({ party, fallbackName }: { party: PartySnapshot | null; fallbackName: string }) {
  const a = party?.address ?? {};
  const lines = [
    a.line1,
    a.line2,
    [a.postalCode, a.city].filter(Boolean).join(' '),
    a.region,
    a.country,
  ].filter((l): l is string => Boolean(l && l.trim()));
  return (
    <Stack gap={0}>
      <Text fw={650}>
        {party?.name ?? fallbackName}
        {party?.number && (
          <Text span c="dimmed" fz="sm" fw={400} ff="monospace">
            {' '}
            {party.number}
          </Text>
        )}
      </Text>
      {lines.map((l) => (
        <Text fz="sm" key={l}>
          {l}
        </Text>
      ))}
      {party?.email && <Text fz="sm">{party.email}</Text>}
      {party?.phone && <Text fz="sm">{party.phone}</Text>}
      {party?.taxId && (
        <Text fz="sm" c="dimmed">
          Tax id {party.taxId}
        </Text>
      )}
    </Stack>
  );
}

function InvoiceDocument({ invoice: inv }: { invoice: InvoiceDetail }) {
  const format = useFormat();
  const settings = useQuery({ ...settingsQuery(), enabled: !inv.business });
  const money = (n: number) => format.money(n, inv.currency);
  const business: PartySnapshot | null =
    inv.business ??
    (settings.data
      ? {
          name: settings.data.name,
          email: settings.data.email,
          phone: settings.data.phone,
          address: { ...settings.data.address },
          taxId: settings.data.taxId,
        }
      : null);
  // A draft has no snapshot yet: show the member as they are now (frozen when it is finalized).
  const member = useQuery({
    queryKey: ['members', 'detail', inv.memberId],
    queryFn: () => api.call('members.get', { id: inv.memberId }),
    enabled: !inv.member,
  });
  const liveMember: PartySnapshot | null = member.data
    ? {
        name: `${member.data.firstName} ${member.data.lastName}`,
        number: member.data.number,
        email: member.data.email,
        phone: member.data.phone,
        address: { ...member.data.address },
      }
    : null;
  const paid = inv.amountPaid;
  return (
    <Paper withBorder radius="lg" p="xl" className={classes.document} aria-label="Invoice document">
      <Stack gap="xl">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Party party={business} fallbackName="" />
          <Stack gap={6} align="flex-end">
            <Text fz={13} fw={700} c="dimmed" tt="uppercase" style={{ letterSpacing: '0.12em' }}>
              {inv.status === 'draft' ? 'Draft invoice' : 'Invoice'}
            </Text>
            {inv.number ? (
              <Text fz={24} fw={700} ff="monospace" lh={1.1}>
                {inv.number}
              </Text>
            ) : (
              <Text fz="sm" c="dimmed">
                Numbered when finalized
              </Text>
            )}
            <Box mt={6}>
              <Meta label="Issued" value={inv.issueDate ? format.date(inv.issueDate) : 'Not yet'} />
              <Meta label="Due" value={inv.dueDate ? format.date(inv.dueDate) : 'On finalizing'} />
              {inv.periodStart && (
                <Meta label="Period" value={format.dateRange(inv.periodStart, inv.periodEnd)} />
              )}
              <Meta label="For" value={REASONS[inv.reason]} />
            </Box>
          </Stack>
        </Group>

        <Group justify="space-between" align="flex-end" wrap="nowrap">
          <Stack gap={4}>
            <Text fz="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: '0.08em' }}>
              Bill to
            </Text>
            <Anchor component={Link} to={`/members/${inv.memberId}`} c="inherit" underline="hover">
              <Party party={inv.member ?? liveMember} fallbackName={inv.memberName} />
            </Anchor>
          </Stack>
          <Paper radius="md" px="lg" py="sm" bg="var(--mantine-color-default-hover)" ta="right">
            <Text fz="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: '0.08em' }}>
              {inv.status === 'draft' ? 'Total when issued' : 'Amount due'}
            </Text>
            <Text fz={28} fw={750} lh={1.2} data-testid="invoice-amount-due">
              {money(
                inv.status === 'draft'
                  ? inv.total
                  : inv.status === 'open' || inv.status === 'uncollectible'
                    ? inv.amountDue
                    : 0,
              )}
            </Text>
            {inv.subscriptionId && (
              <Anchor component={Link} to={`/subscriptions/${inv.subscriptionId}`} fz="xs">
                View subscription
              </Anchor>
            )}
          </Paper>
        </Group>

        <Table
          styles={{ th: { whiteSpace: 'nowrap' } }}
          verticalSpacing="sm"
          horizontalSpacing="sm"
          aria-label="Invoice lines"
          className={classes.totals}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Description</Table.Th>
              <Table.Th w={170}>Period</Table.Th>
              <Table.Th w={50} ta="right">
                Qty
              </Table.Th>
              <Table.Th w={100} ta="right">
                Unit price
              </Table.Th>
              <Table.Th w={100} ta="right">
                Discount
              </Table.Th>
              <Table.Th w={130} ta="right">
                Tax
              </Table.Th>
              <Table.Th w={110} ta="right">
                Amount
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {inv.lines.map((l) => (
              <Table.Tr key={l.id}>
                <Table.Td>
                  <Text fz="sm">{l.description}</Text>
                </Table.Td>
                <Table.Td>
                  <Text fz="sm" c={l.periodStart ? undefined : 'dimmed'}>
                    {l.periodStart ? format.dateRange(l.periodStart, l.periodEnd) : '—'}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">{l.quantity}</Table.Td>
                <Table.Td ta="right">{money(l.unitAmount)}</Table.Td>
                <Table.Td ta="right" c={l.discountAmount ? undefined : 'dimmed'}>
                  {l.discountAmount ? minus(money(l.discountAmount)) : '—'}
                </Table.Td>
                <Table.Td ta="right">
                  {l.taxName ? (
                    <>
                      <Text fz="sm">{money(l.taxAmount)}</Text>
                      <Text fz="xs" c="dimmed">
                        {l.taxName} {format.percent(l.taxRateBps)}
                        {l.taxInclusive ? ' incl.' : ''}
                      </Text>
                    </>
                  ) : (
                    <Text fz="sm" c="dimmed">
                      —
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right" fw={600}>
                  {money(l.total)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>

        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xl">
          <Stack gap="md" style={{ flex: 1, minWidth: 0 }}>
            {inv.taxBreakdown.length > 0 && (
              <div>
                <Text fz="xs" c="dimmed" fw={600} tt="uppercase" mb={4} style={{ letterSpacing: '0.08em' }}>
                  Tax breakdown
                </Text>
                <Table
                  fz="sm"
                  verticalSpacing={4}
                  horizontalSpacing="xs"
                  maw={440}
                  aria-label="Tax breakdown"
                  className={classes.totals}
                >
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Rate</Table.Th>
                      <Table.Th ta="right">Taxable</Table.Th>
                      <Table.Th ta="right">Tax</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {inv.taxBreakdown.map((t) => (
                      <Table.Tr key={`${t.name}-${t.rateBps}-${t.inclusive}`}>
                        <Table.Td>
                          {t.name} {format.percent(t.rateBps)} {t.inclusive ? '(included)' : '(added)'}
                        </Table.Td>
                        <Table.Td ta="right">{money(t.taxable)}</Table.Td>
                        <Table.Td ta="right">{money(t.tax)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </div>
            )}
            {inv.memo && (
              <div>
                <Text fz="xs" c="dimmed" fw={600} tt="uppercase" mb={4} style={{ letterSpacing: '0.08em' }}>
                  Memo
                </Text>
                <Text fz="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {inv.memo}
                </Text>
              </div>
            )}
          </Stack>
          <Stack gap={4} w={300} className={classes.totals} aria-label="Invoice totals">
            <TotalRow label="Subtotal" value={money(inv.subtotal)} />
            {inv.discountTotal > 0 && <TotalRow label="Discount" value={minus(money(inv.discountTotal))} />}
            <TotalRow
              label={inv.lines.some((l) => l.taxInclusive && l.taxAmount) ? 'Tax (included)' : 'Tax'}
              value={money(inv.taxTotal)}
            />
            <Divider my={2} />
            <TotalRow label="Total" value={money(inv.total)} strong />
            {inv.balanceApplied > 0 && (
              <TotalRow label="Paid from balance" value={minus(money(inv.balanceApplied))} />
            )}
            {paid > 0 && <TotalRow label="Paid" value={minus(money(paid))} />}
            {inv.amountRefunded > 0 && (
              <TotalRow
                label="Refunded"
                value={money(inv.amountRefunded)}
                color="grape"
                testId="invoice-refunded"
              />
            )}
            {inv.amountCredited > 0 && <TotalRow label="Credited" value={minus(money(inv.amountCredited))} />}
            <Divider my={2} />
            <TotalRow
              label="Amount due"
              value={money(inv.status === 'open' || inv.status === 'uncollectible' ? inv.amountDue : 0)}
              strong
            />
          </Stack>
        </Group>
        {(inv.status === 'void' || inv.status === 'uncollectible' || inv.status === 'paid') && (
          <Text fz="sm" c="dimmed" ta="center">
            <IconFileInvoice size={14} style={{ verticalAlign: -2 }} />{' '}
            {inv.status === 'paid' &&
              `Paid in full${inv.paidAt ? ` on ${format.day(inv.paidAt)}` : ''}. Thank you.`}
            {inv.status === 'void' &&
              `Voided${inv.voidedAt ? ` on ${format.day(inv.voidedAt)}` : ''}: nothing is owed on it.`}
            {inv.status === 'uncollectible' &&
              'Written off as uncollectible; a payment can still be recorded.'}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function Meta({ label, value }: { label: string; value: string }) {
  return (
    <Group gap="md" justify="flex-end" wrap="nowrap">
      <Text fz="sm" c="dimmed">
        {label}
      </Text>
      <Text fz="sm" fw={500} miw={150} ta="right">
        {value}
      </Text>
    </Group>
  );
}
