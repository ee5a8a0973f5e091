import { useMemo, useState, type ReactNode } from 'react';
import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import {
  IconBell,
  IconCash,
  IconDownload,
  IconMoodHappy,
  IconReceiptOff,
  IconRefresh,
} from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { BulkOutcome, Debtor, DunningStage } from '../../../../shared/contract';
import { api } from '../../api';
import { useAuth } from '../../app/auth';
import { useFormat, type Format } from '../../app/format';
import { notifyError, notifySuccess } from '../../app/notify';
import { ListPage, useListState, type ListTab } from '../../components/ListPage';
import { downloadText } from '../../components/download';
import { AccessBadge } from './AccessBadge';

type Tab = 'all' | DunningStage;
type Access = 'all' | 'grace' | 'blocked';

const TABS: ListTab<Tab>[] = [
  { value: 'all', label: 'All' },
  { value: 'overdue', label: 'Overdue' },
  { value: 'retrying', label: 'Retrying card' },
  { value: 'hard_decline', label: 'Card refused', alert: 'red' },
  { value: 'exhausted', label: 'Retries ran out', alert: 'red' },
];

const STAGE: Record<DunningStage, { label: string; color: string }> = {
  overdue: { label: 'Overdue', color: 'yellow' },
  retrying: { label: 'Retrying card', color: 'blue' },
  hard_decline: { label: 'Card refused', color: 'red' },
  exhausted: { label: 'Retries ran out', color: 'red' },
};

/** Query key under `payments`: any payment, invoice or subscription change refreshes the list. */
const debtorsKey = (filter: object) => ['payments', 'debtors', filter] as const;

/**
 * Who owes money (DESIGN §11): overdue invoices and card payments being chased, one row per member,
 * longest owing first. Staff retry cards, send reminders and record desk payments; managers write off.
 */
