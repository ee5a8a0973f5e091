import { ActionIcon, Badge, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Tooltip } from '@mantine/core';
import { IconSunrise, IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DigestLine } from '../../../../shared/contract';
import { api } from '../../api';
import { useAuth } from '../../app/auth';
import { useFormat } from '../../app/format';

const key = ['digest', 'today'] as const;

/**
 * The owner's morning digest (DESIGN §11): on the first start of the day, what billing did since
 * yesterday and what is due next week. Dismissed, it comes back the next day.
 */
export function DigestPanel() {
  const { can } = useAuth();
  const format = useFormat();
  const queryClient = useQueryClient();
  const digest = useQuery({
    queryKey: key,
    queryFn: () => api.call('digest.today', {}),
    enabled: can('manager'),
  });
  const dismiss = useMutation({
    mutationFn: () => api.call('digest.dismiss', {}),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: key }),
  });
  if (!can('manager')) return null;
  if (digest.isPending) return <Skeleton height={120} radius="lg" />;
  if (digest.isError || !digest.data.firstToday) return null;
  const d = digest.data;
  const money = (l: DigestLine) => l.amounts.map((a) => format.money(a.amount, a.currency)).join(' + ');
  const cell = (label: string, l: DigestLine, color?: string) => (
    <Stack gap={0} key={label}>
      <Text fz="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz="lg" fw={700} c={color}>
        {format.number(l.count)}
      </Text>
      {l.amounts.length > 0 && (
        <Text fz="sm" c="dimmed">
          {money(l)}
        </Text>
      )}
    </Stack>
  );
  return (
    <Paper withBorder radius="lg" p="lg" aria-label="Morning digest">
      <Group justify="space-between" mb="sm">
        <Group gap="xs">
          <IconSunrise size={20} />
          <Text fw={600}>Since {format.date(d.since)}</Text>
        </Group>
        <Tooltip label="Hide until tomorrow">
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label="Hide the digest"
            onClick={() => dismiss.mutate()}
          >
            <IconX size={16} />
          </ActionIcon>
        </Tooltip>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="md">
        {cell('Renewed', d.renewed)}
        {cell('Moved into dunning', d.movedToDunning, d.movedToDunning.count ? 'orange' : undefined)}
        {cell('Expired', d.expired)}
        {cell('Due next 7 days', d.dueNext7Days)}
        {cell(
          'Failed payments',
          { label: '', count: d.failed.reduce((n, f) => n + f.count, 0), amounts: [], memberIds: [] },
          d.failed.length ? 'red' : undefined,
        )}
      </SimpleGrid>
      {(d.paidByMethod.length > 0 || d.failed.length > 0) && (
        <Group gap="xs" mt="md">
          {d.paidByMethod.map((p) => (
            <Badge key={p.method} variant="light" color="green" tt="none">
              Paid by {p.label.toLowerCase()}: {p.count} · {money(p)}
            </Badge>
          ))}
          {d.failed.map((f) => (
            <Badge key={f.reason} variant="light" color="red" tt="none" maw={360}>
              {f.reason}: {f.count}
            </Badge>
          ))}
        </Group>
      )}
    </Paper>
  );
}
