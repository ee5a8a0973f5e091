import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { ReportPaymentMethod } from '../../../../shared/contract/reports';

export type Preset = 'thisMonth' | 'lastMonth' | 'quarter' | 'year' | 'last12' | 'custom';

export const PRESETS: Array<{ value: Preset; label: string }> = [
  { value: 'thisMonth', label: 'This month' },
  { value: 'lastMonth', label: 'Last month' },
  { value: 'quarter', label: 'This quarter' },
  { value: 'year', label: 'This year' },
  { value: 'last12', label: 'Last 12 months' },
  { value: 'custom', label: 'Custom range' },
];

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** A preset's days, counted from the business's today (never the computer's). */
export function presetRange(preset: Exclude<Preset, 'custom'>, today: string): { from: string; to: string } {
  const [y, m] = today.split('-').map(Number) as [number, number];
  switch (preset) {
    case 'thisMonth':
      return { from: `${y}-${pad(m)}-01`, to: today };
    case 'lastMonth': {
      const [py, pm] = m === 1 ? [y - 1, 12] : [y, m - 1];
      return { from: `${py}-${pad(pm)}-01`, to: `${py}-${pad(pm)}-${pad(lastDay(py, pm))}` };
    }
    case 'quarter': {
      const qm = Math.floor((m - 1) / 3) * 3 + 1;
      return { from: `${y}-${pad(qm)}-01`, to: today };
    }
    case 'year':
      return { from: `${y}-01-01`, to: today };
    case 'last12': {
      const [sy, sm] = m === 12 ? [y, 1] : [y - 1, m + 1];
      return { from: `${sy}-${pad(sm)}-01`, to: today };
    }
  }
}

export interface ReportParams {
  preset: Preset;
  from: string;
  to: string;
  planId: number | undefined;
  method: ReportPaymentMethod | undefined;
  operatorId: number | undefined;
  groupBy: 'day' | 'week' | 'month';
  set: (changes: Record<string, string | null>) => void;
}

/** The range and filters live in the address, so a report can be bookmarked and Back works. */
export function useReportParams(today: string, defaultPreset: Exclude<Preset, 'custom'>): ReportParams {
  const [params, setParams] = useSearchParams();
  const preset = (
    PRESETS.some((p) => p.value === params.get('range')) ? params.get('range') : defaultPreset
  ) as Preset;
  const range =
    preset === 'custom'
      ? { from: params.get('from') ?? today, to: params.get('to') ?? today }
      : presetRange(preset, today);
  const num = (k: string) => (params.get(k) ? Number(params.get(k)) : undefined);
  const set = useCallback(
    (changes: Record<string, string | null>) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(changes)) {
            if (v === null || v === '') next.delete(k);
            else next.set(k, v);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const group = params.get('group');
  return useMemo(
    () => ({
      preset,
      from: range.from,
      to: range.to,
      planId: num('plan'),
      method: (params.get('method') || undefined) as ReportPaymentMethod | undefined,
      operatorId: num('operator'),
      groupBy: group === 'day' || group === 'week' ? group : 'month',
      set,
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [preset, range.from, range.to, params, set, group],
  );
}
