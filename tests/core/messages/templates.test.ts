import { afterEach, describe, expect, it } from 'vitest';
import { templateProblems, fillTemplate } from '../../../shared/message-topics';
import { countryCodeOf, toE164 } from '../../../shared/phone';
import { smsSegments } from '../../../shared/sms-segments';
import { quietEndAt } from '../../../electron/core/messages/quiet-hours';
import { billingFixture, type BillingFixture } from '../../support/billing';

describe('SMS segments', () => {
  it('counts GSM-7 texts in 160 and then 153-character parts, escapes as two', () => {
    expect(smsSegments('')).toMatchObject({ segments: 0, encoding: 'GSM-7' });
    expect(smsSegments('a'.repeat(160))).toEqual({
      encoding: 'GSM-7',
      length: 160,
      segments: 1,
      remaining: 0,
    });
    expect(smsSegments('a'.repeat(161))).toMatchObject({ segments: 2, remaining: 306 - 161 });
    expect(smsSegments('a'.repeat(306))).toMatchObject({ segments: 2, remaining: 0 });
    expect(smsSegments('a'.repeat(307))).toMatchObject({ segments: 3 });
    // € and [ are in the extension table: two septets each.
    expect(smsSegments('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', length: 160, segments: 1 });
    expect(smsSegments('€'.repeat(81))).toMatchObject({ length: 162, segments: 2 });
    // é is GSM-7; ł is not.
    expect(smsSegments('café').encoding).toBe('GSM-7');
  });

  it('switches the whole text to UCS-2 for one character outside GSM-7: 70, then 67 per part', () => {
    expect(smsSegments(`${'a'.repeat(69)}ł`)).toEqual({
      encoding: 'UCS-2',
      length: 70,
      segments: 1,
      remaining: 0,
    });
    expect(smsSegments(`${'a'.repeat(70)}ł`)).toMatchObject({
      encoding: 'UCS-2',
      segments: 2,
      remaining: 134 - 71,
    });
    // An emoji is two UTF-16 units.
    expect(smsSegments('👋')).toMatchObject({ encoding: 'UCS-2', length: 2, segments: 1 });
  });
});

describe('phone numbers', () => {
  it('normalizes to E.164 in the business country and refuses what cannot be a number', () => {
    expect(toE164('(212) 555-0134', 'US')).toBe('+12125550134');
    expect(toE164('030 1234567', 'DE')).toBe('+49301234567');
    expect(toE164('+44 20 7946 0958', 'US')).toBe('+442079460958');
    expect(toE164('12345', 'US')).toBeNull();
    expect(toE164('call me', 'US')).toBeNull();
    expect(toE164('(212) 555-0134', null)).toBeNull();
  });

  it('reads the country from a code, an English name, or the locale', () => {
    expect(countryCodeOf('de', null)).toBe('DE');
    expect(countryCodeOf('Germany', null)).toBe('DE');
    expect(countryCodeOf('United States', null)).toBe('US');
    expect(countryCodeOf(null, 'en-GB')).toBe('GB');
    expect(countryCodeOf('Atlantis', 'fr-FR')).toBe('FR');
  });
});

describe('quiet hours', () => {
  const w = { from: '21:00', until: '08:00' };
  it('holds texts from 21:00 to 08:00 in the business zone, over midnight and across DST', () => {
    const ny = 'America/New_York';
    expect(quietEndAt(new Date('2026-03-02T17:00:00Z'), w, ny)).toBeNull(); // noon
    expect(quietEndAt(new Date('2026-03-03T02:30:00Z'), w, ny)?.toISOString()).toBe(
      '2026-03-03T13:00:00.000Z',
    ); // 21:30
    expect(quietEndAt(new Date('2026-03-03T07:00:00Z'), w, ny)?.toISOString()).toBe(
      '2026-03-03T13:00:00.000Z',
    ); // 02:00
    expect(quietEndAt(new Date('2026-03-03T13:00:00Z'), w, ny)).toBeNull(); // 08:00 sharp
    // 21:00 on 7 March; 8 March is the DST change: 08:00 EDT is 12:00Z.
    expect(quietEndAt(new Date('2026-03-08T02:00:00Z'), w, ny)?.toISOString()).toBe(
      '2026-03-08T12:00:00.000Z',
    );
    expect(
      quietEndAt(new Date('2026-03-02T17:00:00Z'), { from: '12:00', until: '14:00' }, ny)?.toISOString(),
    ).toBe('2026-03-02T19:00:00.000Z');
    expect(quietEndAt(new Date('2026-03-02T17:00:00Z'), { from: '08:00', until: '08:00' }, ny)).toBeNull();
  });
});

