import type { ReactNode } from 'react';
import { SimpleGrid, Table, Text } from '@mantine/core';
import type { DrillRef } from '../../../../shared/contract/reports';
import { ChartBox, DrillCell, monthLabel, monthRange, NumTd, NumTh, Section } from './shared';

/** A row of headline figures: two across on small screens, `cols` across from `md` up. */
export function FigureGrid({ cols, children }: { cols: number; children: ReactNode }) {
  return (
    <SimpleGrid cols={{ base: 2, md: cols }} spacing="md">
      {children}
    </SimpleGrid>
  );
}

/** A section holding one chart; `label` is the chart's text equivalent for screen readers. */
export function ChartSection({
  title,
  label,
  children,
}: {
  title: string;
  label: string;
  children: ReactNode;
}) {
  return (
    <Section title={title}>
      <ChartBox label={label}>{children}</ChartBox>
    </Section>
  );
}

/** A table's heading row: the first column is text, the others right-aligned numbers. */
export function HeadRow({ columns }: { columns: string[] }) {
  const [first, ...rest] = columns;
  return (
    <Table.Thead>
      <Table.Tr>
        <Table.Th>{first}</Table.Th>
        {rest.map((c) => (
          <NumTh key={c}>{c}</NumTh>
        ))}
      </Table.Tr>
    </Table.Thead>
  );
}

/**
 * A section with a small table of rows, or `empty` as a dimmed line when there are none.
 * `label` is the table's aria-label; `columns` its headings (see HeadRow); children are the body rows.
 */
export function TableSection({
  title,
  label,
  columns,
  isEmpty,
  empty,
  children,
}: {
  title: string;
  label: string;
  columns: string[];
  isEmpty: boolean;
  empty: string;
  children: ReactNode;
}) {
  return (
    <Section title={title}>
      {isEmpty ? (
        <Text c="dimmed" fz="sm">
          {empty}
        </Text>
      ) : (
        <Table aria-label={label}>
          <HeadRow columns={columns} />
          <Table.Tbody>{children}</Table.Tbody>
        </Table>
      )}
    </Section>
  );
}

/** A number cell whose figure opens the records behind it (plain when `onClick` is absent). */
export function DrillTd({
  label,
  onClick,
  children,
}: {
  label: string;
  onClick?: () => void;
  children: ReactNode;
}) {
  return (
    <NumTd>
      <DrillCell label={label} onClick={onClick}>
        {children}
      </DrillCell>
    </NumTd>
  );
}

/** One movement of a month (new, churn…) and the members segment its figure drills into. */
export interface MonthMove<K extends string> {
  key: K;
  label: string;
  segment: NonNullable<DrillRef['segment']>;
}

/**
 * A month's movement figures as table cells, each opening the members behind it (none for a zero).
 * `show` formats a figure; `planId` narrows the drill-down like the report.
 */
export function MonthMoveCells<K extends string>({
  month,
  moves,
  figures,
  show,
  drill,
  locale,
  planId,
}: {
  month: string;
  moves: ReadonlyArray<MonthMove<K>>;
  figures: Record<K, number>;
  show: (key: K, n: number) => ReactNode;
  drill: (title: string, ref: DrillRef) => void;
  locale: string;
  planId?: number | undefined;
}) {
  const when = monthLabel(month, locale);
  return moves.map((s) => (
    <DrillTd
      key={s.key}
      label={`${s.label} in ${when}: show the members`}
      onClick={
        figures[s.key]
          ? () =>
              drill(`${s.label}, ${when}`, {
                kind: 'members',
                ...monthRange(month),
                ...(planId === undefined ? {} : { planId }),
                segment: s.segment,
              })
          : undefined
      }
    >
      {show(s.key, figures[s.key])}
    </DrillTd>
  ));
}
