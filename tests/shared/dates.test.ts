import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dateInZone,
  formatDate,
  formatDateTime,
  isCalendarDate,
  isLocale,
  isTimeZone,
} from '../../shared/dates';

const at = (iso: string) => new Date(iso);

describe('isTimeZone and isLocale', () => {
  it('accepts IANA zones and refuses the rest', () => {
    for (const tz of ['UTC', 'America/New_York', 'Europe/London', 'Pacific/Kiritimati', 'Asia/Kolkata']) {
      expect(isTimeZone(tz), tz).toBe(true);
    }
    for (const tz of ['Mars/Olympus_Mons', 'America/Nowhere', '', 'GMT+25'])
      expect(isTimeZone(tz), tz).toBe(false);
  });

  it('accepts BCP 47 tags and refuses the rest', () => {
    for (const l of ['en-US', 'de-DE', 'fr', 'pt-BR', 'zh-Hant-TW']) expect(isLocale(l), l).toBe(true);
    for (const l of ['', 'en_US!', '123', 'a-b-c-d-e-f-g-h-i-j-k-l-m-n-o'])
      expect(isLocale(l), l).toBe(false);
  });
});

describe('isCalendarDate', () => {
  it.each(['2026-03-01', '2028-02-29', '2000-02-29', '2026-12-31', '2026-01-01', '1999-04-30'])(
    'accepts %s',
    (d) => {
      expect(isCalendarDate(d)).toBe(true);
    },
  );

  it.each([
    '2026-02-29', // not a leap year
    '1900-02-29', // divisible by 100, not by 400
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-1-1',
    '26-01-01',
    '2026-01-01T00:00:00Z',
    '2026/01/01',
    ' 2026-01-01',
    '',
  ])('rejects %j', (d) => {
    expect(isCalendarDate(d)).toBe(false);
  });

  it('property: every real day from 1000 to 9999 is accepted, the day after the month’s last is not', () => {
    fc.assert(
      fc.property(
        fc.date({ min: at('1000-01-01T00:00:00Z'), max: at('9999-12-30T00:00:00Z'), noInvalidDate: true }),
        (d) => {
          const iso = d.toISOString().slice(0, 10);
          expect(isCalendarDate(iso)).toBe(true);
          const [y, m] = iso.split('-').map(Number) as [number, number];
          const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
          expect(isCalendarDate(`${iso.slice(0, 8)}${String(lastDay + 1).padStart(2, '0')}`)).toBe(false);
        },
      ),
    );
  });
});

describe('dateInZone', () => {
  it('gives the date in the business’s zone, not in UTC', () => {
    expect(dateInZone(at('2026-03-02T03:00:00Z'), 'America/New_York')).toBe('2026-03-01');
    expect(dateInZone(at('2026-03-02T05:00:00Z'), 'America/New_York')).toBe('2026-03-02');
    expect(dateInZone(at('2026-03-02T03:00:00Z'), 'UTC')).toBe('2026-03-02');
  });

  it('moves the midnight boundary with daylight saving time (New York, March 8 and November 1, 2026)', () => {
    // EST (UTC−5) before the switch, EDT (UTC−4) after.
    expect(dateInZone(at('2026-03-08T04:59:59Z'), 'America/New_York')).toBe('2026-03-07');
    expect(dateInZone(at('2026-03-08T05:00:00Z'), 'America/New_York')).toBe('2026-03-08');
    expect(dateInZone(at('2026-03-09T03:59:59Z'), 'America/New_York')).toBe('2026-03-08');
    expect(dateInZone(at('2026-03-09T04:00:00Z'), 'America/New_York')).toBe('2026-03-09');
    // Back to EST: midnight of November 2 is at 05:00Z again.
    expect(dateInZone(at('2026-11-02T04:59:59Z'), 'America/New_York')).toBe('2026-11-01');
    expect(dateInZone(at('2026-11-02T05:00:00Z'), 'America/New_York')).toBe('2026-11-02');
  });

  it('handles Europe’s switch (London, March 29, 2026)', () => {
    expect(dateInZone(at('2026-03-28T23:59:59Z'), 'Europe/London')).toBe('2026-03-28');
    expect(dateInZone(at('2026-03-29T23:00:00Z'), 'Europe/London')).toBe('2026-03-30');
  });

  it('crosses the date line: the same instant is two different dates', () => {
    const instant = at('2026-03-01T11:30:00Z');
    expect(dateInZone(instant, 'Pacific/Kiritimati')).toBe('2026-03-02'); // UTC+14
    expect(dateInZone(instant, 'Pacific/Pago_Pago')).toBe('2026-03-01'); // UTC−11
    expect(dateInZone(at('2026-03-01T10:00:00Z'), 'Pacific/Kiritimati')).toBe('2026-03-02');
    expect(dateInZone(at('2026-03-01T09:59:59Z'), 'Pacific/Kiritimati')).toBe('2026-03-01');
  });

  it('handles half-hour zones (Kolkata, UTC+5:30)', () => {
    expect(dateInZone(at('2026-03-01T18:29:59Z'), 'Asia/Kolkata')).toBe('2026-03-01');
    expect(dateInZone(at('2026-03-01T18:30:00Z'), 'Asia/Kolkata')).toBe('2026-03-02');
  });

  it('property: always a calendar date, and UTC agrees with toISOString', () => {
    fc.assert(
      fc.property(
        fc.date({ min: at('1970-01-01T00:00:00Z'), max: at('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(
          'UTC',
          'America/New_York',
          'Pacific/Kiritimati',
          'Asia/Kolkata',
          'Australia/Lord_Howe',
        ),
        (d, tz) => {
          const day = dateInZone(d, tz);
          expect(isCalendarDate(day)).toBe(true);
          if (tz === 'UTC') expect(day).toBe(d.toISOString().slice(0, 10));
          // No zone is more than 14 hours from UTC.
          const utcDay = Date.parse(`${d.toISOString().slice(0, 10)}T00:00:00Z`);
          expect(Math.abs(Date.parse(`${day}T00:00:00Z`) - utcDay)).toBeLessThanOrEqual(86_400_000);
        },
      ),
    );
  });
});

describe('formatDate and formatDateTime', () => {
  it('formats a calendar date for people, without shifting it by the host’s zone', () => {
    expect(formatDate('2026-03-01', 'en-US')).toBe('Mar 1, 2026');
    expect(formatDate('2026-12-31', 'en-US')).toBe('Dec 31, 2026');
    expect(formatDate('2026-03-01', 'de-DE')).toBe('01.03.2026');
    expect(formatDate('2026-03-01', 'en-GB')).toBe('1 Mar 2026');
  });

  it('formats an instant in the given zone', () => {
    expect(formatDateTime('2026-03-02T03:05:00Z', 'en-US', 'America/New_York').replace(/\u202f/g, ' ')).toBe(
      'Mar 1, 2026, 10:05 PM',
    );
    expect(formatDateTime('2026-03-02T03:05:00Z', 'en-GB', 'UTC')).toBe('2 Mar 2026, 03:05');
  });
});
