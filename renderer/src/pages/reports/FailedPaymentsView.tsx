import { DonutChart } from '@mantine/charts';
import { Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { FailedPaymentsReport } from '../../../../shared/contract/reports';
import { useFormat } from '../../app/format';
import { currencyColumn, moneyColumn, textColumn, type CsvColumn } from './csv';
import { Figure } from './Figure';
import type { ReportViewProps } from './ReportsPage';
import { DrillTd, FigureGrid, TableSection } from './ReportTable';
import { ChartBox, NumTd, ReportState, Section, useCsvExport, useReport } from './shared';

const REASON_CSV: Array<CsvColumn<FailedPaymentsReport['byReason'][number]>> = [
  textColumn('Decline code', (x) => x.code),
  textColumn('Reason', (x) => x.reason),
  textColumn('Attempts', (x) => x.attempts),
  moneyColumn('Amount', (x) => x.amount),
  currencyColumn,
];

export function FailedPaymentsView({ params, drill, setExport }: ReportViewProps) {
  const format = useFormat();
  const report = useReport(
    'reports.failedPayments',
    { from: params.from, to: params.to, planId: params.planId },
    params.to >= params.from,
  );
  const r = report.data;
  const base = { kind: 'failedPayments' as const, from: params.from, to: params.to, planId: params.planId };
  useCsvExport(
    setExport,
    r,
    `failed-payments-${params.from}-${params.to}.csv`,
    (r) => r.byReason,
    REASON_CSV,
  );
  return (
    <ReportState query={report}>
      {(r) => (
        <>
          <FigureGrid cols={4}>
            <Figure
              label="Recovery rate"
              value={r.recoveryRateBps === null ? '—' : format.percent(r.recoveryRateBps)}
              hint="Recovered ÷ (recovered + lost)"
            />
            <Figure
              label="Money recovered"
              value={format.money(r.recovered.amount, r.currency)}
              hint={`${format.number(r.recovered.invoices)} invoices paid after a decline`}
              onDrill={() => drill('Declines later recovered', { ...base, segment: 'recovered' })}
            />
            <Figure
              label="Lost"
              tone={r.lost.amount ? 'bad' : undefined}
              value={format.money(r.lost.amount, r.currency)}
              hint={`${format.number(r.lost.invoices)} invoices written off or voided`}
              onDrill={() => drill('Declines never recovered', { ...base, segment: 'lost' })}
            />
            <Figure
              label="Still being retried"
              value={format.money(r.pending.amount, r.currency)}
              hint={`${format.number(r.pending.invoices)} invoices open`}
              onDrill={() => drill('Declines still open', { ...base, segment: 'pending' })}
            />
          </FigureGrid>
          <SimpleGrid cols={{ base: 1, lg: 3 }} spacing="md">
            <Section title="Outcome">
              <Group justify="center">
                <ChartBox
                  label={`Donut chart: ${r.recovered.invoices} invoices recovered, ${r.lost.invoices} lost, ${r.pending.invoices} still open.`}
                >
                  <DonutChart
                    size={170}
                    thickness={26}
                    withLabelsLine={false}
                    data={[
                      { name: 'Recovered', value: r.recovered.invoices, color: 'teal.5' },
                      { name: 'Lost', value: r.lost.invoices, color: 'red.5' },
                      { name: 'Still open', value: r.pending.invoices, color: 'yellow.5' },
                    ]}
                    tooltipDataSource="segment"
                  />
                </ChartBox>
              </Group>
              <Stack gap={2}>
                {[
                  ['Recovered', r.recovered.invoices, 'teal'],
                  ['Lost', r.lost.invoices, 'red'],
                  ['Still open', r.pending.invoices, 'yellow'],
                ].map(([label, n, color]) => (
                  <Group key={label as string} justify="space-between">
                    <Text fz="sm" c={`${color as string}.7`}>
                      ● {label as string}
                    </Text>
                    <Text fz="sm">{format.number(n as number)}</Text>
                  </Group>
                ))}
              </Stack>
            </Section>
            <TableSection
              title="Declines by reason"
              label="Declined payments by reason"
              columns={['Reason', 'Attempts', 'Amount']}
              isEmpty={r.byReason.length === 0}
              empty="No declined payments in this range."
            >
              {r.byReason.map((x) => (
                <Table.Tr key={x.code}>
                  <Table.Td>
                    <Text fz="sm">{x.reason}</Text>
                    <Text fz="xs" c="dimmed">
                      {x.code.replace(/_/g, ' ')}
                    </Text>
                  </Table.Td>
                  <DrillTd
                    label={`${x.reason}: show the attempts`}
                    onClick={() => drill(x.reason, { ...base, reason: x.code })}
                  >
                    {format.number(x.attempts)}
                  </DrillTd>
                  <NumTd>{format.money(x.amount, r.currency)}</NumTd>
                </Table.Tr>
              ))}
            </TableSection>
          </SimpleGrid>
        </>
      )}
    </ReportState>
  );
}
