import { useEffect, useMemo, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { Box, Skeleton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQueries, useQuery, type QueryKey } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Page } from '../../../shared/contract';
import classes from './VirtualTable.module.css';

export interface Column<T> {
  header: string;
  /** A CSS grid track: `110px`, `minmax(160px, 1.4fr)`. */
  width: string;
  align?: 'left' | 'right';
  render: (row: T) => ReactNode;
}

const ROW_HEIGHT = 46;
const SKELETON_WIDTHS = [55, 70, 60, 45, 65, 50, 40, 60, 50];

/**
 * The first page of a long list, fetched by the page itself (for its count and empty states); the
 * table below fetches the other pages as they scroll into view, under the same key.
 */
export function usePagedList<T>(
  pageKey: (page: number) => QueryKey,
  fetchPage: (offset: number, limit: number) => Promise<Page<T>>,
  pageSize: number,
) {
  return useQuery({
    queryKey: pageKey(0),
    queryFn: () => fetchPage(0, pageSize),
    // Keep showing the previous results while the next search runs: no flash of emptiness per keystroke.
    placeholderData: keepPreviousData,
  });
}

/**
 * A virtual table over a whole filtered list, like the members list: only the rows on screen exist in
 * the DOM, and the pages under them are fetched by offset as they come into view.
 */
export function VirtualTable<T>({
  label,
  columns,
  total,
  firstPage,
  pageKey,
  fetchPage,
  pageSize,
  onOpen,
  dimmed,
  resetKey,
  rows,
}: {
  label: string;
  columns: Column<T>[];
  total: number;
  firstPage: Page<T> | undefined;
  pageKey: (page: number) => QueryKey;
  fetchPage: (offset: number, limit: number) => Promise<Page<T>>;
  pageSize: number;
  onOpen: (row: T) => void;
  dimmed?: (row: T) => boolean;
  /** Changes when the filter does: the list then starts at the top again. */
  resetKey: string;
  /** A list already in memory (filtered here, e.g. by date): shown as is, no pages are fetched. */
  rows?: T[];
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const template = columns.map((c) => c.width).join(' ');

  // No React Compiler here, so the virtualizer's unmemoizable API is fine (the rule only warns about it).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  useEffect(() => {
    virtualizer.scrollToOffset(0);
  }, [resetKey, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items[items.length - 1]?.index ?? 0;
  const [range] = useDebouncedValue(
    `${Math.floor(firstIndex / pageSize)}:${Math.floor(lastIndex / pageSize)}`,
    60,
  );
  const pageNumbers = useMemo(() => {
    const [from, to] = range.split(':').map(Number) as [number, number];
    const pages: number[] = [];
    if (rows) return pages;
    for (let p = Math.max(from, 1); p <= to; p++) pages.push(p);
    return pages;
  }, [range, rows]);

  const pages = useQueries({
    queries: pageNumbers.map((page) => ({
      queryKey: pageKey(page),
      queryFn: () => fetchPage(page * pageSize, pageSize),
      staleTime: 30_000,
    })),
  });

  const rowAt = (index: number): T | undefined => {
    if (rows) return rows[index];
    const page = Math.floor(index / pageSize);
    if (page === 0) return firstPage?.items[index];
    const i = pageNumbers.indexOf(page);
    return i >= 0 ? pages[i]?.data?.items[index % pageSize] : undefined;
  };

  const onKey = (event: KeyboardEvent, row: T | undefined) => {
    if (row && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      onOpen(row);
    }
  };

  return (
    <div className={classes.frame} role="table" aria-label={label} aria-rowcount={total + 1}>
      <div ref={scrollRef} className={classes.scroll}>
        <div role="rowgroup" className={classes.stickyHead}>
          <div
            role="row"
            className={`${classes.grid} ${classes.head}`}
            style={{ gridTemplateColumns: template }}
            aria-rowindex={1}
          >
            {columns.map((c) => (
              <div
                role="columnheader"
                key={c.header}
                className={`${classes.headCell} ${c.align === 'right' ? classes.right : ''}`}
              >
                {c.header}
              </div>
            ))}
          </div>
        </div>
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = rowAt(item.index);
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                tabIndex={row ? 0 : -1}
                className={`${classes.grid} ${classes.row}`}
                style={{
                  gridTemplateColumns: template,
                  height: ROW_HEIGHT,
                  transform: `translateY(${item.start}px)`,
                }}
                onClick={() => row && onOpen(row)}
                onKeyDown={(e) => onKey(e, row)}
              >
                {columns.map((c, i) => (
                  <div
                    role="cell"
                    key={c.header}
                    className={`${classes.cell} ${c.align === 'right' ? classes.right : ''} ${
                      row && dimmed?.(row) ? classes.dimmed : ''
                    }`}
                    aria-busy={row ? undefined : true}
                  >
                    {row ? (
                      c.render(row)
                    ) : (
                      <Skeleton
                        height={10}
                        width={`${SKELETON_WIDTHS[i % SKELETON_WIDTHS.length]}%`}
                        radius="xl"
                      />
                    )}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

/** Placeholder rows while the first page of a brand-new list loads. */
export function VirtualTableSkeleton<T>({ columns, label }: { columns: Column<T>[]; label: string }) {
  const template = columns.map((c) => c.width).join(' ');
  return (
    <Box className={classes.frame} aria-busy aria-label={`Loading ${label.toLowerCase()}`}>
      <div className={`${classes.grid} ${classes.head}`} style={{ gridTemplateColumns: template }}>
        {columns.map((c) => (
          <div key={c.header} className={`${classes.headCell} ${c.align === 'right' ? classes.right : ''}`}>
            {c.header}
          </div>
        ))}
      </div>
      {Array.from({ length: 8 }, (_, r) => (
        <div
          key={r}
          className={`${classes.grid} ${classes.staticRow}`}
          style={{ gridTemplateColumns: template, height: ROW_HEIGHT }}
        >
          {columns.map((c, i) => (
            <div key={c.header} className={`${classes.cell} ${c.align === 'right' ? classes.right : ''}`}>
              <Skeleton height={10} width={`${SKELETON_WIDTHS[i % SKELETON_WIDTHS.length]}%`} radius="xl" />
            </div>
          ))}
        </div>
      ))}
    </Box>
  );
}
