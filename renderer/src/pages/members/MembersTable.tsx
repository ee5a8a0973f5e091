import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { Badge, Box, Group, Skeleton, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQueries } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useNavigate } from 'react-router';
import type { Member, Page } from '../../../../shared/contract';
import { api } from '../../api';
import { useFormat } from '../../app/format';
import { memberKeys, PAGE_SIZE, type MemberFilter } from './queries';
import classes from './MembersTable.module.css';

const ROW_HEIGHT = 46;
const COLUMNS = ['Number', 'Name', 'Email', 'Phone', 'Tags', 'Joined'];

/**
 * A virtual table over the whole filtered list: only the rows on screen exist in the DOM, and the pages
 * of 100 under them are fetched by offset as they come into view, so 100k members scroll like 100.
 * Scrolling far ahead (dragging the scrollbar) shows skeleton rows until that page arrives.
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
  const format = useFormat();
  const scrollRef = useRef<HTMLDivElement>(null);

  // No React Compiler here, so the virtualizer's unmemoizable API is fine (the rule only warns about it).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  // A new search starts at the top: staying at row 40 000 of the previous list would show nothing useful.
  const filterKey = JSON.stringify(filter);
  useEffect(() => {
    virtualizer.scrollToOffset(0);
  }, [filterKey, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items[items.length - 1]?.index ?? 0;
  // Wait for the scrollbar to settle before asking for pages, so a fast drag does not request every page.
  const [range] = useDebouncedValue(
    `${Math.floor(firstIndex / PAGE_SIZE)}:${Math.floor(lastIndex / PAGE_SIZE)}`,
    60,
  );
  const pageNumbers = useMemo(() => {
    const [from, to] = range.split(':').map(Number) as [number, number];
    const pages: number[] = [];
    for (let p = Math.max(from, 1); p <= to; p++) pages.push(p);
    return pages;
  }, [range]);

  const pages = useQueries({
    queries: pageNumbers.map((page) => ({
      queryKey: memberKeys.page(filter, page),
      // Only the first page counts the matches; the others skip the count, which costs more than the page.
      queryFn: () =>
        api.call('members.list', {
          ...filter,
          limit: PAGE_SIZE,
          offset: page * PAGE_SIZE,
          withTotal: false,
        }),
      staleTime: 30_000,
    })),
  });

  const rowAt = (index: number): Member | undefined => {
    const page = Math.floor(index / PAGE_SIZE);
    if (page === 0) return firstPage?.items[index];
    const i = pageNumbers.indexOf(page);
    return i >= 0 ? pages[i]?.data?.items[index % PAGE_SIZE] : undefined;
  };

  const open = (member: Member) => void navigate(`/members/${member.id}`);
  const onKey = (event: KeyboardEvent, member: Member | undefined) => {
    if (member && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      open(member);
    }
  };

  return (
    <div
      className={classes.frame}
      role="table"
      aria-label="Members"
      aria-rowcount={total + 1}
      data-testid="members-table"
    >
      {/* The header lives inside the scroller (sticky) so its columns line up with the rows' whatever the scrollbar width. */}
      <div ref={scrollRef} className={classes.scroll}>
        <div role="rowgroup" className={classes.stickyHead}>
          <div role="row" className={`${classes.grid} ${classes.head}`} aria-rowindex={1}>
            {COLUMNS.map((c) => (
              <div role="columnheader" key={c} className={classes.headCell}>
                {c}
              </div>
            ))}
          </div>
        </div>
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const member = rowAt(item.index);
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                tabIndex={member ? 0 : -1}
                className={`${classes.grid} ${classes.row}`}
                style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                onClick={() => member && open(member)}
                onKeyDown={(e) => onKey(e, member)}
              >
                {member ? (
                  <>
                    <div role="cell" className={classes.cell}>
                      <Text fz="sm" c="dimmed">
                        {member.number}
                      </Text>
                    </div>
                    <div role="cell" className={classes.cell}>
                      <Text fz="sm" fw={600} truncate="end">
                        {member.firstName} {member.lastName}
                      </Text>
                      {member.status === 'archived' && (
                        <Badge size="xs" color="gray" variant="light" ml={6} style={{ flexShrink: 0 }}>
                          Archived
                        </Badge>
                      )}
                    </div>
                    <div role="cell" className={classes.cell}>
                      <Text fz="sm" truncate="end">
                        {member.email ?? ''}
                      </Text>
                    </div>
                    <div role="cell" className={classes.cell}>
                      <Text fz="sm" truncate="end">
                        {member.phone ?? ''}
                      </Text>
                    </div>
                    <div role="cell" className={classes.cell}>
                      <Tags tags={member.tags} />
                    </div>
                    <div role="cell" className={classes.cell}>
                      <Text fz="sm" c="dimmed" truncate="end">
                        {format.day(member.createdAt)}
                      </Text>
                    </div>
                  </>
                ) : (
                  COLUMNS.map((c, i) => (
                    <div role="cell" key={c} className={classes.cell} aria-busy>
                      <Skeleton height={10} width={`${[55, 70, 80, 60, 40, 50][i]}%`} radius="xl" />
                    </div>
                  ))
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
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
  return (
    <Box className={classes.frame} aria-busy aria-label="Loading members">
      <div className={`${classes.grid} ${classes.head}`}>
        {COLUMNS.map((c) => (
          <div key={c} className={classes.headCell}>
            {c}
          </div>
        ))}
      </div>
      {Array.from({ length: 8 }, (_, r) => (
        <div key={r} className={`${classes.grid} ${classes.staticRow}`} style={{ height: ROW_HEIGHT }}>
          {COLUMNS.map((c, i) => (
            <div key={c} className={classes.cell}>
              <Skeleton height={10} width={`${[55, 70, 80, 60, 40, 50][i]}%`} radius="xl" />
            </div>
          ))}
        </div>
      ))}
    </Box>
  );
}
