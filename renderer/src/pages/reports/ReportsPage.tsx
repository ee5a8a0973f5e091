import { useState, type ReactNode } from 'react';
import {
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core';
import { IconFileSpreadsheet, IconPrinter } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Navigate, useNavigate, useParams } from 'react-router';
import type { DrillRef, ReportOptions } from '../../../../shared/contract/reports';
import { api } from '../../api';
import { Page } from '../../components/Page';
import { METHOD_LABELS } from '../billing/labels';
import { DrillDrawer } from './DrillDrawer';
import { EndOfDayView } from './EndOfDayView';
import { FailedPaymentsView } from './FailedPaymentsView';
import { MembersView } from './MembersView';
import { MrrView } from './MrrView';
import { PRESETS, useReportParams, type Preset, type ReportParams } from './params';
import { ReceivablesView } from './ReceivablesView';
import { RevenueView } from './RevenueView';
import { TaxView } from './TaxView';
import classes from './reports.module.css';

/** What a report view gets: the range and filters, a way to open a drill-down, and its CSV hook. */
export interface ReportViewProps {
  params: ReportParams;
  options: ReportOptions;
  drill: (title: string, ref: DrillRef) => void;
  /** The view registers how to export what it shows. */
  setExport: (fn: (() => void) | null) => void;
}

interface ReportDef {
  id: string;
  label: string;
  description: string;
  preset: Exclude<Preset, 'custom'>;
  filters: Array<'plan' | 'method' | 'operator' | 'group'>;
  view: (p: ReportViewProps) => ReactNode;
}

export const REPORTS: ReportDef[] = [
  {
    id: 'revenue',
    label: 'Revenue',
    description:
      'Invoiced and collected money, refunds and credit notes, by period, plan and payment method.',
    preset: 'last12',
    filters: ['plan', 'method', 'operator', 'group'],
    view: (p) => <RevenueView {...p} />,
  },
  {
    id: 'mrr',
    label: 'Recurring revenue',
    description:
      'Monthly recurring revenue and what moved it: new, expansion, contraction, churn, reactivation; for one plan, also moves from and to other plans.',
    preset: 'last12',
    filters: ['plan'],
    view: (p) => <MrrView {...p} />,
  },
  {
    id: 'members',
    label: 'Members',
    description: 'Live subscriptions by plan, customer churn and how each month’s new members stay.',
    preset: 'last12',
    filters: ['plan'],
    view: (p) => <MembersView {...p} />,
  },
  {
    id: 'failed',
    label: 'Failed payments',
    description: 'Declined card payments by reason, and how many were recovered.',
    preset: 'last12',
    filters: ['plan'],
    view: (p) => <FailedPaymentsView {...p} />,
  },
  {
    id: 'receivables',
    label: 'Receivables',
    description: 'What members owe, by how long it has been due.',
    preset: 'thisMonth',
    filters: ['plan'],
    view: (p) => <ReceivablesView {...p} />,
  },
  {
    id: 'tax',
    label: 'Tax',
    description: 'Taxable amounts and tax per rate and month, credit notes subtracted: what to file.',
    preset: 'quarter',
    filters: [],
    view: (p) => <TaxView {...p} />,
  },
  {
    id: 'day',
    label: 'End of day',
    description: 'Payments by method and operator, refunds and the cash that should be in the drawer.',
    preset: 'thisMonth',
    filters: ['operator'],
    view: (p) => <EndOfDayView {...p} />,
  },
];

export function ReportsPage() {
  const { report } = useParams();
  const options = useQuery({
    queryKey: ['reports', 'options'],
    queryFn: () => api.call('reports.options', {}),
  });
  const def = REPORTS.find((r) => r.id === report);
  if (!def) return <Navigate to="/reports/revenue" replace />;
  return (
    <Page title="Reports" description={def.description} maxWidth={1280}>
      <ReportTabs current={def.id} />
      {options.data ? (
        <Report key={def.id} def={def} options={options.data} />
      ) : options.isError ? (
        <Text c="red">{options.error.message}</Text>
      ) : (
        <Stack gap="md" aria-busy>
          <Skeleton height={40} />
          <Skeleton height={320} />
        </Stack>
      )}
    </Page>
  );
}

