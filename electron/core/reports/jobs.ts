import type { DueJob } from '../scheduler';
import { getSettings } from '../settings/repo';
import { syncReportZone } from './zone';

/**
 * The report triggers count days in the zone stored in report_zone; the scheduler's first run (at
 * start-up, and after setup) fills it, and recounts the days if the business moved zone.
 */
export const reportJobs: DueJob[] = [
  {
    name: 'report days in the business zone',
    run: (ctx) => (syncReportZone(ctx.ports.database.sqlite, getSettings(ctx.db).timeZone) ? 1 : 0),
  },
];
