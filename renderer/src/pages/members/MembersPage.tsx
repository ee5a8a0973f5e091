import { useCallback, useMemo, useState } from 'react';
import { Button, SegmentedControl, Select } from '@mantine/core';
import { IconDownload, IconFileImport, IconPlus, IconUsers } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import type { MembershipStatus } from '../../../../shared/contract';
import { api } from '../../api';
import { useAuth } from '../../app/auth';
import { useFormat } from '../../app/format';
import { notifyError, notifySuccess } from '../../app/notify';
import { ListPage, useListState, type ListTab } from '../../components/ListPage';
import { usePagedList } from '../../components/VirtualTable';
import { downloadExport } from '../backups/transfer';
import { ImportDialog } from './ImportDialog';
import { MemberFormModal } from './MemberFormModal';
import { MEMBERSHIP, MEMBERSHIP_ORDER } from './Membership';
import { useMemberColumns } from './MembersTable';
import { memberKeys, PAGE_SIZE, type MemberFilter } from './queries';

type Status = 'active' | 'archived' | 'all';
const STATUSES: { value: Status; label: string }[] = [
  { value: 'active', label: 'Active' },
  { value: 'archived', label: 'Archived' },
  { value: 'all', label: 'All' },
];
type Tab = MembershipStatus | 'all';
const TABS: ListTab<Tab>[] = [
  { value: 'all', label: 'All members' },
  ...MEMBERSHIP_ORDER.map((m) => ({
    value: m,
    label: MEMBERSHIP[m].label,
    ...(m === 'past_due' ? { alert: 'red' } : {}),
  })),
];

/**
 * Everybody the business knows, by membership (tabs with the core's counts) as gym software shows
 * them, with search, tag and archived filters; a row opens the member.
 */
export function MembersPage() {
  const navigate = useNavigate();
  const format = useFormat();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const list = useListState<Tab>({
    tabs: TABS.map((t) => t.value),
    defaultTab: 'all',
    tabParam: 'membership',
  });
  const status = (
    STATUSES.some((s) => s.value === list.param('status')) ? list.param('status') : 'active'
  ) as Status;
  const tag = list.param('tag');
  // The dashboard's quick actions open the dialogs through ?new=1 / ?import=1.
  const [adding, setAdding] = useState(params.get('new') === '1');
  const [importing, setImporting] = useState(params.get('import') === '1');
  // Once closed, forget them so Back or a reload does not pop the dialog open again.
  const clearOpenParams = () => {
    if (params.has('new') || params.has('import'))
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          next.delete('new');
          next.delete('import');
          return next;
        },
        { replace: true },
      );
  };

  const base = useMemo(
    () => ({ query: list.query, status, tag: tag || undefined }),
    [list.query, status, tag],
  );
  const filter = useMemo<MemberFilter>(
    () => ({ ...base, membership: list.tab === 'all' ? undefined : list.tab }),
    [base, list.tab],
  );
  const pageKey = useCallback((page: number) => memberKeys.page(filter, page), [filter]);
  const fetchPage = useCallback(
    // Later pages skip the count, which costs more than the page itself.
    (offset: number, limit: number) =>
      api.call('members.list', { ...filter, limit, offset, withTotal: offset === 0 }),
    [filter],
  );
  const first = usePagedList(pageKey, fetchPage, PAGE_SIZE);
  const counts = useQuery({
    queryKey: memberKeys.counts(base),
    queryFn: () => api.call('members.counts', base),
    staleTime: 10_000,
  });
  const tags = useQuery({ queryKey: memberKeys.tags, queryFn: () => api.call('members.tags', {}) });
  const columns = useMemberColumns();

  const exportCsv = useMutation({
    // Written in pages to a file by the core, then fetched in pieces (as export everything is).
    mutationFn: async () => {
      const result = await api.call('members.exportCsv', filter);
      await downloadExport(result.exportId, result.filename, () => {}, 'members');
      return result;
    },
    onSuccess: (result) => {
      notifySuccess(`Exported ${format.number(result.count)} members to ${result.filename}.`, 'Export ready');
    },
    onError: (error) => notifyError(error, 'Export failed'),
  });

  // A search matching 1,000 or more is capped: its count is a lower bound and its pages are not in any
  // order worth scrolling, so only the first page is shown and the operator is asked to narrow it.
  const capped = first.data?.capped === true;
  const total = capped ? (first.data?.items.length ?? 0) : (first.data?.total ?? 0);
  const canImport = can('manager');
  const membershipWords = list.tab === 'all' ? '' : `${MEMBERSHIP[list.tab].label.toLowerCase()} `;

  return (
    <>
      <ListPage
        list={list}
        title="Members"
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
        tabs={TABS}
        counts={counts.data}
        allTab="all"
        search={{ label: 'Search members', placeholder: 'Search by name, number, email or phone' }}
        filters={
          <>
            <SegmentedControl
              aria-label="Status"
              data={STATUSES}
              value={status}
              onChange={(v) => list.setParam('status', v === 'active' ? null : v)}
            />
            <Select
              aria-label="Tag"
              placeholder="All tags"
              data={tags.data ?? []}
              value={tag || null}
              onChange={(v) => list.setParam('tag', v)}
              clearable
              searchable
              nothingFoundMessage="No such tag"
              w={160}
            />
          </>
        }
        query={first}
        total={total}
        summary={capped ? `${format.number(1000)}+ matches — keep typing to narrow it` : undefined}
        noun={['member', 'members']}
        icon={<IconUsers size={30} stroke={1.5} />}
        empty={{
          title: 'No members yet — add one or import a CSV',
          description:
            'Members are the people who buy your memberships. Add them one by one at the desk, or bring them all in from a spreadsheet.',
          actions: (
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
          ),
        }}
        noMatch={{
          title: list.query
            ? `No ${membershipWords}members match “${list.query}”`
            : membershipWords && !list.filtered
              ? `No ${membershipWords}members`
              : `No ${membershipWords}members match these filters`,
          description:
            'Check the spelling, search by member number, email or phone, or look in All instead of Active.',
        }}
        table={{
          label: 'Members',
          columns,
          firstPage: first.data,
          pageKey,
          fetchPage,
          pageSize: PAGE_SIZE,
          rows: capped ? first.data?.items : undefined,
          onOpen: (m) => void navigate(`/members/${m.id}`),
          dimmed: (m) => m.status === 'archived',
          resetKey: JSON.stringify(filter),
        }}
      />
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
    </>
  );
}
