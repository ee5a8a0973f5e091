import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The scheduler's recent runs, for Settings → System: when, why, and what each job did. Kept short
 * (the newest few hundred); this is a status board, not a history.
 */
export const schedulerRuns = sqliteTable(
  'scheduler_runs',
  {
    id: integer('id').primaryKey(),
    /** What started it: start-up, resume, every 15 minutes, midnight, nudge, polling, test clock. */
    trigger: text('trigger').notNull(),
    startedAt: text('started_at').notNull(),
    finishedAt: text('finished_at'),
    /** Items done in total (sum of the jobs' counts). */
    done: integer('done').notNull().default(0),
    /** JSON array of {name, done, ms, error?} in job order. */
    jobs: text('jobs').notNull().default('[]'),
    errors: integer('errors').notNull().default(0),
  },
  (t) => [index('scheduler_runs_started_idx').on(t.startedAt)],
);
