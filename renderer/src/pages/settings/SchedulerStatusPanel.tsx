import { Alert, Badge, Button, Group, Paper, Skeleton, Stack, Table, Text } from '@mantine/core';
import { IconPlayerPlay } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SchedulerRun } from '../../../../shared/contract';
import { api } from '../../api';
import { useAuth } from '../../app/auth';
import { useFormat } from '../../app/format';
import { notifyError } from '../../app/notify';

const statusKey = ['scheduler', 'status'] as const;

/** What each run was started by, in the owner's words. */
const TRIGGER_WORDS: Record<string, string> = {
  'start-up': 'Start-up',
  resume: 'Waking from sleep',
  'every 15 minutes': 'Every 15 minutes',
  midnight: 'Midnight',
  'work queued': 'Work queued',
  polling: 'Card or payment page open',
  'test clock': 'Test clock moved',
  'by hand': 'Run now',
};

/**
 * Settings → System: the scheduler's last run, its next one, what each job did and any error. It
 * refreshes by itself, so the owner can watch a renewal day go out.
 */
export function SchedulerStatusPanel() {
  const { can } = useAuth();
  const format = useFormat();
  const queryClient = useQueryClient();
  const status = useQuery({
    queryKey: statusKey,
    queryFn: () => api.call('scheduler.status', {}),
    refetchInterval: 5000,
  });
  const runNow = useMutation({
    mutationFn: () => api.call('scheduler.runNow', {}),
    onSuccess: (s) => queryClient.setQueryData(statusKey, s),
    onError: (e) => notifyError(e, 'The run did not start'),
  });
  if (!status.data)
    return status.isError ? (
      <Alert color="red">{status.error.message}</Alert>
    ) : (
      <Skeleton height={220} radius="lg" />
    );
  const s = status.data;
  const shown = s.lastBusyRun ?? s.lastRun;
  return (
    <Paper withBorder radius="lg" p="lg" maw={820} mt="lg" data-testid="scheduler-status">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <div>
            <Text fw={600}>Due work</Text>
            <Text fz="sm" c="dimmed" maw={560}>
              Renewals, card charges, retries and messages run by themselves while Recur is open: at start-up,
              on waking from sleep, every 15 minutes, at midnight, and about a second after anything is
              queued. Open card and payment pages are checked every 15 seconds.
            </Text>
          </div>
          {can('manager') && (
            <Button
              variant="light"
              leftSection={<IconPlayerPlay size={16} />}
              loading={runNow.isPending || s.running}
              onClick={() => runNow.mutate()}
            >
              Run now
            </Button>
          )}
        </Group>
        <Group gap="xl">
          <Fact label="Last run">
            {s.lastRun ? (
              <>
                {format.dateTime(s.lastRun.startedAt)} ·{' '}
                {TRIGGER_WORDS[s.lastRun.trigger] ?? s.lastRun.trigger}
              </>
            ) : (
              'Not yet'
            )}
          </Fact>
          <Fact label="Next run">
            {s.nextRunAt ? format.dateTime(s.nextRunAt) : 'When something is queued'}
          </Fact>
          {s.polling && (
            <Badge variant="light" color="blue">
              Checking open pages every 15 s
            </Badge>
          )}
        </Group>
        {shown ? <RunTable run={shown} /> : <Text c="dimmed">Nothing has run yet.</Text>}
        {s.recent.length > 1 && <History runs={s.recent.slice(0, 8)} />}
      </Stack>
    </Paper>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text fz="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz="sm">{children}</Text>
    </div>
  );
}

function RunTable({ run }: { run: SchedulerRun }) {
  const format = useFormat();
  return (
    <div>
      <Group gap="xs" mb={6}>
        <Text fz="sm" fw={600}>
          Last run that did something: {format.dateTime(run.startedAt)}
        </Text>
        {run.errors > 0 ? (
          <Badge color="red" variant="light">
            {run.errors} failed
          </Badge>
        ) : (
          <Badge color="teal" variant="light">
            OK
          </Badge>
        )}
      </Group>
      <Table striped withTableBorder fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Job</Table.Th>
            <Table.Th ta="right">Done</Table.Th>
            <Table.Th ta="right">Time</Table.Th>
            <Table.Th>Problem</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {run.jobs.map((j) => (
            <Table.Tr key={j.name}>
              <Table.Td>{j.name}</Table.Td>
              <Table.Td ta="right">{format.number(j.done)}</Table.Td>
              <Table.Td ta="right">{format.number(j.ms)} ms</Table.Td>
              <Table.Td c={j.error ? 'red' : 'dimmed'}>{j.error ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

function History({ runs }: { runs: SchedulerRun[] }) {
  const format = useFormat();
  return (
    <div>
      <Text fz="sm" fw={600} mb={6}>
        Recent runs that did something
      </Text>
      <Table fz="sm" withTableBorder>
        <Table.Tbody>
          {runs.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>{format.dateTime(r.startedAt)}</Table.Td>
              <Table.Td>{TRIGGER_WORDS[r.trigger] ?? r.trigger}</Table.Td>
              <Table.Td ta="right">{format.number(r.done)} done</Table.Td>
              <Table.Td c={r.errors ? 'red' : 'dimmed'}>{r.errors ? `${r.errors} failed` : 'OK'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
