import { BarChart } from '@mantine/charts';
import { SimpleGrid, Table } from '@mantine/core';
import type { DrillRef, MoneyPeriod } from '../../../../shared/contract/reports';
import { useFormat } from '../../app/format';
import { METHOD_LABELS } from '../billing/labels';
import { currencyColumn, moneyColumn, textColumn, type CsvColumn } from './csv';
import { Figure } from './Figure';
import type { ReportViewProps } from './ReportsPage';
import { DrillTd, FigureGrid, HeadRow, TableSection } from './ReportTable';
import { bucketEnd, ChartBox, NumTd, ReportState, Section, useCsvExport, useReport } from './shared';
import classes from './reports.module.css';

const methodLabel = (m: string) => METHOD_LABELS[m as keyof typeof METHOD_LABELS] ?? m;

/** The money of each period, with the records a figure drills into: one list for table and CSV. */
const PERIOD_MONEY = [
  { key: 'invoiced', label: 'Invoiced', kind: 'invoices' },
  { key: 'credited', label: 'Credit notes', kind: 'creditNotes' },
  { key: 'collected', label: 'Collected', kind: 'payments' },
  { key: 'refunded', label: 'Refunds', kind: 'refunds' },
] as const satisfies ReadonlyArray<{ key: keyof MoneyPeriod; label: string; kind: DrillRef['kind'] }>;

const PERIOD_CSV: Array<CsvColumn<MoneyPeriod>> = [
  textColumn('Period start', (p) => p.start),
  ...PERIOD_MONEY.map((c) => moneyColumn<MoneyPeriod>(c.label, (p) => p[c.key])),
  moneyColumn('Net', (p) => p.net),
  currencyColumn,
];

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

  useCsvExport(setExport, r, `revenue-${params.from}-${params.to}.csv`, (r) => r.periods, PERIOD_CSV);

  return (
    <ReportState query={report}>
      {(r) => (
        <>
          <FigureGrid cols={5}>
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
          </FigureGrid>
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
                <HeadRow columns={['Period', ...PERIOD_MONEY.map((c) => c.label), 'Net']} />
                <Table.Tbody>
                  {r.periods.map((p) => {
                    const from = p.start < params.from ? params.from : p.start;
                    const to = bucketEnd(p.start, params.groupBy, params.to);
                    return (
                      <Table.Tr key={p.start}>
                        <Table.Td>{periodLabel(p.start)}</Table.Td>
                        {PERIOD_MONEY.map((c) => (
                          <DrillTd
                            key={c.key}
                            label={`${c.label} in ${periodLabel(p.start)}: show the records`}
                            onClick={
                              p[c.key]
                                ? () =>
                                    drill(`${c.label}, ${periodLabel(p.start)}`, moneyRef(c.kind, from, to))
                                : undefined
                            }
                          >
                            {format.money(p[c.key], r.currency)}
                          </DrillTd>
                        ))}
                        <NumTd>{format.money(p.net, r.currency)}</NumTd>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </div>
          </Section>
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
            <TableSection
              title="By plan"
              label="Revenue by plan"
              columns={['Plan', 'Invoiced', 'Collected', 'Refunds']}
              isEmpty={r.byPlan.length === 0}
              empty="Nothing invoiced or collected in this range."
            >
              {r.byPlan.map((p) => (
                <Table.Tr key={p.planId ?? 0}>
                  <Table.Td>{p.name}</Table.Td>
                  <NumTd>{format.money(p.invoiced, r.currency)}</NumTd>
                  <NumTd>{format.money(p.collected, r.currency)}</NumTd>
                  <NumTd>{format.money(p.refunded, r.currency)}</NumTd>
                </Table.Tr>
              ))}
            </TableSection>
            <TableSection
              title="By payment method"
              label="Revenue by payment method"
              columns={['Method', 'Payments', 'Collected', 'Refunds']}
              isEmpty={r.byMethod.length === 0}
              empty="No payments in this range."
            >
              {r.byMethod.map((m) => (
                <Table.Tr key={m.method}>
                  <Table.Td>{methodLabel(m.method)}</Table.Td>
                  <NumTd>{format.number(m.payments)}</NumTd>
                  <DrillTd
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
                  </DrillTd>
                  <NumTd>{format.money(m.refunded, r.currency)}</NumTd>
                </Table.Tr>
              ))}
            </TableSection>
          </SimpleGrid>
        </>
      )}
    </ReportState>
  );
}

function monthLabelOf(start: string, locale: string) {
  const [y, m] = start.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, 1)),
  );
}
