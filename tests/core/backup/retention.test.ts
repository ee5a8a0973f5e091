import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backupsToKeep, MAX_KEPT } from '../../../electron/core/backup/retention';

const at = (iso: string) => ({ createdAt: iso });
const kept = (list: Array<{ createdAt: string }>, zone = 'UTC') =>
  [...backupsToKeep(list, zone)].map((b) => b.createdAt).sort();

describe('the retention ladder: 6 recent, 7 daily, 4 weekly, 12 monthly', () => {
  it('keeps the 6 newest and one per day for the last 7 days with backups', () => {
    // Every 4 hours for 10 days, from 2026-03-01 00:00 to 2026-03-10 20:00 UTC.
    const list = Array.from({ length: 60 }, (_, i) =>
      at(new Date(Date.UTC(2026, 2, 1, 4 * i)).toISOString()),
    );
    const k = kept(list);
    // The 6 newest: the whole of March 10 (00:00 … 20:00).
    for (const h of ['00', '04', '08', '12', '16', '20']) expect(k).toContain(`2026-03-10T${h}:00:00.000Z`);
    // Daily: the newest of March 4 … 10 (the 10th's is already among the recent).
    for (const d of ['04', '05', '06', '07', '08', '09']) expect(k).toContain(`2026-03-${d}T20:00:00.000Z`);
    expect(k).not.toContain('2026-03-03T20:00:00.000Z');
    // Weekly (ISO weeks, Monday first): the newest of week 10 (Mar 2–8) is the 8th's, already kept;
    // week 9 ends on Sunday March 1, whose newest is 20:00.
    expect(k).toContain('2026-03-01T20:00:00.000Z');
    // Nothing else: 6 + 6 + 1 (week 9, which is also the only month-earlier backup: March = one month).
    expect(k).toHaveLength(13);
  });

  it('counts days in the business time zone', () => {
    // 03:00 UTC on March 2 is still March 1 in New York.
    const list = [at('2026-03-02T03:00:00.000Z'), at('2026-03-01T15:00:00.000Z')];
    const utc = [...backupsToKeep(list, 'UTC')];
    const ny = [...backupsToKeep(list, 'America/New_York')];
    expect(utc).toHaveLength(2);
    expect(ny).toHaveLength(2); // both within the 6 recent either way
    const many = Array.from({ length: 8 }, (_, i) => at(`2026-03-02T0${i}:10:00.000Z`)).concat(list);
    // In New York the 8 early-morning backups of March 2 (UTC) are March 1 evening: one day, so the
    // 15:00 backup of March 1 is not that day's newest and goes.
    expect(kept(many, 'America/New_York')).not.toContain('2026-03-01T15:00:00.000Z');
    expect(kept(many, 'UTC')).toContain('2026-03-01T15:00:00.000Z');
  });

  it('keeps one per month for a year of monthly backups, and drops the 13th month', () => {
    const list = Array.from({ length: 14 }, (_, i) => at(new Date(Date.UTC(2025, i, 15, 12)).toISOString()));
    const k = kept(list);
    expect(k).toHaveLength(12);
    expect(k).not.toContain('2025-01-15T12:00:00.000Z');
    expect(k).not.toContain('2025-02-15T12:00:00.000Z');
  });

  it('never keeps more than 29, always keeps the newest, keeps only what it was given', () => {
    const instant = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 0, 1) });
    fc.assert(
      fc.property(
        fc.uniqueArray(instant, { maxLength: 400 }),
        fc.constantFrom('UTC', 'Europe/Warsaw', 'Pacific/Auckland'),
        (times, zone) => {
          const list = times.map((t) => at(new Date(t).toISOString()));
          const keep = backupsToKeep(list, zone);
          expect(keep.size).toBeLessThanOrEqual(MAX_KEPT);
          if (list.length > 0) {
            const newest = list.reduce((a, b) => (a.createdAt > b.createdAt ? a : b));
            expect(keep.has(newest)).toBe(true);
          }
          for (const k of keep) expect(list).toContain(k);
          // Up to 6 backups are all kept.
          if (list.length <= 6) expect(keep.size).toBe(list.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});