export function DebtorsPage() {
  const format = useFormat();
  const { can } = useAuth();
  const list = useListState<Tab>({ tabs: TABS.map((t) => t.value), defaultTab: 'all', tabParam: 'stage' });
  const access = (
    ['grace', 'blocked'].includes(list.param('access')) ? list.param('access') : 'all'
  ) as Access;
  const filter = { query: list.query, access };
  const all = useQuery({
    queryKey: debtorsKey(filter),
    queryFn: () => api.call('debtors.list', { ...filter, limit: 500 }),
    placeholderData: keepPreviousData,
  });
  const rows = useMemo(
    () => (all.data?.items ?? []).filter((d) => list.tab === 'all' || d.stage === list.tab),
    [all.data, list.tab],
  );
  const counts = useMemo(() => {
    const c: Record<Tab, number> = { all: 0, overdue: 0, retrying: 0, hard_decline: 0, exhausted: 0 };
    for (const d of all.data?.items ?? []) {
      c.all++;
      c[d.stage]++;
    }
    return c;
  }, [all.data]);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const chosen = rows.filter((d) => selected.has(d.memberId));
  const [dialog, setDialog] = useState<'pay' | 'writeOff' | null>(null);

  const report = (what: string) => (outcomes: BulkOutcome[]) => {
    const failed = outcomes.filter((o) => !o.ok);
    const names = new Map(rows.map((d) => [d.memberId, d.memberName]));
    if (failed.length === 0)
      notifySuccess(`${what}: ${outcomes.length} member${outcomes.length === 1 ? '' : 's'}.`);
    else
      notifications.show({
        color: 'orange',
        title: `${what}: ${outcomes.length - failed.length} done, ${failed.length} not`,
        message: failed.map((f) => `${names.get(f.memberId) ?? f.memberId}: ${f.message}`).join(' '),
        autoClose: 10_000,
      });
    setSelected(new Set());
    setDialog(null);
  };
  const memberIds = chosen.map((d) => d.memberId);
  const retry = useMutation({
    mutationFn: () => api.call('debtors.retry', { memberIds }),
    onSuccess: report('Card retried'),
    onError: (e) => notifyError(e),
  });
  const remind = useMutation({
    mutationFn: () => api.call('debtors.remind', { memberIds }),
    onSuccess: report('Reminder sent'),
    onError: (e) => notifyError(e),
  });
  const exportCsv = useMutation({
    mutationFn: () => api.call('debtors.exportCsv', { ...filter, stage: list.tab }),
    onSuccess: (r) => {
      downloadText(r.csv, r.filename, 'text/csv');
      notifySuccess(`Exported ${format.number(r.count)} debtors to ${r.filename}.`, 'Export ready');
    },
    onError: (e) => notifyError(e, 'Export failed'),
  });

  const allChosen = rows.length > 0 && rows.every((d) => selected.has(d.memberId));
  const toggle = (id: number) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <ListPage<Tab, Debtor>
      list={list}
      title="Debtors"
      description="Members who owe money: overdue invoices and declined cards being retried."
      fill={false}
      actions={
        can('manager') && (
          <Button
            variant="default"
            leftSection={<IconDownload size={16} />}
            loading={exportCsv.isPending}
            disabled={rows.length === 0}
            onClick={() => exportCsv.mutate()}
          >
            Export CSV
          </Button>
        )
      }
      tabs={TABS}
      counts={all.data ? counts : undefined}
      allTab="all"
      search={{ label: 'Search debtors', placeholder: 'Name, member number, email or invoice number' }}
      filters={
        <Select
          aria-label="Access"
          data={[
            { value: 'all', label: 'Any access' },
            { value: 'grace', label: 'In grace' },
            { value: 'blocked', label: 'Blocked' },
          ]}
          value={access}
          onChange={(v) => list.setParam('access', v === 'all' ? null : v)}
          allowDeselect={false}
          w={150}
        />
      }
      query={all}
      total={rows.length}
      summary={
        all.data && rows.length > 0
          ? `${format.number(rows.length)} ${rows.length === 1 ? 'member owes' : 'members owe'} ${format.money(
              rows.filter((d) => d.currency === all.data.currency).reduce((n, d) => n + d.amountDue, 0),
              all.data.currency,
            )}`
          : ''
      }
      noun={['debtor', 'debtors']}
      icon={<IconMoodHappy size={30} stroke={1.5} />}
      empty={{
        title: 'Nobody owes anything',
        description:
          'Members with an overdue invoice, or a declined card being retried, show here with what they owe.',
      }}
      noMatch={{ title: 'No debtor matches', description: 'Try another name, or clear the filters.' }}
      loading={<Paper withBorder h={240} radius="md" />}
    >
      <Stack gap="sm">
        {chosen.length > 0 && (
          <Paper withBorder radius="md" p="xs" data-testid="bulk-bar">
            <Group gap="xs">
              <Text fz="sm" fw={600} mr="sm">
                {chosen.length} selected · {owedBy(chosen, format)}
              </Text>
              <BulkButton
                icon={<IconRefresh size={14} />}
                loading={retry.isPending}
                onClick={() => retry.mutate()}
              >
                Retry card
              </BulkButton>
              <BulkButton
                icon={<IconBell size={14} />}
                loading={remind.isPending}
                onClick={() => remind.mutate()}
              >
                Send reminder
              </BulkButton>
              <BulkButton color="teal" icon={<IconCash size={14} />} onClick={() => setDialog('pay')}>
                Record payment
              </BulkButton>
              {can('manager') && (
                <BulkButton
                  color="red"
                  icon={<IconReceiptOff size={14} />}
                  onClick={() => setDialog('writeOff')}
                >
                  Write off
                </BulkButton>
              )}
            </Group>
          </Paper>
        )}
        <Table.ScrollContainer minWidth={900}>
          <Table highlightOnHover verticalSpacing="sm" data-testid="debtors-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={36}>
                  <Checkbox
                    aria-label="Select all"
                    checked={allChosen}
                    indeterminate={!allChosen && chosen.length > 0}
                    onChange={() => setSelected(allChosen ? new Set() : new Set(rows.map((d) => d.memberId)))}
                  />
                </Table.Th>
                <Table.Th>Member</Table.Th>
                <Table.Th ta="right">Owes</Table.Th>
                <Table.Th>Since</Table.Th>
                <Table.Th>Last attempt</Table.Th>
                <Table.Th>Dunning</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((d) => (
                <Table.Tr key={`${d.memberId}:${d.currency}`} data-testid="debtor-row">
                  <Table.Td>
                    <Checkbox
                      aria-label={`Select ${d.memberName}`}
                      checked={selected.has(d.memberId)}
                      onChange={() => toggle(d.memberId)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Anchor component={Link} to={`/members/${d.memberId}`} fw={600} fz="sm">
                        {d.memberName}
                      </Anchor>
                      <AccessBadge access={d.access} size="xs" />
                    </Group>
                    <Text fz="xs" c="dimmed">
                      {d.memberNumber}
                      {d.invoiceNumbers.length ? ` · ${d.invoiceNumbers.join(', ')}` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right" fw={600} style={{ whiteSpace: 'nowrap' }}>
                    {format.money(d.amountDue, d.currency)}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.date(d.since)}</Table.Td>
                  <Table.Td maw={280}>
                    {d.lastAttemptAt ? (
                      <>
                        <Text fz="sm">{format.dateTime(d.lastAttemptAt)}</Text>
                        <Text fz="xs" c="dimmed" lineClamp={2}>
                          {d.lastReason}
                        </Text>
                      </>
                    ) : (
                      <Text fz="sm" c="dimmed">
                        No card attempt
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge color={STAGE[d.stage].color} variant="light">
                      {STAGE[d.stage].label}
                    </Badge>
                    {d.stage !== 'overdue' && (
                      <Text fz="xs" c="dimmed" mt={2}>
                        {d.stage === 'retrying'
                          ? `Retry ${d.step} of ${d.steps} done${d.nextRetryOn ? ` · next ${format.date(d.nextRetryOn)}` : ''}`
                          : d.stage === 'hard_decline'
                            ? `Waiting for a new card${d.nextRetryOn ? ` until ${format.date(d.nextRetryOn)}` : ''}`
                            : `All ${d.steps} retries made`}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
      <RecordPaymentDialog
        opened={dialog === 'pay'}
        debtors={chosen}
        onClose={() => setDialog(null)}
        onDone={report('Payment recorded')}
      />
      <WriteOffDialog
        opened={dialog === 'writeOff'}
        debtors={chosen}
        onClose={() => setDialog(null)}
        onDone={report('Written off')}
      />
    </ListPage>
  );
}

/** A button of the bar shown while members are selected. */
function BulkButton({
  icon,
  color,
  loading,
  onClick,
  children,
}: {
  icon: ReactNode;
  color?: string;
  loading?: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <Button size="xs" variant="light" color={color} leftSection={icon} loading={loading} onClick={onClick}>
      {children}
    </Button>
  );
}

/** What the given debtors owe in all, in the first one's currency ('' when there are none). */
const owedBy = (debtors: Debtor[], format: Format) =>
  debtors[0]
    ? format.money(
        debtors.reduce((n, d) => n + d.amountDue, 0),
        debtors[0].currency,
      )
    : '';

/** The props of the bulk-action dialogs: they act on the chosen debtors and report each outcome. */
type DialogProps = {
  opened: boolean;
  debtors: Debtor[];
  onClose: () => void;
  onDone: (o: BulkOutcome[]) => void;
};

const METHODS = [
  { value: 'cash', label: 'Cash' },
  { value: 'card_terminal', label: 'Card terminal' },
  { value: 'bank_transfer', label: 'Bank transfer' },
  { value: 'other', label: 'Other' },
];

/** Confirms the money taken at the desk: the full amount each chosen member owes. */
function RecordPaymentDialog({ opened, debtors, onClose, onDone }: DialogProps) {
  const format = useFormat();
  const [method, setMethod] = useState<string | null>('cash');
  const [reference, setReference] = useState('');
  const pay = useMutation({
    mutationFn: () =>
      api.call('debtors.recordPayment', {
        memberIds: debtors.map((d) => d.memberId),
        method: method as 'cash',
        ...(reference.trim() ? { reference: reference.trim() } : {}),
      }),
    onSuccess: onDone,
    onError: (e) => notifyError(e, 'Not recorded'),
  });
  return (
    <Modal opened={opened} onClose={onClose} title="Record payment" centered>
      <Stack>
        <Text fz="sm">
          {debtors.length === 1
            ? `${debtors[0]!.memberName} pays everything they owe: `
            : `${debtors.length} members pay everything they owe, in total `}
          <b>{owedBy(debtors, format)}</b>.
        </Text>
        <Select
          label="How was it paid?"
          data={METHODS}
          value={method}
          onChange={setMethod}
          allowDeselect={false}
        />
        <TextInput
          label="Reference"
          placeholder="Optional: receipt or transfer number"
          value={reference}
          onChange={(e) => setReference(e.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="teal" loading={pay.isPending} onClick={() => pay.mutate()}>
            Record {owedBy(debtors, format)}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Destructive: asks for a reason and says plainly what happens. */
function WriteOffDialog({ opened, debtors, onClose, onDone }: DialogProps) {
  const format = useFormat();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const writeOff = useMutation({
    mutationFn: () =>
      api.call('debtors.writeOff', { memberIds: debtors.map((d) => d.memberId), reason: reason.trim() }),
    onSuccess: (o) => {
      setReason('');
      onDone(o);
    },
    onError: (e) => notifyError(e, 'Not written off'),
  });
  return (
    <Modal opened={opened} onClose={onClose} title="Write off what they owe?" centered>
      <Stack>
        <Text fz="sm">
          The open invoices of {debtors.length === 1 ? debtors[0]!.memberName : `${debtors.length} members`} (
          {owedBy(debtors, format)}) are marked uncollectible. Cards are no longer retried and they leave this
          list. The invoices stay on record; a later payment is still recorded.
        </Text>
        <Textarea
          label="Reason"
          placeholder="For example: moved away, agreed settlement"
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            setError(null);
          }}
          error={error}
          autosize
          minRows={2}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Keep chasing
          </Button>
          <Button
            color="red"
            loading={writeOff.isPending}
            onClick={() => (reason.trim() ? writeOff.mutate() : setError('Enter a reason'))}
          >
            Write off
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
