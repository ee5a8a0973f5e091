import { Table, Text } from '@mantine/core';
import { useFormat } from '../../app/format';
import { currencyColumn, moneyColumn, percentColumn, textColumn, type CsvColumn } from './csv';
import type { TaxRow } from '../../../../shared/contract/reports';
import { Figure } from './Figure';
import type { ReportViewProps } from './ReportsPage';
import { DrillTd, FigureGrid } from './ReportTable';
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

const TAX_CSV: Array<CsvColumn<TaxRow>> = [
  textColumn('Month', (x) => x.month),
  textColumn('Tax rate', (x) => x.name),
  percentColumn('Rate %', (x) => x.rateBps),
  moneyColumn('Taxable', (x) => x.taxable),
  moneyColumn('Tax', (x) => x.tax),
  moneyColumn('Credited taxable', (x) => x.creditedTaxable),
  moneyColumn('Credited tax', (x) => x.creditedTax),
  moneyColumn('Net taxable', (x) => x.netTaxable),
  moneyColumn('Net tax', (x) => x.netTax),
  currencyColumn,
];

export function TaxView({ params, drill, setExport }: ReportViewProps) {
  const format = useFormat();
  const report = useReport('reports.tax', { from: params.from, to: params.to }, params.to >= params.from);
  const r = report.data;
  useCsvExport(setExport, r, `tax-${params.from}-${params.to}.csv`, (r) => r.rows, TAX_CSV);
  return (
    <ReportState query={report}>
      {(r) => (
        <>
          <FigureGrid cols={4}>
            <Figure label="Taxable (net)" value={format.money(r.totals.netTaxable, r.currency)} />
            <Figure
              label="Tax (net)"
              value={format.money(r.totals.netTax, r.currency)}
              hint="Invoices − credit notes"
            />
            <Figure
              label="Tax on invoices"
              value={format.money(r.totals.tax, r.currency)}
              onDrill={() => drill('Invoices issued', { kind: 'invoices', from: params.from, to: params.to })}
            />
            <Figure
              label="Tax credited back"
              value={format.money(r.totals.creditedTax, r.currency)}
              onDrill={() => drill('Credit notes', { kind: 'creditNotes', from: params.from, to: params.to })}
            />
          </FigureGrid>
          <Section title="Per rate and month">
            {r.rows.length === 0 ? (
              <Text c="dimmed" fz="sm">
                Nothing was invoiced in this range.
              </Text>
            ) : (
              <div className={classes.tableWrap}>
                <Table striped highlightOnHover aria-label="Tax per rate and month">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Month</Table.Th>
                      <Table.Th>Rate</Table.Th>
                      <NumTh>Taxable</NumTh>
                      <NumTh>Tax</NumTh>
                      <NumTh>Credit notes</NumTh>
                      <NumTh>Net taxable</NumTh>
                      <NumTh>Net tax</NumTh>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {r.rows.map((x) => (
                      <Table.Tr key={`${x.month}-${x.taxRateId}-${x.rateBps}`}>
                        <Table.Td>{monthLabel(x.month, format.locale)}</Table.Td>
                        <Table.Td>
                          {x.name} {x.rateBps ? `(${format.percent(x.rateBps)})` : ''}
                        </Table.Td>
                        <DrillTd
                          label={`Invoices of ${monthLabel(x.month, format.locale)}: show them`}
                          onClick={() =>
                            drill(`Invoices, ${monthLabel(x.month, format.locale)}`, {
                              kind: 'invoices',
                              ...clamp(monthRange(x.month), params),
                            })
                          }
                        >
                          {format.money(x.taxable, r.currency)}
                        </DrillTd>
                        <NumTd>{format.money(x.tax, r.currency)}</NumTd>
                        <NumTd>
                          {x.creditedTax || x.creditedTaxable
                            ? `−${format.money(x.creditedTaxable + x.creditedTax, r.currency)}`
                            : '—'}
                        </NumTd>
                        <NumTd>{format.money(x.netTaxable, r.currency)}</NumTd>
                        <NumTd>{format.money(x.netTax, r.currency)}</NumTd>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                  <Table.Tfoot>
                    <Table.Tr>
                      <Table.Th colSpan={2}>Total</Table.Th>
                      <NumTh>{format.money(r.totals.taxable, r.currency)}</NumTh>
                      <NumTh>{format.money(r.totals.tax, r.currency)}</NumTh>
                      <NumTh>
                        −{format.money(r.totals.creditedTaxable + r.totals.creditedTax, r.currency)}
                      </NumTh>
                      <NumTh>{format.money(r.totals.netTaxable, r.currency)}</NumTh>
                      <NumTh>{format.money(r.totals.netTax, r.currency)}</NumTh>
                    </Table.Tr>
                  </Table.Tfoot>
                </Table>
              </div>
            )}
          </Section>
        </>
      )}
    </ReportState>
  );
}

const clamp = (m: { from: string; to: string }, range: { from: string; to: string }) => ({
  from: m.from < range.from ? range.from : m.from,
  to: m.to > range.to ? range.to : m.to,
});
