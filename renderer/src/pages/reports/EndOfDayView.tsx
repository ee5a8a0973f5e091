import { useState } from 'react';
import { SimpleGrid, Table, Text } from '@mantine/core';
import { useFormat } from '../../app/format';
import { MoneyInput, parseMoneyField } from '../../components/MoneyInput';
import { METHOD_LABELS } from '../billing/labels';
import type { EndOfDayReport } from '../../../../shared/contract/reports';
import { currencyColumn, moneyColumn, textColumn, type CsvColumn } from './csv';
import { Figure } from './Figure';
import type { ReportViewProps } from './ReportsPage';
import { DrillTd, FigureGrid, TableSection } from './ReportTable';
import { NumTd, ReportState, Section, useCsvExport, useReport } from './shared';

const methodLabel = (m: string) => METHOD_LABELS[m as keyof typeof METHOD_LABELS] ?? m;

const METHOD_CSV: Array<CsvColumn<EndOfDayReport['byMethod'][number]>> = [
  textColumn('Method', (m) => methodLabel(m.method)),
  textColumn('Payments', (m) => m.payments),
  moneyColumn('Amount', (m) => m.amount),
  textColumn('Refunds', (m) => m.refunds),
  moneyColumn('Refunded', (m) => m.refunded),
  currencyColumn,
];

/** The Z report: usually one day (pick "Custom range" with the same day twice), or any range. */
export function EndOfDayView({ params, drill, setExport }: ReportViewProps) {
  const format = useFormat();
  const [openingText, setOpeningText] = useState('');
  const parsed = parseMoneyField(openingText, format.currency, 0);
  const opening = 'value' in parsed ? parsed.value : 0;
  const report = useReport(
    'reports.endOfDay',
    { from: params.from, to: params.to, operatorId: params.operatorId, openingCash: opening },
    params.to >= params.from,
  );
  const r = report.data;
  const ref = (method?: string) => ({
    kind: 'payments' as const,
    from: params.from,
    to: params.to,
    operatorId: params.operatorId,
    ...(method ? { method: method as never } : {}),
  });
  useCsvExport(setExport, r, `end-of-day-${params.from}-${params.to}.csv`, (r) => r.byMethod, METHOD_CSV);
  const days =
    params.from === params.to ? format.date(params.from) : format.dateRange(params.from, params.to);
  return (
    <ReportState query={report}>
      {(r) => (
        <>
          <Text fz="sm" c="dimmed">
            {days}
          </Text>
          <FigureGrid cols={4}>
            <Figure
              label="Taken"
              value={format.money(r.totals.amount, r.currency)}
              hint={`${format.number(r.totals.payments)} payment${r.totals.payments === 1 ? '' : 's'}`}
              onDrill={() => drill(`Payments, ${days}`, ref())}
            />
            <Figure
              label="Refunded"
              value={format.money(r.totals.refunded, r.currency)}
              hint={`${format.number(r.totals.refunds)} refund${r.totals.refunds === 1 ? '' : 's'}`}
              onDrill={() =>
                drill(`Refunds, ${days}`, {
                  kind: 'refunds',
                  from: params.from,
                  to: params.to,
                  operatorId: params.operatorId,
                })
              }
            />
            <Figure label="Net" value={format.money(r.totals.net, r.currency)} />
            <Figure
              label="Cash expected in the drawer"
              value={format.money(r.cash.expected, r.currency)}
              hint="Float + cash in − cash out"
            />
          </FigureGrid>
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
            <TableSection
              title="By payment method"
              label="Payments by method"
              columns={['Method', 'Payments', 'Amount', 'Refunded']}
              isEmpty={r.byMethod.length === 0}
              empty="No payments."
            >
              {r.byMethod.map((m) => (
                <Table.Tr key={m.method}>
                  <Table.Td>{methodLabel(m.method)}</Table.Td>
                  <NumTd>{format.number(m.payments)}</NumTd>
                  <DrillTd
                    label={`${methodLabel(m.method)} payments: show them`}
                    onClick={() => drill(`${methodLabel(m.method)} payments, ${days}`, ref(m.method))}
                  >
                    {format.money(m.amount, r.currency)}
                  </DrillTd>
                  <NumTd>{format.money(m.refunded, r.currency)}</NumTd>
                </Table.Tr>
              ))}
            </TableSection>
            <TableSection
              title="By operator"
              label="Payments by operator"
              columns={['Operator', 'Payments', 'Amount', 'Refunded']}
              isEmpty={r.byOperator.length === 0}
              empty="No payments."
            >
              {r.byOperator.map((o) => (
                <Table.Tr key={o.operatorId ?? 0}>
                  <Table.Td>{o.name}</Table.Td>
                  <NumTd>{format.number(o.payments)}</NumTd>
                  <NumTd>{format.money(o.amount, r.currency)}</NumTd>
                  <NumTd>{format.money(o.refunded, r.currency)}</NumTd>
                </Table.Tr>
              ))}
            </TableSection>
          </SimpleGrid>
          <Section title="Cash drawer">
            <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
              <MoneyInput
                label="Float at the start"
                value={openingText}
                onChange={setOpeningText}
                currency={r.currency}
                error={'error' in parsed ? parsed.error : undefined}
              />
              <Figure label="Cash in" value={format.money(r.cash.in, r.currency)} />
              <Figure label="Cash out" value={format.money(r.cash.out, r.currency)} />
              <Figure label="Expected" value={format.money(r.cash.expected, r.currency)} />
            </SimpleGrid>
          </Section>
        </>
      )}
    </ReportState>
  );
}
