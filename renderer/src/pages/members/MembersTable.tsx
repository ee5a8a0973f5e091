import { Badge, Group, Text } from '@mantine/core';
import type { Member } from '../../../../shared/contract';
import { useFormat } from '../../app/format';
import type { Column } from '../../components/VirtualTable';
import { MembershipCell } from './Membership';
import { AccessBadge } from '../debtors/AccessBadge';

/** The members list's columns, for the table and its loading skeleton alike. */
export function useMemberColumns(): Column<Member>[] {
  const format = useFormat();
  return [
    {
      header: 'Number',
      width: '96px',
      render: (m) => (
        <Text fz="sm" c="dimmed">
          {m.number}
        </Text>
      ),
    },
    {
      header: 'Name',
      width: 'minmax(150px, 1.3fr)',
      render: (m) => (
        <>
          <Text fz="sm" fw={600} truncate="end">
            {m.firstName} {m.lastName}
          </Text>
          <AccessBadge access={m.access} size="xs" ml={6} />
          {m.status === 'archived' && (
            <Badge size="xs" color="gray" variant="light" ml={6} style={{ flexShrink: 0 }}>
              Archived
            </Badge>
          )}
        </>
      ),
    },
    {
      header: 'Membership',
      width: 'minmax(160px, 1.2fr)',
      render: (m) => <MembershipCell membership={m.membership} />,
    },
    {
      header: 'Email',
      width: 'minmax(150px, 1.3fr)',
      render: (m) => (
        <Text fz="sm" truncate="end">
          {m.email ?? ''}
        </Text>
      ),
    },
    {
      header: 'Phone',
      width: 'minmax(110px, 0.9fr)',
      render: (m) => (
        <Text fz="sm" truncate="end">
          {m.phone ?? ''}
        </Text>
      ),
    },
    { header: 'Tags', width: 'minmax(100px, 0.8fr)', render: (m) => <Tags tags={m.tags} /> },
    {
      header: 'Joined',
      width: '112px',
      render: (m) => (
        <Text fz="sm" c="dimmed" truncate="end">
          {format.day(m.createdAt)}
        </Text>
      ),
    },
  ];
}

function Tags({ tags }: { tags: string[] }) {
  if (tags.length === 0) return null;
  const shown = tags.slice(0, 2);
  return (
    <Group gap={4} wrap="nowrap" style={{ overflow: 'hidden' }}>
      {shown.map((t) => (
        <Badge key={t} size="sm" variant="light" radius="sm" tt="none" style={{ flexShrink: 1, minWidth: 0 }}>
          {t}
        </Badge>
      ))}
      {tags.length > shown.length && (
        <Text fz="xs" c="dimmed" title={tags.slice(2).join(', ')}>
          +{tags.length - shown.length}
        </Text>
      )}
    </Group>
  );
}
