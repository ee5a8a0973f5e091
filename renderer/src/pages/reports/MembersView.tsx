import { BarChart } from '@mantine/charts';
import { SimpleGrid, Table, Text } from '@mantine/core';
import type { MembersReport } from '../../../../shared/contract/reports';
import { useFormat } from '../../app/format';
import { percentColumn, textColumn, type CsvColumn } from './csv';
import { Figure } from './Figure';
import type { ReportViewProps } from './ReportsPage';
import {
  ChartSection,
  FigureGrid,
  HeadRow,
  MonthMoveCells,
  TableSection,
  type MonthMove,
} from './ReportTable';
import { DrillCell, monthLabel, NumTd, NumTh, ReportState, Section, useCsvExport, useReport } from './shared';
import classes from './reports.module.css';

type MonthRow = MembersReport['months'][number];
type MoveKey = 'new' | 'reactivated' | 'movedIn' | 'churned' | 'movedOut';

/** How paying members moved in a month: one list for the chart, the table and the CSV. */
const MOVES: Array<MonthMove<MoveKey> & { color: string }> = [
  { key: 'new', label: 'New', segment: 'new', color: 'teal.5' },
  { key: 'reactivated', label: 'Came back', segment: 'reactivated', color: 'grape.5' },
  { key: 'movedIn', label: 'Moved in', segment: 'movedIn', color: 'cyan.5' },
  { key: 'churned', label: 'Left', segment: 'churned', color: 'red.5' },
  { key: 'movedOut', label: 'Moved out', segment: 'movedOut', color: 'yellow.6' },
];

/** The oldest cohort has the most months behind it: the table is that wide. */
const cohortWidth = (cohorts: Array<{ retained: unknown[] }>) =>
  cohorts.reduce((most, c) => Math.max(most, c.retained.length), 0);

/** Switches between plans exist only in one plan's view; without a plan filter they are always zero. */
const PLAN_MOVES = new Set<MoveKey>(['movedIn', 'movedOut']);
const LOSSES = new Set<MoveKey>(['churned', 'movedOut']);

/** Every movement, switches included, so the columns stay the same with or without a plan. */
const MONTH_CSV: Array<CsvColumn<MonthRow>> = [
  textColumn('Month', (m) => m.month),
  textColumn('Paying at start', (m) => m.customersStart),
  ...MOVES.map((s) => textColumn<MonthRow>(s.label, (m) => m[s.key])),
  textColumn('Paying at end', (m) => m.customersEnd),
  percentColumn('Churn rate %', (m) => m.churnRateBps),
];

