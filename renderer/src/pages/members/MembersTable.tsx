import { Badge, Group, Text } from '@mantine/core';
import { useNavigate } from 'react-router';
import type { Member, Page } from '../../../../shared/contract';
import { api } from '../../api';
import { useFormat } from '../../app/format';
import { VirtualTable, VirtualTableSkeleton, type Column } from '../../components/VirtualTable';
import { memberKeys, PAGE_SIZE, type MemberFilter } from './queries';

/** The members list's columns, for the table and its loading skeleton alike. */
function useMemberColumns(): Column<Member>[] {
  const format = useFormat();
  return [
    {
      header: 'Number',
      width: '104px',
      render: (m) => (
        <Text fz="sm" c="dimmed">
          {m.number}
        </Text>
      ),
    },
    {
      header: 'Name',
      width: 'minmax(160px, 1.3fr)',
      render: (m) => (
        <>
          <Text fz="sm" fw={600} truncate="end">
            {m.firstName} {m.lastName}
          </Text>
          {m.status === 'archived' && (
            <Badge size="xs" color="gray" variant="light" ml={6} style={{ flexShrink: 0 }}>
              Archived
            </Badge>
          )}
        </>
      ),
    },
    {
      header: 'Email',
      width: 'minmax(180px, 1.5fr)',
      render: (m) => (
        <Text fz="sm" truncate="end">
          {m.email ?? ''}
        </Text>
      ),
    },
    {
      header: 'Phone',
      width: 'minmax(120px, 1fr)',
      render: (m) => (
        <Text fz="sm" truncate="end">
          {m.phone ?? ''}
        </Text>
      ),
    },
    { header: 'Tags', width: 'minmax(120px, 1fr)', render: (m) => <Tags tags={m.tags} /> },
    {
      header: 'Joined',
      width: '124px',
      render: (m) => (
        <Text fz="sm" c="dimmed" truncate="end">
          {format.day(m.createdAt)}
        </Text>
      ),
    },
  ];
}

/**
 * The whole filtered members list in a virtual table: 100k members scroll like 100. Pages after the
 * first skip the count (`withTotal: false`), which costs more than the page itself.
 */
export function MembersTable({
  filter,
  total,
  firstPage,
}: {
  filter: MemberFilter;
  total: number;
  firstPage: Page<Member> | undefined;
}) {
  const navigate = useNavigate();
  return (
    <VirtualTable
      label="Members"
      columns={useMemberColumns()}
      total={total}
      firstPage={firstPage}
      pageKey={(page) => memberKeys.page(filter, page)}
      fetchPage={(offset, limit) =>
        api.call('members.list', { ...filter, limit, offset, withTotal: offset === 0 })
      }
      pageSize={PAGE_SIZE}
      onOpen={(m) => void navigate(`/members/${m.id}`)}
      resetKey={JSON.stringify(filter)}
    />
  );
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

/** Placeholder rows while the first page of a brand-new list loads. */
export function MembersTableSkeleton() {
  return <VirtualTableSkeleton columns={useMemberColumns()} label="Members" />;
}
