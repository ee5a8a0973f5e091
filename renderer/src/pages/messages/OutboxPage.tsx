import {
  Anchor,
  Badge,
  Button,
  Group,
  Pagination,
  Paper,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { IconMailPause, IconRefresh } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { TOPIC_IDS, TOPICS } from '../../../../shared/message-topics';
import type { OutboxItem } from '../../../../shared/contract';
import { api } from '../../api';
import { useFormat } from '../../app/format';
import { notifyError, notifySuccess } from '../../app/notify';
import { Empty } from '../../components/Empty';
import { MemberPicker } from '../../components/MemberPicker';
import { Page } from '../../components/Page';
import { OUTBOX_STATUS, topicLabel } from './labels';

const PAGE = 50;

/** The one log of messages (DESIGN §11): every email and text, filtered by topic, channel, status, member. */
export function OutboxPage() {
  const [params, setParams] = useSearchParams();
  const get = (k: string) => params.get(k) ?? '';
  const setParam = (k: string, v: string | null) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (v) next.set(k, v);
        else next.delete(k);
        if (k !== 'page') next.delete('page');
        return next;
      },
      { replace: true },
    );
  const page = Math.max(1, Number(get('page')) || 1);
  const memberId = Number(get('member')) || undefined;
  const filter = {
    topic: get('topic') || undefined,
    channel: (get('channel') || undefined) as OutboxItem['channel'] | undefined,
    status: (get('status') || undefined) as OutboxItem['status'] | undefined,
    memberId,
  };
  const list = useQuery({
    queryKey: ['outbox', 'page', filter, page],
    queryFn: () => api.call('outbox.list', { ...filter, limit: PAGE, offset: (page - 1) * PAGE }),
    placeholderData: keepPreviousData,
  });
  const filtered = Object.values(filter).some(Boolean);

  return (
    <Page title="Message log" description="Every email and text to members, with what happened to it.">
      <Stack gap="md">
        <Group gap="sm" align="flex-end">
          <Select
            label="Topic"
            placeholder="All topics"
            clearable
            w={220}
            value={filter.topic ?? null}
            onChange={(v) => setParam('topic', v)}
            data={[
              ...TOPIC_IDS.map((t) => ({ value: t, label: TOPICS[t].label })),
              { value: 'card-link', label: 'Card link' },
              { value: 'digest', label: 'Owner digest' },
            ]}
          />
          <Select
            label="Channel"
            placeholder="Email and SMS"
            clearable
            w={160}
            value={filter.channel ?? null}
            onChange={(v) => setParam('channel', v)}
            data={[
              { value: 'email', label: 'Email' },
              { value: 'sms', label: 'SMS' },
            ]}
          />
          <Select
            label="Status"
            placeholder="Any status"
            clearable
            w={160}
            value={filter.status ?? null}
            onChange={(v) => setParam('status', v)}
            data={Object.entries(OUTBOX_STATUS).map(([value, s]) => ({ value, label: s.label }))}
          />
          <MemberPicker
            label="Member"
            placeholder="Search a member"
            w={240}
            value={memberId ?? null}
            onChange={(id) => setParam('member', id ? String(id) : null)}
          />
          {filtered && (
            <Button variant="subtle" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
              Clear filters
            </Button>
          )}
        </Group>
        <OutboxTable list={list} filtered={filtered} />
        {list.data && list.data.total > PAGE && (
          <Group justify="space-between">
            <Text fz="sm" c="dimmed">
              {list.data.total} messages
            </Text>
            <Pagination
              total={Math.ceil(list.data.total / PAGE)}
              value={page}
              onChange={(p) => setParam('page', String(p))}
            />
          </Group>
        )}
      </Stack>
    </Page>
  );
}

