import { Anchor, Badge, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api';
import { useAuth } from '../../app/auth';
import { useFormat } from '../../app/format';
import { OUTBOX_STATUS, topicLabel } from './labels';

/** The member's messages in their activity: the latest from the outbox, with a link to all of them. */
export function MemberMessageLog({ memberId }: { memberId: number }) {
  const { can } = useAuth();
  const format = useFormat();
  const list = useQuery({
    queryKey: ['outbox', 'member', memberId],
    queryFn: () => api.call('outbox.list', { memberId, limit: 10 }),
    enabled: can('manager'),
  });
  if (!can('manager') || !list.data || list.data.total === 0) return null;
  return (
    <Stack gap="xs" mb="lg">
      <Group justify="space-between">
        <Text fw={600} fz="sm">
          Messages
        </Text>
        <Anchor component={Link} to={`/outbox?member=${memberId}`} fz="sm">
          All {list.data.total} in the message log
        </Anchor>
      </Group>
      <Paper withBorder radius="lg" style={{ overflow: 'hidden' }}>
        <Table verticalSpacing="xs" horizontalSpacing="md" aria-label="Messages to this member">
          <Table.Tbody>
            {list.data.items.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td w={170}>
                  <Text fz="sm">{format.dateTime(m.createdAt)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text fz="sm">{topicLabel(m.topic)}</Text>
                </Table.Td>
                <Table.Td w={80}>
                  <Badge variant="outline" color={m.channel === 'sms' ? 'grape' : 'blue'}>
                    {m.channel === 'sms' ? 'SMS' : 'Email'}
                  </Badge>
                </Table.Td>
                <Table.Td w={110}>
                  <Badge variant="light" color={OUTBOX_STATUS[m.status].color}>
                    {OUTBOX_STATUS[m.status].label}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    </Stack>
  );
}