describe('template validation', () => {
  it('names an unknown variable, refuses an empty body and unclosed braces', () => {
    expect(templateProblems('payment_failed', 'Pay {{amountDue}} at {{payLink}}')).toEqual([]);
    const [unknown] = templateProblems('payment_failed', 'Hi {{member.middleName}}');
    expect(unknown).toContain('Unknown variable {{member.middleName}}');
    expect(unknown).toContain('amountDue');
    expect(templateProblems('payment_failed', '   ')[0]).toContain('empty');
    expect(templateProblems('payment_failed', 'Hi {{member.firstName')[0]).toContain('does not close');
    // A variable of another topic is unknown here.
    expect(templateProblems('subscription_paused', '{{payLink}}')[0]).toContain('{{payLink}}');
    expect(fillTemplate('Hi {{ member.firstName }}, {{x}}!', { 'member.firstName': 'Ann' })).toBe(
      'Hi Ann, !',
    );
  });
});

let f: BillingFixture | undefined;
afterEach(() => {
  f?.t.close();
  f = undefined;
});

describe('templates through the channels', () => {
  it('saves an edit, refuses an unknown variable or empty body (changing nothing), previews and resets', async () => {
    f = await billingFixture('2026-03-02');
    const before = (await f.t.call(f.owner, 'messages.topics', {})).find((t) => t.id === 'payment_failed')!;
    expect(before.email).toMatchObject({ enabled: true, isDefault: true });

    const bad = await f.t.fail(f.owner, 'messages.saveTemplate', {
      topic: 'payment_failed',
      channel: 'email',
      enabled: true,
      subject: 'Payment',
      body: 'Hello {{member.nickname}}',
    });
    expect(bad.code).toBe('VALIDATION');
    expect(bad.fields?.body).toContain('Unknown variable {{member.nickname}}');
    const empty = await f.t.fail(f.owner, 'messages.saveTemplate', {
      topic: 'payment_failed',
      channel: 'sms',
      enabled: true,
      body: '',
    });
    expect(empty.fields?.body).toContain('empty');
    const unchanged = (await f.t.call(f.owner, 'messages.topics', {})).find(
      (t) => t.id === 'payment_failed',
    )!;
    expect(unchanged).toEqual(before);

    const saved = await f.t.call(f.owner, 'messages.saveTemplate', {
      topic: 'payment_failed',
      channel: 'sms',
      enabled: false,
      body: '{{business.name}}: {{amountDue}} open, pay {{payLink}}',
    });
    expect(saved.sms).toMatchObject({ enabled: false, isDefault: false });

    await f.t.call(f.owner, 'members.create', { firstName: 'Zoë', lastName: 'Kowalska' });
    const preview = await f.t.call(f.owner, 'messages.preview', {
      topic: 'payment_failed',
      channel: 'sms',
      body: 'Cześć {{member.firstName}}, {{amountDue}} — {{oops}}',
    });
    expect(preview).toMatchObject({
      sample: 'Zoë Kowalska',
      body: 'Cześć Zoë, $49.00 — ',
      segments: { encoding: 'UCS-2', segments: 1 },
    });
    expect(preview.problems[0]).toContain('{{oops}}');

    const reset = await f.t.call(f.owner, 'messages.resetTemplate', {
      topic: 'payment_failed',
      channel: 'sms',
    });
    expect(reset.sms).toMatchObject({ enabled: true, isDefault: true });
    // Staff cannot edit templates.
    expect(
      (
        await f.t.fail(null, 'messages.saveTemplate', {
          topic: 'come_back',
          channel: 'sms',
          enabled: true,
          body: 'x',
        })
      ).code,
    ).toBe('UNAUTHENTICATED');
  });
});
