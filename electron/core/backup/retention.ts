import { dateInZone } from '../../../shared/dates';

/** The retention ladder of DESIGN §13. */
export const LADDER = { recent: 6, daily: 7, weekly: 4, monthly: 12 } as const;
export const MAX_KEPT = LADDER.recent + LADDER.daily + LADDER.weekly + LADDER.monthly;

/** Monday-based ISO week of a calendar date, e.g. `2026-W09`. */
function isoWeek(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const weekday = d.getUTCDay() || 7; // Monday 1 … Sunday 7
  d.setUTCDate(d.getUTCDate() + 4 - weekday); // the week's Thursday decides its year
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/**
 * Which backups to keep (the rest may go), as restic's `forget` reads a ladder: the newest 6; then for
 * each of the last 7 days that have backups, that day's newest; likewise the last 4 weeks and the last
 * 12 months. Days are the business's days. The newest backup is always kept, and nothing else is
 * consulted, so the answer only depends on the list.
 */
export function backupsToKeep<T extends { createdAt: string }>(backups: T[], timeZone = 'UTC'): Set<T> {
  const newestFirst = [...backups].sort((a, b) =>
    a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0,
  );
  const keep = new Set<T>(newestFirst.slice(0, LADDER.recent));
  const rung = (limit: number, bucket: (date: string) => string) => {
    const seen = new Set<string>();
    for (const b of newestFirst) {
      const key = bucket(dateInZone(new Date(b.createdAt), timeZone));
      if (seen.has(key)) continue;
      if (seen.size >= limit) break;
      seen.add(key);
      keep.add(b);
    }
  };
  rung(LADDER.daily, (d) => d);
  rung(LADDER.weekly, isoWeek);
  rung(LADDER.monthly, (d) => d.slice(0, 7));
  return keep;
}

export { isoWeek as isoWeekOf };
