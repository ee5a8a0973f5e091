import { BarChart } from '@mantine/charts';
import { SimpleGrid, Table, Text } from '@mantine/core';
import type { DrillRef } from '../../../../shared/contract/reports';
import { useFormat } from '../../app/format';
import { METHOD_LABELS } from '../billing/labels';
import { exportCsv, major } from './csv';
import { Figure } from './Figure';
import type { ReportViewProps } from './ReportsPage';
import {
  bucketEnd,
  ChartBox,
  DrillCell,
  NumTd,
  NumTh,
  ReportState,
  Section,
  useExport,
  useReport,
} from './shared';
import classes from './reports.module.css';

const methodLabel = (m: string) => METHOD_LABELS[m as keyof typeof METHOD_LABELS] ?? m;

export function RevenueView({ params, drill, setExport }: ReportViewProps) {
  const format = useFormat();
  const filters = { planId: params.planId, method: params.method, operatorId: params.operatorId };
  const input = { from: params.from, to: params.to, groupBy: params.groupBy, ...filters };
  const report = useReport('reports.revenue', input, params.to >= params.from);
  const r = report.data;
  const periodLabel = (start: string) =>
    params.groupBy === 'month' ? monthLabelOf(start, format.locale) : format.date(start);
  const range = (from: string, to: string) => ({ from, to, planId: params.planId });
  const moneyRef = (kind: DrillRef['kind'], from: string, to: string): DrillRef =>
    kind === 'payments' || kind === 'refunds'
      ? { kind, ...range(from, to), method: params.method, operatorId: params.operatorId }
      : { kind, ...range(from, to) };

  useExport(
    setExport,
    r
      ? () =>
          exportCsv(
            `revenue-${params.from}-${params.to}.csv`,
            ['Period start', 'Invoiced', 'Credit notes', 'Collected', 'Refunds', 'Net', 'Currency'],
            r.periods.map((p) => [
              p.start,
              major(p.invoiced, r.currency),
              major(p.credited, r.currency),
              major(p.collected, r.currency),
              major(p.refunded, r.currency),
              major(p.net, r.currency),
              r.currency,
            ]),
          )
      : null,
    [r],
  );

  return (
    <ReportState query={report}>
      {() =>
        r && (
          <>
            <SimpleGrid cols={{ base: 2, md: 5 }} spacing="md">
              <Figure
                label="Invoiced"
                value={format.money(r.totals.invoiced, r.currency)}
                onDrill={() => drill('Invoices issued', moneyRef('invoices', params.from, params.to))}
              />
              <Figure
                label="Credit notes"
                value={format.money(r.totals.credited, r.currency)}
                onDrill={() => drill('Credit notes', moneyRef('creditNotes', params.from, params.to))}
              />
              <Figure
                label="Collected"
                value={format.money(r.totals.collected, r.currency)}
                onDrill={() => drill('Payments received', moneyRef('payments', params.from, params.to))}
              />
              <Figure
                label="Refunds"
                value={format.money(r.totals.refunded, r.currency)}
                onDrill={() => drill('Refunds', moneyRef('refunds', params.from, params.to))}
              />
              <Figure
                label="Net collected"
                value={format.money(r.totals.net, r.currency)}
                hint="Collected − refunds"
              />
            </SimpleGrid>
            <Section title="Invoiced and collected">
              <ChartBox
                label={`Bar chart of money invoiced, collected and refunded per ${params.groupBy}; the table below has the same figures.`}
              >
                <BarChart
                  h={300}
                  data={r.periods.map((p) => ({ ...p, label: periodLabel(p.start) }))}
                  dataKey="label"
                  series={[
                    { name: 'invoiced', label: 'Invoiced', color: 'indigo.5' },
                    { name: 'collected', label: 'Collected', color: 'teal.5' },
                    { name: 'refunded', label: 'Refunds', color: 'red.5' },
                  ]}
                  withLegend
                  valueFormatter={(v) => format.money(v, r.currency)}
                  yAxisProps={{ width: 90 }}
                  tickLine="y"
                />
              </ChartBox>
              <div className={classes.tableWrap}>
                <Table striped highlightOnHover aria-label="Revenue by period">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Period</Table.Th>
                      <NumTh>Invoiced</NumTh>
                      <NumTh>Credit notes</NumTh>
                      <NumTh>Collected</NumTh>
                      <NumTh>Refunds</NumTh>
                      <NumTh>Net</NumTh>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {r.periods.map((p) => {
                      const from = p.start < params.from ? params.from : p.start;
                      const to = bucketEnd(p.start, params.groupBy, params.to);
                      const cell = (kind: DrillRef['kind'], value: number, what: string) => (
                        <NumTd>
                          <DrillCell
                            label={`${what} in ${periodLabel(p.start)}: show the records`}
                            onClick={
                              value
                                ? () => drill(`${what}, ${periodLabel(p.start)}`, moneyRef(kind, from, to))
                                : undefined
                            }
                          >
                            {format.money(value, r.currency)}
                          </DrillCell>
                        </NumTd>
                      );
                      return (
                        <Table.Tr key={p.start}>
                          <Table.Td>{periodLabel(p.start)}</Table.Td>
                          {cell('invoices', p.invoiced, 'Invoiced')}
                          {cell('creditNotes', p.credited, 'Credit notes')}
                          {cell('payments', p.collected, 'Collected')}
                          {cell('refunds', p.refunded, 'Refunds')}
                          <NumTd>{format.money(p.net, r.currency)}</NumTd>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </div>
            </Section>
            <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
              <Section title="By plan">
                {r.byPlan.length === 0 ? (
                  <Text c="dimmed" fz="sm">
                    Nothing invoiced or collected in this range.
                  </Text>
                ) : (
                  <Table aria-label="Revenue by plan">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Plan</Table.Th>
                        <NumTh>Invoiced</NumTh>
                        <NumTh>Collected</NumTh>
                        <NumTh>Refunds</NumTh>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {r.byPlan.map((p) => (
                        <Table.Tr key={p.planId ?? 0}>
                          <Table.Td>{p.name}</Table.Td>
                          <NumTd>{format.money(p.invoiced, r.currency)}</NumTd>
                          <NumTd>{format.money(p.collected, r.currency)}</NumTd>
                          <NumTd>{format.money(p.refunded, r.currency)}</NumTd>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                )}
              </Section>
              <Section title="By payment method">
                {r.byMethod.length === 0 ? (
                  <Text c="dimmed" fz="sm">
                    No payments in this range.
                  </Text>
                ) : (
                  <Table aria-label="Revenue by payment method">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Method</Table.Th>
                        <NumTh>Payments</NumTh>
                        <NumTh>Collected</NumTh>
                        <NumTh>Refunds</NumTh>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {r.byMethod.map((m) => (
                        <Table.Tr key={m.method}>
                          <Table.Td>{methodLabel(m.method)}</Table.Td>
                          <NumTd>{format.number(m.payments)}</NumTd>
                          <NumTd>
                            <DrillCell
                              label={`${methodLabel(m.method)} payments: show the records`}
                              onClick={() =>
                                drill(`${methodLabel(m.method)} payments`, {
                                  kind: 'payments',
                                  from: params.from,
                                  to: params.to,
                                  planId: params.planId,
                                  operatorId: params.operatorId,
                                  method: m.method as never,
                                })
                              }
                            >
                              {format.money(m.collected, r.currency)}
                            </DrillCell>
                          </NumTd>
                          <NumTd>{format.money(m.refunded, r.currency)}</NumTd>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                )}
              </Section>
            </SimpleGrid>
          </>
        )
      }
    </ReportState>
  );
}

function monthLabelOf(start: string, locale: string) {
  const [y, m] = start.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, 1)),
  );
}