function ReportTabs({ current }: { current: string }) {
  const navigate = useNavigate();
  return (
    <Tabs value={current} onChange={(v) => v && void navigate(`/reports/${v}`)} className="no-print">
      <Tabs.List>
        {REPORTS.map((r) => (
          <Tabs.Tab key={r.id} value={r.id}>
            {r.label}
          </Tabs.Tab>
        ))}
      </Tabs.List>
    </Tabs>
  );
}

function Report({ def, options }: { def: ReportDef; options: ReportOptions }) {
  const params = useReportParams(options.today, def.preset);
  const [drill, setDrill] = useState<{ title: string; ref: DrillRef } | null>(null);
  const [exporter, setExporter] = useState<{ fn: (() => void) | null }>({ fn: null });
  return (
    <Stack gap="lg" className={classes.printable}>
      <Toolbar def={def} params={params} options={options} onExport={exporter.fn} />
      {def.view({
        params,
        options,
        drill: (title, ref) => setDrill({ title, ref }),
        setExport: (fn) => setExporter({ fn }),
      })}
      <DrillDrawer drill={drill} onClose={() => setDrill(null)} />
    </Stack>
  );
}

const RANGE_ERROR = (from: string, to: string) =>
  to < from ? 'The end date is before the start date' : null;

function Toolbar({
  def,
  params,
  options,
  onExport,
}: {
  def: ReportDef;
  params: ReportParams;
  options: ReportOptions;
  onExport: (() => void) | null;
}) {
  const has = (f: ReportDef['filters'][number]) => def.filters.includes(f);
  return (
    <Paper withBorder radius="md" p="sm" className="no-print">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label="Range"
          w={170}
          data={PRESETS}
          value={params.preset}
          allowDeselect={false}
          onChange={(v) =>
            params.set(
              v === 'custom'
                ? { range: 'custom', from: params.from, to: params.to }
                : { range: v, from: null, to: null },
            )
          }
        />
        {params.preset === 'custom' && (
          <>
            <TextInput
              type="date"
              label="From"
              w={160}
              value={params.from}
              onChange={(e) => params.set({ from: e.currentTarget.value })}
            />
            <TextInput
              type="date"
              label="To"
              w={160}
              value={params.to}
              error={RANGE_ERROR(params.from, params.to)}
              onChange={(e) => params.set({ to: e.currentTarget.value })}
            />
          </>
        )}
        {has('plan') && (
          <Select
            label="Plan"
            w={190}
            clearable
            placeholder="All plans"
            data={options.plans.map((p) => ({
              value: String(p.id),
              label: p.archived ? `${p.name} (archived)` : p.name,
            }))}
            value={params.planId ? String(params.planId) : null}
            onChange={(v) => params.set({ plan: v })}
          />
        )}
        {has('method') && (
          <Select
            label="Payment method"
            w={170}
            clearable
            placeholder="All methods"
            data={Object.entries(METHOD_LABELS).map(([value, label]) => ({ value, label }))}
            value={params.method ?? null}
            onChange={(v) => params.set({ method: v })}
          />
        )}
        {has('operator') && (
          <Select
            label="Operator"
            w={180}
            clearable
            placeholder="Everyone"
            data={options.operators.map((o) => ({ value: String(o.id), label: o.name }))}
            value={params.operatorId ? String(params.operatorId) : null}
            onChange={(v) => params.set({ operator: v })}
          />
        )}
        {has('group') && (
          <SegmentedControl
            aria-label="Group by"
            data={[
              { value: 'day', label: 'Day' },
              { value: 'week', label: 'Week' },
              { value: 'month', label: 'Month' },
            ]}
            value={params.groupBy}
            onChange={(v) => params.set({ group: v === 'month' ? null : v })}
          />
        )}
        <Group gap="xs" ml="auto">
          <Button
            variant="default"
            leftSection={<IconFileSpreadsheet size={16} />}
            disabled={!onExport}
            onClick={() => onExport?.()}
          >
            Export CSV
          </Button>
          <Button variant="default" leftSection={<IconPrinter size={16} />} onClick={() => window.print()}>
            Print
          </Button>
        </Group>
      </Group>
    </Paper>
  );
}
