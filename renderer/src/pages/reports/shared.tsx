import { useEffect, type ReactNode } from 'react';
import { Paper, Skeleton, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ChannelName, InputOf, OutputOf } from '../../../../shared/contract';
import { api } from '../../api';
import { exportRows, type CsvColumn } from './csv';
import classes from './reports.module.css';

/** A report's numbers for the current range and filters; the last answer stays while the next loads. */
export function useReport<C extends ChannelName>(channel: C, input: InputOf<C>, enabled = true) {
  return useQuery<OutputOf<C>, Error>({
    queryKey: ['reports', channel, input],
    queryFn: () => api.call(channel, input),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Loading and error states shared by the report views; `children` renders the loaded numbers. */
export function ReportState<T>({
  query,
  children,
}: {
  query: { isPending: boolean; isError: boolean; error: Error | null; data?: T };
  children: (data: T) => ReactNode;
}) {
  if (query.isError) {
    return (
      <Paper withBorder p="lg" radius="md">
        <Text c="red" role="alert">
          {query.error?.message}
        </Text>
      </Paper>
    );
  }
  if (query.isPending) {
    return (
      <Stack gap="md" aria-busy aria-label="Loading the report">
        <Skeleton height={90} />
        <Skeleton height={300} />
        <Skeleton height={200} />
      </Stack>
    );
  }
  return <>{query.data === undefined ? null : children(query.data)}</>;
}

/** Registers the view's CSV export with the toolbar while it is shown. */
export function useExport(
  setExport: (fn: (() => void) | null) => void,
  fn: (() => void) | null,
  deps: unknown[],
) {
  useEffect(() => {
    setExport(fn);
    return () => setExport(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
}

const currencyOf = (data: object) =>
  'currency' in data && typeof data.currency === 'string' ? data.currency : '';

/**
 * Registers a CSV export of the loaded report `data` (none while it loads): `rows` picks its lines,
 * `columns` says what each line holds (see csv.ts), in the report's currency.
 */
export function useCsvExport<T extends object, R>(
  setExport: (fn: (() => void) | null) => void,
  data: T | undefined,
  filename: string,
  rows: (data: T) => R[],
  columns: Array<CsvColumn<R>>,
) {
  useExport(setExport, data ? () => exportRows(filename, columns, rows(data), currencyOf(data)) : null, [
    data,
  ]);
}

export function Section({
  title,
  children,
  aside,
}: {
  title: string;
  children: ReactNode;
  aside?: ReactNode;
}) {
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Title order={2} fz="md" style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
          <span>{title}</span>
          {aside}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

/** A chart with a text equivalent for screen readers (the table below holds the same numbers). */
export function ChartBox({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="img" aria-label={label}>
      {children}
    </div>
  );
}

/** A money cell that opens the records behind it. */
export function DrillCell({
  children,
  onClick,
  label,
}: {
  children: ReactNode;
  onClick?: () => void;
  label: string;
}) {
  if (!onClick) return <>{children}</>;
  return (
    <UnstyledButton className={classes.cellButton} onClick={onClick} aria-label={label}>
      {children}
    </UnstyledButton>
  );
}

export function NumTh({ children }: { children: ReactNode }) {
  return <Table.Th ta="right">{children}</Table.Th>;
}

export function NumTd({ children }: { children: ReactNode }) {
  return (
    <Table.Td ta="right" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
      {children}
    </Table.Td>
  );
}

export const monthLabel = (month: string, locale: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, 1)),
  );
};

const ms = (d: string) => Date.parse(`${d}T00:00:00Z`);
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The last day of a bucket that starts on `start`, kept inside the report's range. */
export function bucketEnd(start: string, groupBy: 'day' | 'week' | 'month', rangeTo: string): string {
  let end = start;
  if (groupBy === 'week') end = iso(ms(start) + 6 * 86_400_000);
  if (groupBy === 'month') {
    const [y, m] = start.split('-').map(Number) as [number, number];
    end = iso(Date.UTC(y, m, 0));
  }
  return end < rangeTo ? end : rangeTo;
}

export const monthRange = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { from: `${month}-01`, to: iso(Date.UTC(y, m, 0)) };
};