export function MembersView({ params, drill, setExport }: ReportViewProps) {
  const format = useFormat();
  const report = useReport(
    'reports.members',
    { from: params.from, to: params.to, planId: params.planId },
    params.to >= params.from,
  );
  const r = report.data;
  const pct = (bps: number) => format.percent(bps);
  const onPlan = params.planId !== undefined;
  const moves = onPlan ? MOVES : MOVES.filter((s) => !PLAN_MOVES.has(s.key));
  useCsvExport(setExport, r, `members-${params.from}-${params.to}.csv`, (r) => r.months, MONTH_CSV);
  return (
    <ReportState query={report}>
      {(r) => (
        <>
          <FigureGrid cols={5}>
            <Figure
              label="Active"
              value={format.number(r.totals.active + r.totals.pastDue)}
              hint={r.totals.pastDue ? `${format.number(r.totals.pastDue)} past due` : 'subscriptions now'}
              onDrill={() =>
                drill('Live subscriptions', {
                  kind: 'members',
                  from: params.from,
                  to: params.to,
                  planId: params.planId,
                })
              }
            />
            <Figure label="In trial" value={format.number(r.totals.trialing)} />
            <Figure label="Paused" value={format.number(r.totals.paused)} />
            <Figure
              label="Churned in range"
              value={format.number(r.months.reduce((s, m) => s + m.churned, 0))}
              hint={
                onPlan
                  ? `${format.number(r.months.reduce((s, m) => s + m.movedOut, 0))} moved to other plans`
                  : undefined
              }
              onDrill={() =>
                drill('Members who left', {
                  kind: 'members',
                  from: params.from,
                  to: params.to,
                  planId: params.planId,
                  segment: 'churned',
                })
              }
            />
            <Figure
              label="Customer churn rate"
              value={pct(r.churnRateBps)}
              hint={
                onPlan ? 'Left ÷ (paying at start + new + moved in)' : 'Churned ÷ (paying at start + new)'
              }
            />
          </FigureGrid>
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
            <ChartSection
              title="Joined and left, by month"
              label="Bar chart of members gained and lost per month; the table below has the same figures."
            >
              <BarChart
                h={260}
                data={r.months.map((m) => ({
                  month: monthLabel(m.month, format.locale),
                  ...Object.fromEntries(moves.map((s) => [s.key, LOSSES.has(s.key) ? -m[s.key] : m[s.key]])),
                }))}
                dataKey="month"
                type="stacked"
                series={moves.map((s) => ({ name: s.key, label: s.label, color: s.color }))}
                withLegend
                valueFormatter={(v) => format.number(v)}
              />
            </ChartSection>
            <TableSection
              title="Live subscriptions by plan"
              label="Live subscriptions by plan"
              columns={['Plan', 'Active', 'Trial', 'Past due', 'Paused']}
              isEmpty={r.byPlan.length === 0}
              empty="No live subscriptions."
            >
              {r.byPlan.map((p) => (
                <Table.Tr key={p.planId}>
                  <Table.Td>
                    <DrillCell
                      label={`${p.name}: show the members`}
                      onClick={() =>
                        drill(`${p.name}: live subscriptions`, {
                          kind: 'members',
                          from: params.from,
                          to: params.to,
                          planId: p.planId,
                        })
                      }
                    >
                      <span style={{ textAlign: 'left', display: 'block' }}>{p.name}</span>
                    </DrillCell>
                  </Table.Td>
                  <NumTd>{format.number(p.active)}</NumTd>
                  <NumTd>{format.number(p.trialing)}</NumTd>
                  <NumTd>{format.number(p.pastDue)}</NumTd>
                  <NumTd>{format.number(p.paused)}</NumTd>
                </Table.Tr>
              ))}
            </TableSection>
          </SimpleGrid>
          <Section title="Churn by month">
            <div className={classes.tableWrap}>
              <Table striped aria-label="Customer churn by month">
                <HeadRow
                  columns={[
                    'Month',
                    'Paying at start',
                    ...moves.map((s) => s.label),
                    'Paying at end',
                    'Churn rate',
                  ]}
                />
                <Table.Tbody>
                  {r.months.map((m) => (
                    <Table.Tr key={m.month}>
                      <Table.Td>{monthLabel(m.month, format.locale)}</Table.Td>
                      <NumTd>{format.number(m.customersStart)}</NumTd>
                      <MonthMoveCells
                        month={m.month}
                        moves={moves}
                        figures={m}
                        show={(_, n) => format.number(n)}
                        drill={drill}
                        locale={format.locale}
                        planId={params.planId}
                      />
                      <NumTd>{format.number(m.customersEnd)}</NumTd>
                      <NumTd>{pct(m.churnRateBps)}</NumTd>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
          </Section>
          <Section title="Retention by the month members joined">
            <Text fz="xs" c="dimmed">
              Each row is the members whose first paid month it was; each column, how many still paid that
              many months later.
            </Text>
            {onPlan && (
              <Text fz="xs" c="dimmed" fw={600}>
                This table covers all plans: the plan filter does not apply to it.
              </Text>
            )}
            <div className={classes.tableWrap}>
              <Table aria-label="Retention cohorts" withColumnBorders>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Joined</Table.Th>
                    <NumTh>Members</NumTh>
                    {Array.from({ length: cohortWidth(r.cohorts) }, (_, i) => (
                      <NumTh key={i}>{i === 0 ? 'Month 0' : `+${i}`}</NumTh>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {r.cohorts.map((c) => (
                    <Table.Tr key={c.month}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {monthLabel(c.month, format.locale)}
                      </Table.Td>
                      <NumTd>{format.number(c.size)}</NumTd>
                      {c.retained.map((n, i) => {
                        const share = c.size ? n / c.size : 0;
                        return (
                          <Table.Td
                            key={i}
                            ta="right"
                            title={`${format.number(n)} of ${format.number(c.size)}`}
                            style={{
                              background: `color-mix(in srgb, var(--mantine-color-teal-6) ${Math.round(share * 55)}%, transparent)`,
                              fontVariantNumeric: 'tabular-nums',
                            }}
                          >
                            {c.size ? format.percent(Math.round(share * 10_000)) : '—'}
                          </Table.Td>
                        );
                      })}
                      {/* Months a younger cohort has not reached yet: empty cells keep the grid whole. */}
                      {Array.from({ length: cohortWidth(r.cohorts) - c.retained.length }, (_, i) => (
                        <Table.Td key={`later-${i}`} aria-hidden />
                      ))}
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
