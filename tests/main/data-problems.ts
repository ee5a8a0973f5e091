// The start-up problems the desktop shell is tested with (tests/main/data-problem.test.ts, index.test.ts).
import type { DataProblem } from '../../electron/core/backup/startup';

export const NEWEST_GOOD = {
  file: 'recur-2026-03-01T09-30-00-000Z-scheduled.sqlite',
  path: '/data/Recur/backups/recur-2026-03-01T09-30-00-000Z-scheduled.sqlite',
  createdAt: '2026-03-01T09:30:00.000Z',
};

export const DAMAGED: DataProblem = {
  kind: 'damaged',
  title: 'Recur’s data file is damaged',
  message: 'The database failed its start-up check.',
  newestGood: NEWEST_GOOD,
};

export const EMPTIED: DataProblem = {
  kind: 'missing',
  title: 'Recur’s data file is missing or empty',
  message: 'Its database is empty (0 bytes).',
  newestGood: null,
};

export const NEWER: DataProblem = {
  kind: 'newer',
  title: 'This data is from a newer Recur',
  message: 'Install the newer Recur.',
  newestGood: null,
};
