import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StripeStandin } from '../support/stripe-standin';
import type { TwilioStandin } from '../support/twilio-standin';
import { apiClient, OWNER, type RunningApp, setUpBusiness, type SmtpCapture, startApp } from './support/app';
import type { RunningServer } from './support/server';
import { dismissToasts, field, navTo, norm, toast } from './support/ui';

/**
 * Messages end to end: the template editor with its live preview and validation, and a declined card
 * whose failed-payment notice goes out by email (captured by the SMTP stand-in) and by SMS (captured
 * by the Twilio stand-in, whose credentials come from TWILIO_* as in headless mode), then shows in
 * the message log and on the member. Screenshots: m01… in test-results/screenshots.
 */
const START = '2026-03-02T15:00:00Z';

let app: RunningApp;
let server: RunningServer;
let page: Page;
let shot: RunningApp['shot'];
let stripe: StripeStandin;
let twilio: TwilioStandin;
let smtp: SmtpCapture;

beforeAll(async () => {
  app = await startApp({ start: START, shots: 'm', stripe: true, twilio: true, smtp: true });
  ({ server, page, shot } = app);
  stripe = app.stripe!;
  twilio = app.twilio!;
  smtp = app.smtp!;
});

afterAll(() => app?.close());

const { call, logIn } = apiClient(() => server.url);

