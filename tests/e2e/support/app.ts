import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startSmtpCapture } from '../../support/smtp-capture';
import { startStripeStandin, type StripeStandin } from '../../support/stripe-standin';
import { startTwilioStandin, type TwilioStandin } from '../../support/twilio-standin';
import { launchBrowser, newPage, screenshotter } from './browser';
import { startServer, type RunningServer } from './server';
import { field } from './ui';

export type SmtpCapture = Awaited<ReturnType<typeof startSmtpCapture>>;

export interface AppOptions {
  /** Where the server's test clock starts (ISO), so every date and amount a spec checks is exact. */
  start: string;
  /** Screenshot prefix that keeps this spec's story apart in test-results/screenshots. */
  shots: string;
  /** Run card payments against the Stripe stand-in (STRIPE_SECRET_KEY in test mode). */
  stripe?: boolean;
  /**
   * The stand-in's clock. By default it follows the test clock's start; a spec that moves the test
   * clock passes its own so both move together.
   */
  stripeNow?: () => number;
  /** Capture mail on a local SMTP server (the spec saves it as the business's mail settings). */
  smtp?: boolean;
  /** Send SMS to the Twilio stand-in, set up from TWILIO_* as in headless mode. */
  twilio?: boolean;
}

export interface RunningApp {
  server: RunningServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  shot: (name: string) => Promise<string>;
  stripe?: StripeStandin;
  smtp?: SmtpCapture;
  twilio?: TwilioStandin;
  /** Closes everything that was started, newest first. */
  close: () => Promise<void>;
}

/**
 * Starts the stand-ins a spec asks for, the built server on its test clock wired to them, and a
 * browser page. If any step fails, what already started is closed before the error is rethrown, so a
 * failed start leaves no server or browser behind.
 */
export async function startApp(options: AppOptions): Promise<RunningApp> {
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer();
  };
  try {
    const env: Record<string, string> = { RECUR_TEST_CLOCK: '1', RECUR_TEST_CLOCK_START: options.start };
    let stripe: StripeStandin | undefined;
    if (options.stripe) {
      const offset = Date.parse(options.start) - Date.now();
      stripe = await startStripeStandin({
        now: options.stripeNow ?? (() => Date.now() + offset),
        redirectAfterCheckout: false,
      });
      closers.push(() => stripe!.close());
      Object.assign(env, { RECUR_STRIPE_URL: stripe.url, STRIPE_SECRET_KEY: 'sk_test_e2e' });
    }
    let twilio: TwilioStandin | undefined;
    if (options.twilio) {
      twilio = await startTwilioStandin();
      closers.push(() => twilio!.close());
      Object.assign(env, {
        RECUR_TWILIO_URL: twilio.url,
        TWILIO_ACCOUNT_SID: twilio.accountSid,
        TWILIO_AUTH_TOKEN: twilio.authToken,
        TWILIO_FROM: '+12125550100',
      });
    }
    let smtp: SmtpCapture | undefined;
    if (options.smtp) {
      smtp = await startSmtpCapture();
      closers.push(() => smtp!.close());
    }
    const server = await startServer(env);
    closers.push(() => server.stop());
    const browser = await launchBrowser();
    closers.push(() => browser.close());
    const { context, page } = await newPage(browser);
    closers.push(() => context.close());
    page.on('pageerror', (error) => console.error('page error:', error.message));
    page.setDefaultTimeout(15_000);
    const shot = screenshotter(page, options.shots);
    return { server, browser, context, page, shot, stripe, smtp, twilio, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export interface Owner {
  name: string;
  email: string;
  password: string;
}

/** The owner most specs sign up as. */
export const OWNER: Owner = {
  name: 'Alex Morgan',
  email: 'alex@riverside.example',
  password: 'correct horse battery',
};

/** The first-run business setup, clicked through as a new owner would, up to the dashboard's greeting. */
export async function setUpBusiness(
  page: Page,
  url: string,
  { business = 'Riverside Fitness', owner = OWNER }: { business?: string; owner?: Owner } = {},
): Promise<void> {
  await page.goto(url);
  await field(page, 'Business name').fill(business);
  await field(page, 'Your name').fill(owner.name);
  await field(page, 'Email').fill(owner.email);
  await field(page, 'Password').fill(owner.password);
  await field(page, 'Confirm password').fill(owner.password);
  await page.getByRole('button', { name: 'Create my business' }).click();
  const firstName = owner.name.split(' ')[0] ?? owner.name;
  await page
    .getByRole('heading', { name: new RegExp(`Good (morning|afternoon|evening), ${firstName}`) })
    .waitFor();
}

/**
 * The headless API as a second client, for the set-up a UI test does not need to click through. The
 * server's address is read on each call because the spec starts the server after this is made.
 */
export function apiClient(url: () => string) {
  let token = '';
  async function call<T = Record<string, unknown>>(channel: string, input: unknown = {}): Promise<T> {
    const res = await fetch(`${url()}/api/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(input),
    });
    const envelope = (await res.json()) as { ok: boolean; value: T; error?: unknown };
    if (!envelope.ok) throw new Error(`${channel}: ${JSON.stringify(envelope.error)}`);
    return envelope.value;
  }
  /** Signs the client in as the owner; later calls carry the session. */
  async function logIn(owner: Owner): Promise<void> {
    token = (await call<{ token: string }>('auth.login', { email: owner.email, password: owner.password }))
      .token;
  }
  return { call, logIn };
}
