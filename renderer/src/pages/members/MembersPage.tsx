import { useMemo, useState } from 'react';
import { Button, Group, Loader, SegmentedControl, Select, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import {
  IconDownload,
  IconFileImport,
  IconPlus,
  IconSearch,
  IconUserSearch,
  IconUsers,
} from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api';
import { useAuth } from '../../app/auth';
import { useFormat } from '../../app/format';
import { notifyError, notifySuccess } from '../../app/notify';
import { downloadText } from '../../components/download';
import { Empty } from '../../components/Empty';
import { Page } from '../../components/Page';
import { ImportDialog } from './ImportDialog';
import { MemberFormModal } from './MemberFormModal';
import { MembersTable, MembersTableSkeleton } from './MembersTable';
import { memberKeys, PAGE_SIZE, type MemberFilter } from './queries';

type Status = 'active' | 'archived' | 'all';
const STATUSES: { value: Status; label: string }[] = [
  { value: 'active', label: 'Active' },
  { value: 'archived', label: 'Archived' },
  { value: 'all', label: 'All' },
];

export function MembersPage() {
  const navigate = useNavigate();
  const format = useFormat();
  const { can } = useAuth();
  // Filters live in the address so going back from a member returns to the same list.
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const status = (
    STATUSES.some((s) => s.value === params.get('status')) ? params.get('status') : 'active'
  ) as Status;
  const tag = params.get('tag') ?? '';
  const [adding, setAdding] = useState(params.get('new') === '1');
  const [importing, setImporting] = useState(params.get('import') === '1');
  const [debounced] = useDebouncedValue(search.trim(), 150);

  const updateParam = (key: string, value: string | null) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value) next.set(key, value);
        else next.delete(key);
        next.delete('new');
        next.delete('import');
        return next;
      },
      { replace: true },
    );

  // The dashboard's quick actions open the dialogs through ?new=1 / ?import=1; once closed, forget them
  // so Back or a reload does not pop the dialog open again.
  const clearOpenParams = () => {
    if (params.has('new') || params.has('import')) updateParam('new', null);
  };

  const filter = useMemo<MemberFilter>(
    () => ({ query: debounced || undefined, status, tag: tag || undefined }),
    [debounced, status, tag],
  );

  const firstPage = useQuery({
    queryKey: memberKeys.page(filter, 0),
    queryFn: () => api.call('members.list', { ...filter, limit: PAGE_SIZE, offset: 0 }),
    // Keep showing the previous results while the next search runs: no flash of emptiness per keystroke.
    placeholderData: keepPreviousData,
  });
  const tags = useQuery({ queryKey: memberKeys.tags, queryFn: () => api.call('members.tags', {}) });

  const exportCsv = useMutation({
    mutationFn: () => api.call('members.exportCsv', filter),
    onSuccess: (result) => {
      downloadText(result.csv, result.filename, 'text/csv');
      notifySuccess(`Exported ${format.number(result.count)} members to ${result.filename}.`, 'Export ready');
    },
    onError: (error) => notifyError(error, 'Export failed'),
  });

  // A search matching 1,000 or more is capped: its count is a lower bound and its pages are not in any
  // order worth scrolling, so only the first page is shown and the operator is asked to narrow it.
  const capped = firstPage.data?.capped === true;
  const total = capped ? (firstPage.data?.items.length ?? 0) : (firstPage.data?.total ?? 0);
  const filtered = Boolean(filter.query || filter.tag || status === 'archived');
  const canImport = can('manager');

  let body;
  if (firstPage.isPending) body = <MembersTableSkeleton />;
  else if (firstPage.isError && !firstPage.data)
    body = (
      <Empty
        icon={<IconUsers size={30} stroke={1.5} />}
        title="Members could not be loaded"
        description={firstPage.error.message}
        actions={<Button onClick={() => void firstPage.refetch()}>Try again</Button>}
      />
    );
  else if (total === 0 && !filtered)
    body = (
      <Empty
        icon={<IconUsers size={30} stroke={1.5} />}
        title="No members yet — add one or import a CSV"
        description="Members are the people who buy your memberships. Add them one by one at the desk, or bring them all in from a spreadsheet."
        actions={
          <>
            <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
              Add member
            </Button>
            {canImport && (
              <Button
                variant="default"
                leftSection={<IconFileImport size={16} />}
                onClick={() => setImporting(true)}
              >
                Import CSV
              </Button>
            )}
          </>
        }
      />
    );
  else if (total === 0)
    body = (
      <Empty
        icon={<IconUserSearch size={30} stroke={1.5} />}
        title={filter.query ? `No members match “${filter.query}”` : 'No members match these filters'}
        description="Check the spelling, search by member number, email or phone, or look in All instead of Active."
        actions={
          <Button
            variant="default"
            onClick={() => {
              setSearch('');
              setParams(new URLSearchParams(), { replace: true });
            }}
          >
            Clear search and filters
          </Button>
        }
      />
    );
  else body = <MembersTable filter={filter} total={total} firstPage={firstPage.data} />;

  return (
    <Page
      title="Members"
      fill
      actions={
        <>
          {canImport && (
            <>
              <Button
                variant="default"
                leftSection={<IconFileImport size={16} />}
                onClick={() => setImporting(true)}
              >
                Import CSV
              </Button>
              <Button
                variant="default"
                leftSection={<IconDownload size={16} />}
                loading={exportCsv.isPending}
                onClick={() => exportCsv.mutate()}
                disabled={total === 0}
              >
                Export CSV
              </Button>
            </>
          )}
          <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
            Add member
          </Button>
        </>
      }
    >
      <Group gap="sm" wrap="nowrap">
        <TextInput
          aria-label="Search members"
          placeholder="Search by name, number, email or phone"
          leftSection={<IconSearch size={16} />}
          rightSection={firstPage.isFetching && !firstPage.isPending ? <Loader size={14} /> : undefined}
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            updateParam('q', e.currentTarget.value || null);
          }}
          style={{ flex: 1, maxWidth: 420 }}
        />
        <SegmentedControl
          aria-label="Status"
          data={STATUSES}
          value={status}
          onChange={(v) => updateParam('status', v === 'active' ? null : v)}
        />
        <Select
          aria-label="Tag"
          placeholder="All tags"
          data={tags.data ?? []}
          value={tag || null}
          onChange={(v) => updateParam('tag', v)}
          clearable
          searchable
          nothingFoundMessage="No such tag"
          w={180}
        />
        <Text c="dimmed" fz="sm" ml="auto" style={{ whiteSpace: 'nowrap' }} aria-live="polite">
          {firstPage.data
            ? capped
              ? `${format.number(1000)}+ matches — keep typing to narrow it`
              : `${format.number(total)} member${total === 1 ? '' : 's'}`
            : ''}
        </Text>
      </Group>
      {body}
      <MemberFormModal
        opened={adding}
        onClose={() => {
          setAdding(false);
          clearOpenParams();
        }}
        onSaved={(m) => void navigate(`/members/${m.id}`)}
      />
      {canImport && (
        <ImportDialog
          opened={importing}
          onClose={() => {
            setImporting(false);
            clearOpenParams();
          }}
        />
      )}
    </Page>
  );
}
