import { Button, Center, Paper, Skeleton, Stack, Table, Text } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../api';
import { useFormat } from '../../app/format';
import { Empty } from '../../components/Empty';
import { memberKeys } from './queries';

const PAGE = 50;

/** The core writes actions in lower case ("note added"); start them like a sentence. */
function sentenceCase(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}

/** Who did what to this member and when, from the audit log (newest first). */
export function MemberActivity({ memberId }: { memberId: number }) {
  const format = useFormat();
  const activity = useInfiniteQuery({
    queryKey: memberKeys.activity(memberId),
    queryFn: ({ pageParam }) =>
      api.call('audit.forEntity', { entity: 'member', entityId: memberId, limit: PAGE, offset: pageParam }),
    initialPageParam: 0,
    getNextPageParam: (last, all) => {
      const loaded = all.reduce((n, p) => n + p.items.length, 0);
      return loaded < last.total ? loaded : undefined;
    },
  });

  if (activity.isPending) {
    return (
      <Stack gap="xs">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} height={38} radius="md" />
        ))}
      </Stack>
    );
  }
  if (activity.isError) {
    return (
      <Empty
        icon={<IconHistory size={30} stroke={1.5} />}
        title="Activity could not be loaded"
        description={activity.error.message}
      />
    );
  }
  const entries = activity.data.pages.flatMap((p) => p.items);
  if (entries.length === 0) {
    return (
      <Empty
        icon={<IconHistory size={30} stroke={1.5} />}
        title="No activity yet"
        description="Changes to this member will be listed here."
      />
    );
  }
  return (
    <Paper withBorder radius="lg" style={{ overflow: 'hidden' }}>
      <Table verticalSpacing="sm" horizontalSpacing="lg" aria-label="Activity" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={210}>When</Table.Th>
            <Table.Th w={180}>Who</Table.Th>
            <Table.Th>What</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text fz="sm">{format.dateTime(e.at)}</Text>
              </Table.Td>
              <Table.Td>
                <Text fz="sm">{e.operatorName ?? 'Recur'}</Text>
              </Table.Td>
              <Table.Td>
                <Text fz="sm" fw={600}>
                  {sentenceCase(e.action)}
                </Text>
                {e.summary && (
                  <Text fz="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                    {e.summary}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {activity.hasNextPage && (
        <Center p="sm">
          <Button
            variant="subtle"
            loading={activity.isFetchingNextPage}
            onClick={() => void activity.fetchNextPage()}
          >
            Show older activity
          </Button>
        </Center>
      )}
    </Paper>
  );
}
