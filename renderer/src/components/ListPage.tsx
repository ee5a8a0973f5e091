import { useCallback, useState, type ReactNode } from 'react';
import {
  Badge,
  Button,
  Group,
  Loader,
  ScrollArea,
  Tabs,
  Text,
  TextInput,
  type MantineColor,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import type { QueryKey } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import type { Page as ListPageData } from '../../../shared/contract';
import { useFormat } from '../app/format';
import { Empty } from './Empty';
import { Page } from './Page';
import { VirtualTable, VirtualTableSkeleton, type Column } from './VirtualTable';

/*
 * The frame every list page shares: title and actions, status tabs with counts from the core, a search
 * box, a slot for filters, the loading, error, empty and no-match states, and a virtual table. All of
 * the list's state (search `q`, the tab, each filter) lives in the address, so Back from a detail page
 * returns to the same list and a link can open a filtered one.
 *
 *   const list = useListState({ tabs: STATUS_VALUES, defaultTab: 'all' });
 *   const filter = { status: list.tab, query: list.query, planId: Number(list.param('plan')) || undefined };
 *   const first = usePagedList(...);                        // the first page, for the count and states
 *   const counts = useQuery(... 'invoices.counts' ...);     // one number per tab
 *   <ListPage list={list} title="Invoices" tabs={TABS} counts={counts.data} query={first} total={...}
 *     search={{ label: 'Search invoices', placeholder: '…' }} empty={{...}} table={{ columns, ... }} />
 */

/** A list's address state: search text (debounced for queries), the selected tab, other filters. */
export interface ListState<S extends string> {
  /** What is in the search box now. */
  search: string;
  setSearch: (text: string) => void;
  /** The search to query with: trimmed, debounced, undefined when empty. */
  query: string | undefined;
  tab: S;
  setTab: (tab: S) => void;
  /** A filter from the address ('' when unset). */
  param: (key: string) => string;
  /** Sets a filter in the address; null or '' removes it. */
  setParam: (key: string, value: string | null) => void;
  /** True when a search or any filter (not the tab) narrows the list. */
  filtered: boolean;
  /** Empties the search and every filter; the tab goes back to its default unless `keepTab`. */
  clear: (keepTab?: boolean) => void;
}

/** Address keys that open dialogs rather than filter (the dashboard's ?new=1); not a filter. */
const NOT_FILTERS = new Set(['q', 'new', 'import']);

export function useListState<S extends string>({
  tabs = [],
  defaultTab,
  tabParam = 'status',
  debounceMs = 150,
  notFilters = [],
}: {
  /** Address keys the page uses for other things (its own tabs, an open drawer): not filters. */
  notFilters?: string[];
  /** The tab values; the address may only select one of these. */
  tabs?: readonly S[];
  defaultTab?: S;
  /** The address key of the tab. */
  tabParam?: string;
  debounceMs?: number;
} = {}): ListState<S> {
  const [params, setParams] = useSearchParams();
  const [search, setSearchText] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(search.trim(), debounceMs);
  const raw = params.get(tabParam) ?? '';
  const fallback = (defaultTab ?? tabs[0] ?? '') as S;
  const tab = (tabs as readonly string[]).includes(raw) ? (raw as S) : fallback;

  const setParam = useCallback(
    (key: string, value: string | null) =>
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          if (value) next.set(key, value);
          else next.delete(key);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  const filtered =
    Boolean(debounced) ||
    [...params.keys()].some(
      (k) => k !== tabParam && !NOT_FILTERS.has(k) && !notFilters.includes(k) && params.get(k),
    );

  return {
    search,
    setSearch: (text) => {
      setSearchText(text);
      setParam('q', text || null);
    },
    query: debounced || undefined,
    tab,
    setTab: (value) => setParam(tabParam, value === fallback ? null : value),
    param: (key) => params.get(key) ?? '',
    setParam,
    filtered,
    clear: (keepTab = false) => {
      setSearchText('');
      setParams(
        (p) => {
          const next = new URLSearchParams();
          for (const k of notFilters) if (p.get(k)) next.set(k, p.get(k)!);
          if (keepTab && tab !== fallback) next.set(tabParam, tab);
          return next;
        },
        { replace: true },
      );
    },
  };
}

export interface ListTab<S extends string> {
  value: S;
  label: string;
  /** Shown only when its count is above zero (or it is selected): rare states like "Needs member". */
  onlyWhenAny?: boolean;
  /** The count badge's colour when above zero (e.g. red for Failed). */
  alert?: MantineColor;
}

/** What ListPage needs to know of the first page's query (a TanStack query result fits). */
export interface ListQuery {
  isPending: boolean;
  isFetching: boolean;
  isError: boolean;
  error: Error | null;
  data: unknown;
  refetch: () => unknown;
}

/** The virtual table under the frame: see VirtualTable for each field. */
export interface ListTable<T> {
  label: string;
  columns: Column<T>[];
  firstPage: ListPageData<T> | undefined;
  pageKey: (page: number) => QueryKey;
  fetchPage: (offset: number, limit: number) => Promise<ListPageData<T>>;
  pageSize: number;
  onOpen: (row: T) => void;
  dimmed?: (row: T) => boolean;
  resetKey: string;
  rows?: T[];
}

export interface ListPageProps<S extends string, T> {
  list: ListState<S>;
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  /** Above the tabs: an alert about the list (e.g. Stripe issues). */
  banner?: ReactNode;
  tabs?: ListTab<S>[];
  /** The core's count per tab value; tabs show no badge until it arrives. */
  counts?: Partial<Record<S, number>>;
  search: { label: string; placeholder: string };
  /** Selects, date inputs… next to the search box; they read and write `list.param`. */
  filters?: ReactNode;
  /** The first page's query: its pending, fetching and error states drive the frame. */
  query: ListQuery;
  /** How many rows the list has (what the table scrolls through). */
  total: number;
  /** Words right of the filters; defaults to "12 invoices". */
  summary?: ReactNode;
  /** Singular and plural noun for the default summary and the error title. */
  noun: [string, string];
  icon: ReactNode;
  /** Nothing at all yet (no search, no filter): what the list is for and how to start. */
  empty: { title: string; description: ReactNode; actions?: ReactNode };
  /** The tab that holds everything ('all'): when it is empty, the list shows `empty` on every tab. */
  allTab?: S;
  /** Show `empty` on any tab with nothing in it (its words then depend on the tab). */
  emptyOnEveryTab?: boolean;
  /** Filtered to nothing: the title says what was asked; a clear button is added. */
  noMatch: { title: string; description: ReactNode; keepTab?: boolean };
  /** The virtual table; or `children` for a list drawn by the page (a short in-memory table). */
  table?: ListTable<T>;
  children?: ReactNode;
  /** Loading placeholder when there is no `table` to draw skeleton rows from. */
  loading?: ReactNode;
  /** Fill the window (long, virtual lists) or scroll as a page. */
  fill?: boolean;
  maxWidth?: number;
}

/** The list page frame: see the top of this file. */
export function ListPage<S extends string, T>(p: ListPageProps<S, T>) {
  return (
    <Page
      title={p.title}
      description={p.description}
      actions={p.actions}
      fill={p.fill ?? true}
      maxWidth={p.maxWidth}
    >
      <ListFrame {...p} />
    </Page>
  );
}

/**
 * The list without its page: tabs, search row and body, for a list that is one panel of a page (Plans
 * beside Tax rates and Coupons).
 */
export function ListFrame<S extends string, T>(
  p: Omit<ListPageProps<S, T>, 'title' | 'description' | 'actions' | 'fill' | 'maxWidth'>,
) {
  const format = useFormat();
  const { list, query } = p;
  // "Nothing yet" (how to start) rather than "nothing matches" (how to widen the search).
  const nothingAtAll =
    p.total === 0 &&
    !list.filtered &&
    (p.emptyOnEveryTab ||
      !p.tabs ||
      list.tab === p.allTab ||
      (p.allTab !== undefined && p.counts?.[p.allTab] === 0));

  let body: ReactNode;
  if (query.isPending)
    body = p.table ? <VirtualTableSkeleton columns={p.table.columns} label={p.table.label} /> : p.loading;
  else if (query.isError && !query.data)
    body = (
      <Empty
        icon={p.icon}
        title={`${capitalize(p.noun[1])} could not be loaded`}
        description={query.error?.message}
        actions={<Button onClick={() => void query.refetch()}>Try again</Button>}
      />
    );
  else if (nothingAtAll)
    body = (
      <Empty
        icon={p.icon}
        title={p.empty.title}
        description={p.empty.description}
        actions={p.empty.actions}
      />
    );
  else if (p.total === 0)
    body = (
      <Empty
        icon={<IconSearch size={30} stroke={1.5} />}
        title={p.noMatch.title}
        description={p.noMatch.description}
        actions={
          list.filtered ? (
            <Button variant="default" onClick={() => list.clear(p.noMatch.keepTab)}>
              Clear search and filters
            </Button>
          ) : undefined
        }
      />
    );
  else if (p.table) body = <VirtualTable {...p.table} total={p.total} />;
  else body = p.children;

  return (
    <>
      {p.banner}
      {p.tabs && <StatusTabs tabs={p.tabs} counts={p.counts} value={list.tab} onChange={list.setTab} />}
      <Group gap="sm" wrap="nowrap" align="flex-end">
        <TextInput
          aria-label={p.search.label}
          placeholder={p.search.placeholder}
          leftSection={<IconSearch size={16} />}
          rightSection={query.isFetching && !query.isPending ? <Loader size={14} /> : undefined}
          value={list.search}
          onChange={(e) => list.setSearch(e.currentTarget.value)}
          style={{ flex: 1, maxWidth: 420, minWidth: 200 }}
        />
        {p.filters}
        <Text c="dimmed" fz="sm" ml="auto" pb={8} aria-live="polite" style={{ whiteSpace: 'nowrap' }}>
          {p.summary ??
            (query.data ? `${format.number(p.total)} ${p.total === 1 ? p.noun[0] : p.noun[1]}` : '')}
        </Text>
      </Group>
      {body}
    </>
  );
}

/** Status tabs (pills) with the core's count on each; rare tabs appear only when they hold something. */
export function StatusTabs<S extends string>({
  tabs,
  counts,
  value,
  onChange,
}: {
  tabs: ListTab<S>[];
  counts?: Partial<Record<S, number>>;
  value: S;
  onChange: (value: S) => void;
}) {
  const format = useFormat();
  return (
    <ScrollArea type="never" style={{ flexShrink: 0 }}>
      <Tabs value={value} onChange={(v) => v && onChange(v as S)} variant="pills" radius="md">
        <Tabs.List style={{ flexWrap: 'nowrap' }}>
          {tabs.map((t) => {
            const n = counts?.[t.value];
            if (t.onlyWhenAny && !n && value !== t.value) return null;
            const selected = value === t.value;
            return (
              <Tabs.Tab
                key={t.value}
                value={t.value}
                rightSection={
                  n !== undefined ? (
                    <Badge
                      size="sm"
                      variant={selected ? 'white' : 'light'}
                      color={selected ? 'dark' : t.alert && n > 0 ? t.alert : 'gray'}
                      circle={n < 10}
                    >
                      {format.number(n)}
                    </Badge>
                  ) : undefined
                }
              >
                {t.label}
              </Tabs.Tab>
            );
          })}
        </Tabs.List>
      </Tabs>
    </ScrollArea>
  );
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