function OutboxTable({
  list,
  filtered,
}: {
  list: ReturnType<typeof useQuery<{ items: OutboxItem[]; total: number }>>;
  filtered: boolean;
}) {
  const format = useFormat();
  const queryClient = useQueryClient();
  const retry = useMutation({
    mutationFn: (id: number) => api.call('outbox.retry', { id }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['outbox'] });
      notifySuccess('It will be tried again in a moment.');
    },
    onError: (e) => notifyError(e),
  });
  if (list.isPending) return <Skeleton height={240} radius="lg" />;
  if (list.isError)
    return (
      <Text c="red" fz="sm">
        {list.error.message}
      </Text>
    );
  if (list.data.items.length === 0)
    return (
      <Empty
        icon={<IconMailPause size={30} stroke={1.5} />}
        title={filtered ? 'No message matches these filters' : 'No messages yet'}
        description="Receipts, reminders and notices to members appear here, with whether they went out."
      />
    );
  return (
    <Paper withBorder radius="lg" style={{ overflow: 'hidden' }}>
      <Table.ScrollContainer minWidth={760}>
        <Table
          verticalSpacing="sm"
          horizontalSpacing="md"
          aria-label="Message log"
          styles={{ th: { whiteSpace: 'nowrap' } }}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={130}>Queued</Table.Th>
              <Table.Th>Member</Table.Th>
              <Table.Th>Topic</Table.Th>
              <Table.Th>Message</Table.Th>
              <Table.Th w={240}>Result</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.items.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td>
                  <Text fz="sm">{format.dateTime(m.createdAt)}</Text>
                </Table.Td>
                <Table.Td>
                  {m.memberId ? (
                    <Anchor component={Link} to={`/members/${m.memberId}`} fz="sm">
                      {m.memberName ?? `Member ${m.memberId}`}
                    </Anchor>
                  ) : (
                    <Text fz="sm">Owner</Text>
                  )}
                  <Text fz="xs" c="dimmed" truncate="end" maw={190}>
                    {m.to}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text fz="sm">{topicLabel(m.topic)}</Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Badge
                      variant="outline"
                      size="sm"
                      color={m.channel === 'sms' ? 'grape' : 'blue'}
                      style={{ flexShrink: 0 }}
                    >
                      {m.channel === 'sms' ? 'SMS' : 'Email'}
                    </Badge>
                    <Tooltip label={m.body} multiline w={360} openDelay={300}>
                      <Text fz="sm" truncate="end" maw={260}>
                        {m.channel === 'sms' ? m.body : m.subject}
                      </Text>
                    </Tooltip>
                  </Group>
                  {m.attachments > 0 && (
                    <Text fz="xs" c="dimmed">
                      {m.attachments === 1 ? '1 PDF attached' : `${m.attachments} PDFs attached`}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Stack gap={2}>
                    <Badge variant="light" color={OUTBOX_STATUS[m.status].color} style={{ flexShrink: 0 }}>
                      {OUTBOX_STATUS[m.status].label}
                    </Badge>
                    {m.status === 'sent' && (
                      <Text fz="xs" c="dimmed">
                        {format.dateTime(m.sentAt)}
                      </Text>
                    )}
                    {m.status !== 'sent' && m.lastError && (
                      <Text
                        fz="xs"
                        c={m.status === 'skipped' ? 'dimmed' : 'red'}
                        lineClamp={3}
                        title={m.lastError}
                      >
                        {m.lastError}
                      </Text>
                    )}
                    {m.status === 'queued' && (
                      <Text fz="xs" c="dimmed">
                        {m.attempts > 0 ? `Tried ${m.attempts}×; next` : 'Goes out'}{' '}
                        {format.dateTime(m.nextAttemptAt)}
                      </Text>
                    )}
                    {m.status === 'failed' && (
                      <Button
                        size="compact-xs"
                        variant="light"
                        leftSection={<IconRefresh size={12} />}
                        onClick={() => retry.mutate(m.id)}
                        w="fit-content"
                      >
                        Try again
                      </Button>
                    )}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
