import { BarChart, LineChart } from '@mantine/charts';
import { SimpleGrid, Table } from '@mantine/core';
import type { DrillRef } from '../../../../shared/contract/reports';
import { useFormat } from '../../app/format';
import { major } from './csv';
import { Figure } from './Figure';
import type { ReportViewProps } from './ReportsPage';
import { ChartSection, DrillTd, FigureGrid } from './ReportTable';
import {
  monthLabel,
  monthRange,
  NumTd,
  NumTh,
  ReportState,
  Section,
  useCsvExport,
  useReport,
} from './shared';
import classes from './reports.module.css';

const MOVES: Array<{
  key: 'new' | 'expansion' | 'reactivation' | 'contraction' | 'churn';
  label: string;
  segment: DrillRef['segment'];
  color: string;
}> = [
  { key: 'new', label: 'New', segment: 'new', color: 'teal.5' },
  { key: 'expansion', label: 'Expansion', segment: 'expansion', color: 'blue.5' },
  { key: 'reactivation', label: 'Reactivation', segment: 'reactivated', color: 'grape.5' },
  { key: 'contraction', label: 'Contraction', segment: 'contraction', color: 'orange.5' },
  { key: 'churn', label: 'Churn', segment: 'churned', color: 'red.5' },
];

export function MrrView({ params, drill, setExport }: ReportViewProps) {
  const format = useFormat();
  const report = useReport('reports.mrr', { from: params.from, to: params.to }, params.to >= params.from);
  const r = report.data;
  useCsvExport(
    setExport,
    r,
    `mrr-${params.from}-${params.to}.csv`,
    [
      'Month',
      'MRR at start',
      'New',
      'Expansion',
      'Reactivation',
      'Contraction',
      'Churn',
      'MRR at end',
      'Paying members',
      'Currency',
    ],
    (r) =>
      r.months.map((m) => [
        m.month,
        major(m.mrrStart, r.currency),
        major(m.new, r.currency),
        major(m.expansion, r.currency),
        major(m.reactivation, r.currency),
        major(m.contraction, r.currency),
        major(m.churn, r.currency),
        major(m.mrrEnd, r.currency),
        m.customers,
        r.currency,
      ]),
  );
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
              label="Stacked bar chart of MRR movements per month: gains above zero, contraction and churn below."
            >
              <BarChart
                h={260}
                type="stacked"
                data={r.months.map((m) => ({
                  month: monthLabel(m.month, format.locale),
                  new: m.new,
                  expansion: m.expansion,
                  reactivation: m.reactivation,
                  contraction: -m.contraction,
                  churn: -m.churn,
                }))}
                dataKey="month"
                series={MOVES.map((s) => ({ name: s.key, label: s.label, color: s.color }))}
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
                    {MOVES.map((s) => (
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
                      {MOVES.map((s) => (
                        <DrillTd
                          key={s.key}
                          label={`${s.label} in ${monthLabel(m.month, format.locale)}: show the members`}
                          onClick={
                            m[s.key]
                              ? () =>
                                  drill(`${s.label}, ${monthLabel(m.month, format.locale)}`, {
                                    kind: 'members',
                                    ...monthRange(m.month),
                                    segment: s.segment,
                                  })
                              : undefined
                          }
                        >
                          {(s.key === 'contraction' || s.key === 'churn') && m[s.key] ? '−' : ''}
                          {format.money(m[s.key], r.currency)}
                        </DrillTd>
                      ))}
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
