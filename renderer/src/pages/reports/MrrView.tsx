import { BarChart, LineChart } from '@mantine/charts';
import { SimpleGrid, Table } from '@mantine/core';
import type { MrrMonth } from '../../../../shared/contract/reports';
import { useFormat } from '../../app/format';
import { currencyColumn, moneyColumn, textColumn, type CsvColumn } from './csv';
import { Figure } from './Figure';
import type { ReportViewProps } from './ReportsPage';
import { ChartSection, FigureGrid, MonthMoveCells, type MonthMove } from './ReportTable';
import { monthLabel, NumTd, NumTh, ReportState, Section, useCsvExport, useReport } from './shared';
import classes from './reports.module.css';

type MoveKey = 'new' | 'expansion' | 'reactivation' | 'movedIn' | 'contraction' | 'churn' | 'movedOut';

const MOVES: Array<MonthMove<MoveKey> & { color: string }> = [
  { key: 'new', label: 'New', segment: 'new', color: 'teal.5' },
  { key: 'expansion', label: 'Expansion', segment: 'expansion', color: 'blue.5' },
  { key: 'reactivation', label: 'Reactivation', segment: 'reactivated', color: 'grape.5' },
  { key: 'movedIn', label: 'Moved in', segment: 'movedIn', color: 'cyan.5' },
  { key: 'contraction', label: 'Contraction', segment: 'contraction', color: 'orange.5' },
  { key: 'churn', label: 'Churn', segment: 'churned', color: 'red.5' },
  { key: 'movedOut', label: 'Moved out', segment: 'movedOut', color: 'yellow.6' },
];

/** Moves between plans exist only in one plan's view; without a plan filter they are always zero. */
const PLAN_MOVES = new Set<MoveKey>(['movedIn', 'movedOut']);

/** Movements that take MRR away: shown with a minus sign and below zero in the chart. */
const LOSSES = new Set<MoveKey>(['contraction', 'churn', 'movedOut']);

/** Every movement, moves between plans included, so the columns stay the same with or without a plan. */
const MONTH_CSV: Array<CsvColumn<MrrMonth>> = [
  textColumn('Month', (m) => m.month),
  moneyColumn('MRR at start', (m) => m.mrrStart),
  ...MOVES.map((s) => moneyColumn<MrrMonth>(s.label, (m) => m[s.key])),
  moneyColumn('MRR at end', (m) => m.mrrEnd),
  textColumn('Paying members', (m) => m.customers),
  currencyColumn,
];

export function MrrView({ params, drill, setExport }: ReportViewProps) {
  const format = useFormat();
  const input = { from: params.from, to: params.to, planId: params.planId };
  const report = useReport('reports.mrr', input, params.to >= params.from);
  const r = report.data;
  const moves = params.planId === undefined ? MOVES.filter((s) => !PLAN_MOVES.has(s.key)) : MOVES;
  useCsvExport(setExport, r, `mrr-${params.from}-${params.to}.csv`, (r) => r.months, MONTH_CSV);
  return (
    <ReportState query={report}>
      {(r) => (
        <>
          <FigureGrid cols={4}>
            <Figure
              label="MRR"
              value={format.money(r.mrr, r.currency)}
              hint={`on ${format.date(params.to)}`}
            />
            <Figure label="ARR" value={format.money(r.arr, r.currency)} hint="MRR × 12" />
            <Figure
              label="Paying members"
              value={format.number(r.customers)}
              onDrill={() =>
                drill('Members with a live subscription', {
                  kind: 'members',
                  from: params.from,
                  to: params.to,
                  planId: params.planId,
                })
              }
            />
            <Figure
              label="Revenue per member"
              value={format.money(r.arpu, r.currency)}
              hint="ARPU: MRR ÷ paying members"
            />
          </FigureGrid>
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
            <ChartSection
              title="MRR at the end of each month"
              label="Line chart of monthly recurring revenue at the end of each month; the table below has the same figures."
            >
              <LineChart
                h={260}
                data={r.months.map((m) => ({ month: monthLabel(m.month, format.locale), mrr: m.mrrEnd }))}
                dataKey="month"
                series={[{ name: 'mrr', label: 'MRR', color: 'indigo.5' }]}
                valueFormatter={(v) => format.money(v, r.currency)}
                yAxisProps={{ width: 90 }}
                curveType="monotone"
              />
            </ChartSection>
            <ChartSection
              title="Movements"
              label="Stacked bar chart of MRR movements per month: gains above zero, contraction, churn and moves to other plans below."
            >
              <BarChart
                h={260}
                type="stacked"
                data={r.months.map((m) => ({
                  month: monthLabel(m.month, format.locale),
                  ...Object.fromEntries(moves.map((s) => [s.key, LOSSES.has(s.key) ? -m[s.key] : m[s.key]])),
                }))}
                dataKey="month"
                series={moves.map((s) => ({ name: s.key, label: s.label, color: s.color }))}
                withLegend
                valueFormatter={(v) => format.money(v, r.currency)}
                yAxisProps={{ width: 90 }}
              />
            </ChartSection>
          </SimpleGrid>
          <Section title="Month by month">
            <div className={classes.tableWrap}>
              <Table striped highlightOnHover aria-label="MRR movements by month">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Month</Table.Th>
                    <NumTh>At start</NumTh>
                    {moves.map((s) => (
                      <NumTh key={s.key}>{s.label}</NumTh>
                    ))}
                    <NumTh>At end</NumTh>
                    <NumTh>Paying members</NumTh>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {r.months.map((m) => (
                    <Table.Tr key={m.month}>
                      <Table.Td>{monthLabel(m.month, format.locale)}</Table.Td>
                      <NumTd>{format.money(m.mrrStart, r.currency)}</NumTd>
                      <MonthMoveCells
                        month={m.month}
                        moves={moves}
                        figures={m}
                        show={(key, n) => `${LOSSES.has(key) && n ? '−' : ''}${format.money(n, r.currency)}`}
                        drill={drill}
                        locale={format.locale}
                        planId={params.planId}
                      />
                      <NumTd>{format.money(m.mrrEnd, r.currency)}</NumTd>
                      <NumTd>{format.number(m.customers)}</NumTd>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
          </Section>
        </>
      )}
    </ReportState>
  );
}
