import type Database from 'better-sqlite3';
import { get } from './sql';
import { rebuildReportDays } from './summaries';

const FIRST = Date.UTC(1990, 0, 1);
const LAST = Date.UTC(2080, 0, 1);
const DAY = 86_400_000;

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes the zone's wall clock is ahead of UTC at an instant. */
export function offsetMinutes(ms: number, timeZone: string): number {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    partsFormatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!);
  return Math.round((wall - Math.floor(ms / 60_000) * 60_000) / 60_000);
}

/** Each instant from which the zone's offset changes (daylight saving), 1990–2080. */
export function zoneTransitions(timeZone: string): Array<{ fromUtc: string; offset: number }> {
  const out = [{ fromUtc: '0000-01-01T00:00:00.000Z', offset: offsetMinutes(FIRST, timeZone) }];
  let prev = out[0]!.offset;
  for (let t = FIRST; t < LAST; t += DAY) {
    const next = offsetMinutes(t + DAY, timeZone);
    if (next === prev) continue;
    // The change happened within this day: find its minute.
    let lo = t;
    let hi = t + DAY;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (offsetMinutes(mid, timeZone) === prev) lo = mid;
      else hi = mid;
    }
    out.push({ fromUtc: new Date(hi).toISOString(), offset: next });
    prev = next;
  }
  return out;
}

/**
 * Makes the report triggers count days in the business's zone: fills report_zone for `timeZone` and,
 * when the zone changed (or was never set), recounts the daily money summary in it. Cheap when
 * nothing changed (one row read), so report handlers call it before reading.
 */
export function syncReportZone(sqlite: Database.Database, timeZone: string): boolean {
  const current = get<{ value: string }>(sqlite, `SELECT value FROM report_state WHERE key = 'zone'`);
  if (current?.value === timeZone) return false;
  const rows = zoneTransitions(timeZone);
  sqlite.transaction(() => {
    sqlite.prepare('DELETE FROM report_zone').run();
    const insert = sqlite.prepare('INSERT INTO report_zone (from_utc, offset_minutes) VALUES (?, ?)');
    for (const r of rows) insert.run(r.fromUtc, r.offset);
    sqlite
      .prepare(
        `INSERT INTO report_state (key, value) VALUES ('zone', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      )
      .run(timeZone);
    rebuildReportDays(sqlite);
  })();
  return true;
}
