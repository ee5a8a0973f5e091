import { BarChart } from '@mantine/charts';
import { Anchor, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { api } from '../../api';
import { useFormat } from '../../app/format';
import type { ReceivablesReport } from '../../../../shared/contract/reports';
import { currencyColumn, exportRows, moneyColumn, textColumn, type CsvColumn } from './csv';
import { Figure } from './Figure';
import type { ReportViewProps } from './ReportsPage';
import { ChartSection, FigureGrid } from './ReportTable';
import { NumTd, NumTh, ReportState, Section, useExport, useReport } from './shared';
import classes from './reports.module.css';

const BUCKETS = [
  { key: 'b0', label: '0–29 days', color: 'teal.5' },
  { key: 'b30', label: '30–59 days', color: 'yellow.5' },
  { key: 'b60', label: '60–89 days', color: 'orange.5' },
  { key: 'b90', label: '90+ days', color: 'red.6' },
] as const;

type MemberRow = ReceivablesReport['members'][number];

const MEMBER_CSV: Array<CsvColumn<MemberRow>> = [
  textColumn('Member', (m) => m.name),
  textColumn('Invoices', (m) => m.invoices),
  ...BUCKETS.map((b) => moneyColumn<MemberRow>(b.label, (m) => m[b.key])),
  moneyColumn('Total', (m) => m.total),
  currencyColumn,
];

export function ReceivablesView({ params, drill, setExport }: ReportViewProps) {
  const format = useFormat();
  const report = useReport(
    'reports.receivables',
    { from: params.from, to: params.to, planId: params.planId },
    params.to >= params.from,
  );
  const r = report.data;
  useExport(
    setExport,
    r
      ? () =>
          // The page lists the members who owe most; the file has everyone.
          void api
            .call('reports.receivables', {
              from: params.from,
              to: params.to,
              planId: params.planId,
              limit: 100_000,
            })
            .then((all) => exportRows(`receivables-${all.asOf}.csv`, MEMBER_CSV, all.members, all.currency))
      : null,
    [r],
  );
  return (
    <ReportState query={report}>
      {(r) => (
        <>
          <Text fz="sm" c="dimmed">
            Owed on {format.date(r.asOf)}, aged from each invoice’s due date.
          </Text>
          <FigureGrid cols={5}>
            {BUCKETS.map((b) => (
              <Figure
                key={b.key}
                label={b.label}
                value={format.money(r.buckets[b.key], r.currency)}
                tone={b.key === 'b90' && r.buckets.b90 ? 'bad' : undefined}
                onDrill={() =>
                  drill(`Open invoices, ${b.label}`, {
                    kind: 'invoices',
                    from: params.from,
                    to: r.asOf,
                    planId: params.planId,
                    segment: b.key,
                  })
                }
              />
            ))}
            <Figure
              label="Total owed"
              value={format.money(r.buckets.total, r.currency)}
              hint={`${format.number(r.memberCount)} members`}
            />
          </FigureGrid>
          <ChartSection
            title="Age of what is owed"
            label="Bar chart of the money owed in each age bucket; the figures above give the same amounts."
          >
            <BarChart
              h={200}
              data={BUCKETS.map((b) => ({ bucket: b.label, owed: r.buckets[b.key] }))}
              dataKey="bucket"
              series={[{ name: 'owed', label: 'Owed', color: 'orange.5' }]}
              valueFormatter={(v) => format.money(v, r.currency)}
              yAxisProps={{ width: 90 }}
            />
          </ChartSection>
          <Section title="Per member">
            {r.members.length === 0 ? (
              <Text c="dimmed" fz="sm">
                Nobody owes anything. 🎉
              </Text>
            ) : (
              <div className={classes.tableWrap}>
                <Table striped highlightOnHover aria-label="What each member owes, by age">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Member</Table.Th>
                      <NumTh>Invoices</NumTh>
                      {BUCKETS.map((b) => (
                        <NumTh key={b.key}>{b.label}</NumTh>
                      ))}
                      <NumTh>Total</NumTh>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {r.members.map((m) => (
                      <Table.Tr key={m.memberId}>
                        <Table.Td>
                          <Anchor component={Link} to={`/members/${m.memberId}`} fz="sm">
                            {m.name}
                          </Anchor>
                        </Table.Td>
                        <NumTd>{format.number(m.invoices)}</NumTd>
                        {BUCKETS.map((b) => (
                          <NumTd key={b.key}>{m[b.key] ? format.money(m[b.key], r.currency) : '—'}</NumTd>
                        ))}
                        <NumTd>{format.money(m.total, r.currency)}</NumTd>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
                {r.memberCount > r.members.length && (
                  <Text fz="xs" c="dimmed" mt="xs">
                    The {format.number(r.members.length)} members who owe the most are shown; the CSV export
                    has all {format.number(r.memberCount)}.
                  </Text>
                )}
              </div>
            )}
          </Section>
        </>
      )}
    </ReportState>
  );
}