describe('messages', () => {
  it('sets up the business', async () => {
    await setUpBusiness(page, server.url);
    await logIn(OWNER);
    await call('email.saveSettings', { host: '127.0.0.1', port: smtp.port, from: 'desk@riverside.example' });
  });

  it('edits a template, refusing an unknown variable, with a live preview and the SMS cost', async () => {
    await navTo(page, 'Settings');
    await page.getByRole('tab', { name: 'Messages' }).click();
    // Twilio is set up from the environment, as in headless mode.
    await page.getByRole('form', { name: 'SMS settings' }).getByText('On', { exact: true }).waitFor();
    await page.getByRole('navigation', { name: 'Message topics' }).getByText('Payment failed').click();
    await page.locator('.mantine-SegmentedControl-label', { hasText: /^SMS$/ }).click();
    const body = field(page, 'Message');
    await body.fill(
      'Hi {{member.firstName}}, {{amountDue}} is open at {{business.name}}. {{member.shoeSize}}',
    );
    await page.getByText('Unknown variable {{member.shoeSize}}').first().waitFor();
    await page.getByRole('button', { name: 'Save template' }).click();
    await toast(page, /Unknown variable \{\{member\.shoeSize\}\}/);
    await dismissToasts(page);
    await body.fill('Hi {{member.firstName}}, {{amountDue}} is open at {{business.name}}. Pay: {{payLink}}');
    await expect
      .poll(async () => norm(await page.getByTestId('preview-body').textContent()))
      .toBe('Hi Alex, $49.00 is open at Riverside Fitness. Pay: https://pay.example.com/abc123');
    expect(norm(await page.getByTestId('sms-segments').textContent())).toBe(
      '1 SMS part · GSM-7 · 81 characters',
    );
    await shot('01-template-editor');
    await page.getByRole('button', { name: 'Save template' }).click();
    await toast(page, 'Payment failed (SMS) saved.');
    await dismissToasts(page);
    // A Polish letter makes the text UCS-2: the cost shown changes.
    await body.fill('Cześć {{member.firstName}}, {{amountDue}} do zapłaty: {{payLink}}');
    await expect
      .poll(async () => norm(await page.getByTestId('sms-segments').textContent()))
      .toContain('UCS-2');
    await page.getByRole('navigation', { name: 'Message topics' }).getByText('Payment received').click();
    await shot('02-settings-messages');
  });

  it('texts and emails the failed-payment notice for a declined card, once, and logs both', async () => {
    const member = await call<{ id: number }>('members.create', {
      firstName: 'Dana',
      lastName: 'Reyes',
      email: 'dana@example.com',
      phone: '(212) 555-0134',
    });
    await call('messages.saveMemberChoices', {
      memberId: member.id,
      email: true,
      sms: true,
      refuseReminders: false,
    });
    const setup = await call<{ id: number }>('paymentMethods.startSetup', { memberId: member.id });
    const session = [...stripe.state.checkoutSessions.values()].find((s) => s.status === 'open')!;
    stripe.completeCheckoutSession(session.id, 'pm_card_chargeDeclined');
    await call('paymentMethods.setupStatus', { setupId: setup.id });
    const plan = await call<{ id: number }>('plans.create', {
      name: 'Monthly',
      price: 3000,
      currency: 'USD',
      interval: 'month',
      intervalCount: 1,
    });
    const sub = await call<{ id: number }>('subscriptions.create', {
      memberId: member.id,
      planId: plan.id,
      collection: 'automatic',
    });
    const invoices = await call<{ items: Array<{ id: number; status: string }> }>('invoices.list', {
      subscriptionId: sub.id,
    });
    const open = invoices.items.find((i) => i.status === 'open');
    if (open) await call('invoices.charge', { invoiceId: open.id }).catch(() => undefined);

    // The scheduler sends the notice within seconds: an SMS to the E.164 number, and an email.
    await expect
      .poll(
        () =>
          twilio.messages.filter((m) => m.body.startsWith('Hi Dana, $30.00 is open at Riverside Fitness'))
            .length,
        {
          timeout: 20_000,
        },
      )
      .toBe(1);
    const text = twilio.messages.find((m) => m.body.startsWith('Hi Dana'))!;
    expect(text).toMatchObject({ to: '+12125550134', from: '+12125550100', segments: 1 });
    expect(text.body).toMatch(/Pay: http/);
    await expect
      .poll(() => smtp.received.filter((m) => m.raw.includes('did not go through')).length, {
        timeout: 20_000,
      })
      .toBe(1);

    await navTo(page, 'Message log');
    await page.getByRole('heading', { name: 'Message log' }).waitFor();
    const log = page.getByRole('table', { name: 'Message log' });
    const smsRow = log.getByRole('row').filter({ hasText: 'Payment failed' }).filter({ hasText: 'SMS' });
    await smsRow.getByText('Sent', { exact: true }).waitFor({ timeout: 20_000 });
    await shot('03-message-log');
    await page.getByPlaceholder('Email and SMS').click();
    await page.getByRole('option', { name: 'SMS' }).click();
    // Only texts remain (the header row aside).
    await expect
      .poll(async () => {
        const rows = (await log.getByRole('row').allInnerTexts()).slice(1);
        return rows.length > 0 && rows.every((t) => /SMS/i.test(t) && !/EMAIL/i.test(t));
      })
      .toBe(true);

    // On the member: the choices, and the messages in the activity.
    await page.goto(`${server.url}/#/members/${member.id}`);
    await page.getByRole('heading', { name: 'Dana Reyes', exact: true }).waitFor();
    await page.getByRole('checkbox', { name: 'SMS to +12125550134' }).waitFor();
    await shot('04-member-messages');
    await page.getByRole('tab', { name: 'Activity' }).click();
    await page
      .getByRole('table', { name: 'Messages to this member' })
      .getByText('Payment failed')
      .first()
      .waitFor();
    await shot('05-member-activity');
    // Nothing is sent twice when the scheduler runs again.
    await call('clock.advance', { days: 0 }).catch(() => undefined);
    expect(twilio.messages.filter((m) => m.body.startsWith('Hi Dana, $30.00')).length).toBe(1);
  });

  it('shows the morning digest on the dashboard', async () => {
    // The next start of the app: the dashboard opens with the digest.
    await page.goto(server.url);
    await page.reload();
    await navTo(page, 'Dashboard');
    const digest = page.getByRole('region', { name: 'Morning digest' }).or(page.getByLabel('Morning digest'));
    await digest.first().waitFor();
    await shot('06-dashboard-digest');
    await expect
      .poll(async () => norm(await digest.first().innerText()), { timeout: 10_000 })
      .toMatch(/Failed payments ?1/i);
    expect(norm(await digest.first().innerText())).toMatch(/declined/i);
  });
});
