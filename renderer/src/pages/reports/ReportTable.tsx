import type { ReactNode } from 'react';
import { SimpleGrid, Table, Text } from '@mantine/core';
import { ChartBox, DrillCell, NumTd, NumTh, Section } from './shared';

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
