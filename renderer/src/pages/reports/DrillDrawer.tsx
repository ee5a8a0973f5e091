import { useState } from 'react';
import { Anchor, Badge, Button, Drawer, Group, Skeleton, Stack, Table, Text } from '@mantine/core';
import { IconListSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { DrillRef } from '../../../../shared/contract/reports';
import { api } from '../../api';
import { useFormat } from '../../app/format';
import { Empty } from '../../components/Empty';

const PAGE = 50;

/** The records behind a figure, a page at a time, each linking to its own page. */
export function DrillDrawer({
  drill,
  onClose,
}: {
  drill: { title: string; ref: DrillRef } | null;
  onClose: () => void;
}) {
  return (
    <Drawer
      opened={drill !== null}
      onClose={onClose}
      position="right"
      size="xl"
      title={drill?.title}
      className="no-print"
    >
      {drill && <DrillList key={JSON.stringify(drill.ref)} refOf={drill.ref} />}
    </Drawer>
  );
}

function DrillList({ refOf }: { refOf: DrillRef }) {
  const format = useFormat();
  const [offset, setOffset] = useState(0);
  const page = useQuery({
    queryKey: ['reports', 'drill', refOf, offset],
    queryFn: () => api.call('reports.drill', { ref: refOf, offset, limit: PAGE }),
    placeholderData: keepPreviousData,
  });
  if (page.isPending) {
    return (
      <Stack gap="xs" aria-busy>
        {[0, 1, 2, 3, 4].map((i) => (
          <Skeleton key={i} height={32} />
        ))}
      </Stack>
    );
  }
  if (page.isError) return <Text c="red">{page.error.message}</Text>;
  const { items, total, capped } = page.data;
  if (total === 0) {
    return (
      <Empty
        bordered={false}
        icon={<IconListSearch size={26} stroke={1.5} />}
        title="Nothing behind this figure"
      />
    );
  }
  const when = (d: string) => (d.length > 10 ? format.dateTime(d) : format.date(d));
  return (
    <Stack gap="sm">
      <Text fz="sm" c="dimmed">
        {format.number(total)}
        {capped ? '+' : ''} record{total === 1 ? '' : 's'}
      </Text>
      <Table striped highlightOnHover aria-label="Records behind the figure">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Date</Table.Th>
            <Table.Th>Record</Table.Th>
            <Table.Th>Member</Table.Th>
            <Table.Th ta="right">Amount</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <Table.Tr key={`${item.id}-${item.date}-${item.label}`}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{when(item.date)}</Table.Td>
              <Table.Td>
                <Anchor component={Link} to={item.to} fz="sm">
                  {item.label}
                </Anchor>{' '}
                <Badge size="xs" variant="light" color="gray">
                  {item.status.replace(/_/g, ' ')}
                </Badge>
              </Table.Td>
              <Table.Td>
                {item.memberId ? (
                  <Anchor component={Link} to={`/members/${item.memberId}`} fz="sm">
                    {item.memberName}
                  </Anchor>
                ) : (
                  item.memberName
                )}
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {item.amount === null ? '' : format.money(item.amount, item.currency)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group justify="space-between">
        <Button
          variant="default"
          size="xs"
          disabled={offset === 0}
          onClick={() => setOffset(Math.max(0, offset - PAGE))}
        >
          Previous
        </Button>
        <Text fz="xs" c="dimmed">
          {format.number(offset + 1)}–{format.number(Math.min(total, offset + PAGE))} of{' '}
          {format.number(total)}
        </Text>
        <Button
          variant="default"
          size="xs"
          disabled={offset + PAGE >= total}
          onClick={() => setOffset(offset + PAGE)}
        >
          Next
        </Button>
      </Group>
    </Stack>
  );
}
