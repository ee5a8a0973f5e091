/**
 * A local stand-in for the part of the Stripe API that Recur uses (DESIGN §6, §7): customers,
 * Checkout Sessions in setup mode, PaymentMethods, off-session PaymentIntents, refunds, events —
 * with Stripe's idempotency rules, Stripe's test cards, and switchable faults (latency, 500s,
 * lost requests, lost answers). The app talks to it through the real stripe-node client:
 *
 *   const standin = await startStripeStandin();
 *   const stripe = stripeClient(standin); // new Stripe(key, { host, port, protocol: 'http', … })
 *
 * See README.md next to this file for the routes, the fault modes and stripe-node's quirks.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { match, run, type AccountInfo } from './api';
import { cardByNumber, cardByToken, TEST_CARDS, type TestCard } from './cards';
import { StandinError, type StripeErrorBody } from './errors';
import { canonical, parseForm, type ParamMap } from './form';
import type { CheckoutSessionObject, DisputeObject, PaymentIntentObject, RefundObject } from './objects';
import { authenticatePage, checkoutPage, fill } from './pages';
import { NO_REQUEST, randomToken, StandinStore, type Origin } from './store';

export { TEST_CARDS, type TestCard } from './cards';
export type * from './objects';

/** The API version stripe-node 20 pins (`Stripe.API_VERSION`); events carry it. */
const DEFAULT_API_VERSION =
  (Stripe as unknown as { API_VERSION?: string }).API_VERSION ?? '2026-02-25.clover';

export type FaultMode =
  /** Answer 500 `api_error` without performing the request. */
  | '500'
  /** Destroy the connection before performing the request: the request is lost. */
  | 'drop'
  /** Perform the request (and record its idempotent result), then destroy the connection: the answer is lost. */
  | 'drop_after'
  /** Never answer and never perform; the client's own timeout (or `close()`) ends it. */
  | 'hang';

export interface FaultMatch {
  method?: 'GET' | 'POST' | 'DELETE';
  /** Exact path, or a pattern tested against the path (e.g. `/^\/v1\/payment_intents/`). */
  path?: string | RegExp;
}

export interface StripeStandinOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Delay before every `/v1` answer. Changeable later through `standin.options.latencyMs`. */
  latencyMs?: number;
  /** The clock (ms since epoch) for `created`, `expires_at` and Checkout expiry; default the wall clock. */
  now?: () => number;
  /** Accept `sk_live_…` / `rk_live_…` keys (objects then say `livemode: true`). Default false: 401. */
  allowLiveKeys?: boolean;
  /** If given, only these secret keys are accepted; any other well-formed key gets 401. */
  apiKeys?: string[];
  account?: Partial<AccountInfo>;
  /** `api_version` on events. Default: the version the installed stripe-node pins. */
  apiVersion?: string;
  /** After the Checkout page saves a card, redirect to `success_url` (default true) or show a page. */
  redirectAfterCheckout?: boolean;
}

export interface RequestLogEntry {
  requestId: string;
  at: number;
  method: string;
  path: string;
  query: ParamMap;
  params: ParamMap;
  idempotencyKey: string | null;
  apiKey: string | null;
  stripeVersion: string | null;
  stripeAccount: string | null;
  /** The status answered; null when the connection was dropped or the request hung. */
  status: number | null;
  fault: FaultMode | null;
  /** True when the answer was a stored idempotent result. */
  replayed: boolean;
}

export interface IdempotencyRecord {
  scope: string;
  key: string;
  method: string;
  path: string;
  params: string;
  createdAt: number;
  state: 'in_flight' | 'done';
  status: number;
  body: string;
  requestId: string;
}

export interface StandinControls {
  latencyMs: number;
  allowLiveKeys: boolean;
  redirectAfterCheckout: boolean;
  /** The next `n` matching `/v1` requests fail with `mode` (queued after any earlier faults). */
  failNext(n: number, mode: FaultMode, match?: FaultMatch): void;
  clearFaults(): void;
  /** How many fault answers are still queued. */
  readonly pendingFaults: number;
}

export interface StandinState {
  customers: StandinStore['customers'];
  paymentMethods: StandinStore['paymentMethods'];
  setupIntents: StandinStore['setupIntents'];
  checkoutSessions: StandinStore['checkoutSessions'];
  paymentIntents: StandinStore['paymentIntents'];
  charges: StandinStore['charges'];
  refunds: StandinStore['refunds'];
  disputes: StandinStore['disputes'];
  events: StandinStore['events'];
  /** Idempotency records by `<scope> <key>`, scope being the secret key (and Stripe-Account). */
  idempotency: Map<string, IdempotencyRecord>;
}

export interface StripeStandin {
  port: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
  options: StandinControls;
  state: StandinState;
  requestLog: RequestLogEntry[];
  testCards: readonly TestCard[];
  close(): Promise<void>;
  /**
   * The customer saves a card on the Checkout page: the SetupIntent succeeds with a new
   * PaymentMethod (attached to the session's customer) that behaves like the given test card
   * (a `pm_card_…` token or a test card number).
   */
  completeCheckoutSession(id: string, paymentMethod?: string): CheckoutSessionObject;
  /** The session runs out (as when `expires_at` passes, or `POST …/expire`). */
  expireCheckoutSession(id: string): CheckoutSessionObject;
  /** A refund made in the Stripe Dashboard, outside the app: recorded with its events. */
  createDashboardRefund(
    paymentIntentId: string,
    amount?: number,
    reason?: 'duplicate' | 'fraudulent' | 'requested_by_customer',
  ): RefundObject;
  /** The cardholder disputes the payment: `charge.dispute.created`. */
  createDispute(paymentIntentId: string, options?: { amount?: number; reason?: string }): DisputeObject;
  /** The customer completes (or fails) 3-D Secure for a PaymentIntent in `requires_action`. */
  authenticatePaymentIntent(id: string, succeed?: boolean): PaymentIntentObject;
}

/** The connection options that point stripe-node at the stand-in. */
export function standinConnection(standin: Pick<StripeStandin, 'port'>): {
  host: string;
  port: number;
  protocol: 'http';
} {
  return { host: '127.0.0.1', port: standin.port, protocol: 'http' };
}

/** A real stripe-node client talking to the stand-in, with no automatic retries and no telemetry. */
export function stripeClient(
  standin: Pick<StripeStandin, 'port'>,
  key = 'sk_test_standin',
  config: Stripe.StripeConfig = {},
): Stripe {
  return new Stripe(key, {
    ...standinConnection(standin),
    maxNetworkRetries: 0,
    telemetry: false,
    ...config,
  });
}

interface Fault {
  mode: FaultMode;
  remaining: number;
  match: FaultMatch | undefined;
}

const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
const MAX_BODY = 1024 * 1024;

function faultMatches(fault: Fault, method: string, path: string): boolean {
  const m = fault.match;
  if (!m) return true;
  if (m.method && m.method !== method) return false;
  if (m.path === undefined) return true;
  return typeof m.path === 'string' ? m.path === path : m.path.test(path);
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function mask(key: string): string {
  const prefix = /^[a-z]{2}_(test|live)_/.exec(key)?.[0] ?? '';
  return `${prefix}${'*'.repeat(Math.max(0, key.length - prefix.length - 4))}${key.slice(-4)}`;
}

function bearer(header: string | undefined): string | null {
  if (!header) return null;
  const b = /^Bearer\s+(\S+)$/i.exec(header);
  if (b) return b[1] as string;
  const basic = /^Basic\s+(\S+)$/i.exec(header);
  if (basic)
    return (
      Buffer.from(basic[1] as string, 'base64')
        .toString('utf8')
        .split(':')[0] || null
    );
  return null;
}

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  if (Array.isArray(v)) return v[0] ?? null;
  return v ?? null;
}

export async function startStripeStandin(options: StripeStandinOptions = {}): Promise<StripeStandin> {
  const now = options.now ?? (() => Date.now());
  const account: AccountInfo = {
    id: 'acct_1StandinRecur000',
    name: 'Recur Test Studio',
    email: 'owner@recur.invalid',
    country: 'US',
    defaultCurrency: 'usd',
    statementDescriptor: 'RECUR TEST',
    ...options.account,
  };
  let baseUrl = 'http://127.0.0.1';
  const store = new StandinStore({
    now,
    baseUrl: () => baseUrl,
    apiVersion: options.apiVersion ?? DEFAULT_API_VERSION,
    statementDescriptor: account.statementDescriptor,
  });
  const idempotency = new Map<string, IdempotencyRecord>();
  const requestLog: RequestLogEntry[] = [];
  const faults: Fault[] = [];

  const controls: StandinControls = {
    latencyMs: options.latencyMs ?? 0,
    allowLiveKeys: options.allowLiveKeys ?? false,
    redirectAfterCheckout: options.redirectAfterCheckout ?? true,
    failNext(n, mode, matchOn) {
      if (!Number.isInteger(n) || n < 1) throw new Error(`failNext: n must be a positive integer, not ${n}`);
      faults.push({ mode, remaining: n, match: matchOn });
    },
    clearFaults() {
      faults.length = 0;
    },
    get pendingFaults() {
      return faults.reduce((sum, f) => sum + f.remaining, 0);
    },
  };

  function takeFault(method: string, path: string): FaultMode | null {
    const fault = faults.find((f) => faultMatches(f, method, path));
    if (!fault) return null;
    fault.remaining -= 1;
    if (fault.remaining <= 0) faults.splice(faults.indexOf(fault), 1);
    return fault.mode;
  }

  /** 401 unless the key is a test secret key (or an allowed live one, or one of `apiKeys`). */
  function authenticate(key: string | null): { livemode: boolean } {
    if (!key) {
      throw new StandinError(401, {
        type: 'invalid_request_error',
        message:
          "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
      });
    }
    if (/^pk_(test|live)_/.test(key)) {
      throw new StandinError(401, {
        type: 'invalid_request_error',
        message:
          'This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.',
      });
    }
    const test = /^(sk|rk)_test_[A-Za-z0-9_]+$/.test(key);
    const live = /^(sk|rk)_live_[A-Za-z0-9_]+$/.test(key);
    const known = options.apiKeys ? options.apiKeys.includes(key) : true;
    if (!known || !(test || (live && controls.allowLiveKeys))) {
      throw new StandinError(401, {
        type: 'invalid_request_error',
        message: `Invalid API Key provided: ${mask(key)}`,
      });
    }
    return { livemode: live };
  }

  function pruneIdempotency(): void {
    const cutoff = now() - IDEMPOTENCY_TTL_MS;
    for (const [k, r] of idempotency) if (r.state === 'done' && r.createdAt < cutoff) idempotency.delete(k);
  }

  function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      ...headers,
    });
    res.end(body);
  }

  function errorJson(body: StripeErrorBody): string {
    return JSON.stringify({ error: body }, null, 2);
  }

  const hung = new Set<ServerResponse>();

  async function handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    query: string,
    raw: string,
  ): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const queryParams = parseForm(query);
    const bodyParams = method === 'POST' ? parseForm(raw) : {};
    const params: ParamMap = method === 'POST' ? { ...queryParams, ...bodyParams } : queryParams;
    const requestId = `req_${randomToken(14)}`;
    const apiKey = bearer(header(req, 'authorization') ?? undefined);
    const idempotencyKey = method === 'POST' ? header(req, 'idempotency-key') : null;
    const stripeAccount = header(req, 'stripe-account');
    const stripeVersion = header(req, 'stripe-version');
    const entry: RequestLogEntry = {
      requestId,
      at: now(),
      method,
      path,
      query: queryParams,
      params,
      idempotencyKey,
      apiKey,
      stripeVersion,
      stripeAccount,
      status: null,
      fault: null,
      replayed: false,
    };
    requestLog.push(entry);
    const headers: Record<string, string> = { 'Request-Id': requestId };
    if (stripeVersion) headers['Stripe-Version'] = stripeVersion;
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
    const answer = (status: number, body: string, extra: Record<string, string> = {}): void => {
      entry.status = status;
      send(res, status, body, { ...headers, ...extra });
    };
    const drop = (): void => {
      entry.status = null;
      res.socket?.destroy();
      res.destroy();
    };

    const fault = takeFault(method, path);
    entry.fault = fault;
    if (fault === '500' || fault === 'drop' || fault === 'hang') {
      await sleep(controls.latencyMs);
      if (fault === '500') {
        answer(
          500,
          errorJson({
            type: 'api_error',
            message: 'An unknown error occurred (simulated by the Stripe stand-in).',
          }),
        );
      } else if (fault === 'drop') {
        drop();
      } else {
        hung.add(res);
        res.on('close', () => hung.delete(res));
      }
      return;
    }

    let origin: Origin;
    try {
      const { livemode } = authenticate(apiKey);
      origin = { request: { id: requestId, idempotency_key: idempotencyKey }, livemode };
    } catch (e) {
      await sleep(controls.latencyMs);
      const err = e as StandinError;
      answer(err.status, errorJson(err.body));
      return;
    }

    // Idempotency (DESIGN §6): same key + same params → the stored answer; other params → 400.
    let record: IdempotencyRecord | null = null;
    if (idempotencyKey !== null) {
      pruneIdempotency();
      const scope = `${apiKey ?? ''}${stripeAccount ? `/${stripeAccount}` : ''}`;
      const id = `${scope} ${idempotencyKey}`;
      const signature = canonical(params);
      const existing = idempotency.get(id);
      if (idempotencyKey.length > 255) {
        await sleep(controls.latencyMs);
        answer(
          400,
          errorJson({
            type: 'idempotency_error',
            message: 'Idempotency keys can be at most 255 characters long.',
          }),
        );
        return;
      }
      if (existing) {
        let error: string | null = null;
        let status = 400;
        if (existing.state === 'in_flight') {
          status = 409;
          error = `There is currently another in-progress request using this idempotent key (that probably means you submitted twice, and the other request is still going through): ${idempotencyKey}. Please try again later.`;
        } else if (existing.method !== method || existing.path !== path) {
          error = `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${existing.method} ${existing.path}' vs '${method} ${path}'). Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`;
        } else if (existing.params !== signature) {
          error = `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`;
        }
        // Judge the key now (a request still in flight is a conflict), answer after the latency.
        await sleep(controls.latencyMs);
        if (error !== null) {
          answer(status, errorJson({ type: 'idempotency_error', message: error }));
          return;
        }
        entry.replayed = true;
        if (fault === 'drop_after') {
          drop();
          return;
        }
        answer(existing.status, existing.body, {
          'Idempotent-Replayed': 'true',
          'Original-Request': existing.requestId,
        });
        return;
      }
      record = {
        scope,
        key: idempotencyKey,
        method,
        path,
        params: signature,
        createdAt: now(),
        state: 'in_flight',
        status: 0,
        body: '',
        requestId,
      };
      idempotency.set(id, record);
    }

    await sleep(controls.latencyMs);

    let status = 200;
    let body: string;
    try {
      store.sweepExpiredSessions();
      const matched = match(method, path);
      const result = run(matched, { store, origin, params, account });
      body = JSON.stringify(result, null, 2);
    } catch (e) {
      if (e instanceof StandinError) {
        status = e.status;
        body = errorJson(e.body);
      } else {
        status = 500;
        body = errorJson({ type: 'api_error', message: `Stripe stand-in failure: ${(e as Error).message}` });
        console.error('stripe stand-in:', e);
      }
    }

    if (record) {
      // Stripe stores what the endpoint produced — successes and card declines alike — but not
      // requests refused before execution (invalid parameters), which may be retried.
      if (status < 400 || status === 402) {
        record.state = 'done';
        record.status = status;
        record.body = body;
      } else {
        idempotency.delete(`${record.scope} ${record.key}`);
      }
    }

    if (fault === 'drop_after') {
      drop();
      return;
    }
    answer(status, body);
  }

  function html(res: ServerResponse, status: number, body: string): void {
    res.writeHead(status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(body);
  }

  function redirect(res: ServerResponse, location: string): void {
    res.writeHead(303, { Location: location, 'Content-Length': 0 });
    res.end();
  }

  function handlePage(req: IncomingMessage, res: ServerResponse, path: string, raw: string): void {
    const method = (req.method ?? 'GET').toUpperCase();
    store.sweepExpiredSessions();
    const pay = /^\/pay\/([A-Za-z0-9_]+)$/.exec(path);
    if (pay) {
      const session = store.checkoutSessions.get(pay[1] as string);
      if (!session)
        return html(res, 404, '<!doctype html><title>Not found</title><h1>No such Checkout Session.</h1>');
      const email =
        (session.customer ? store.customers.get(session.customer)?.email : null) ?? session.customer_email;
      if (method === 'POST' && session.status === 'open') {
        const form = parseForm(raw);
        const number = typeof form.card_number === 'string' ? form.card_number.trim() : '';
        const card = number
          ? cardByNumber(number)
          : cardByToken(typeof form.card === 'string' ? form.card : 'pm_card_visa');
        if (!card)
          return html(res, 400, checkoutPage(session, email, 'Use one of the Stripe test card numbers.'));
        store.completeCheckoutSession(session.id, card, NO_REQUEST);
        if (controls.redirectAfterCheckout && session.success_url)
          return redirect(res, fill(session.success_url, session.id));
      }
      return html(res, 200, checkoutPage(session, email));
    }
    const auth = /^\/authenticate\/([A-Za-z0-9_]+)$/.exec(path);
    if (auth) {
      const pi = store.paymentIntents.get(auth[1] as string);
      if (!pi)
        return html(res, 404, '<!doctype html><title>Not found</title><h1>No such PaymentIntent.</h1>');
      if (method === 'POST' && pi.status === 'requires_action') {
        const returnUrl = pi.next_action?.redirect_to_url?.return_url ?? null;
        const form = parseForm(raw);
        store.authenticatePaymentIntent(pi.id, form.result !== 'fail', NO_REQUEST);
        if (returnUrl) {
          const target = new URL(returnUrl);
          target.searchParams.set('payment_intent', pi.id);
          return redirect(res, target.toString());
        }
      }
      return html(res, 200, authenticatePage(pi));
    }
    html(res, 404, '<!doctype html><title>Not found</title><h1>Not found</h1>');
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    readBody(req)
      .then(async (raw) => {
        if (url.pathname.startsWith('/v1/')) {
          await handleApi(req, res, url.pathname, url.search.slice(1), raw);
        } else if (url.pathname === '/') {
          send(res, 200, JSON.stringify({ stripe_standin: true, url: baseUrl }), {});
        } else {
          handlePage(req, res, url.pathname, raw);
        }
      })
      .catch((e: unknown) => {
        if (!res.headersSent && !res.destroyed) {
          send(
            res,
            500,
            errorJson({ type: 'api_error', message: `Stripe stand-in failure: ${(e as Error).message}` }),
            {},
          );
        }
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;

  const helperOrigin = (): Origin => ({
    request: { id: `req_${randomToken(14)}`, idempotency_key: randomUUID() },
    livemode: false,
  });
  const copy = <T>(v: T): T => structuredClone(v);

  function asCard(paymentMethod: string): TestCard {
    const card = cardByToken(paymentMethod) ?? cardByNumber(paymentMethod);
    if (!card) {
      throw new Error(
        `Unknown test card "${paymentMethod}"; use one of ${TEST_CARDS.map((c) => c.token).join(', ')}`,
      );
    }
    return card;
  }

  /** Helpers throw plain Errors with Stripe's message, so a test sees why. */
  function plain<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof StandinError) throw new Error(e.body.message);
      throw e;
    }
  }

  return {
    port,
    url: baseUrl,
    options: controls,
    state: {
      customers: store.customers,
      paymentMethods: store.paymentMethods,
      setupIntents: store.setupIntents,
      checkoutSessions: store.checkoutSessions,
      paymentIntents: store.paymentIntents,
      charges: store.charges,
      refunds: store.refunds,
      disputes: store.disputes,
      events: store.events,
      idempotency,
    },
    requestLog,
    testCards: TEST_CARDS,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const res of hung) res.socket?.destroy();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
    completeCheckoutSession: (id, paymentMethod = 'pm_card_visa') =>
      plain(() => copy(store.completeCheckoutSession(id, asCard(paymentMethod), NO_REQUEST))),
    expireCheckoutSession: (id) => plain(() => copy(store.expireCheckoutSession(id, NO_REQUEST))),
    createDashboardRefund: (paymentIntentId, amount, reason) =>
      plain(() =>
        copy(
          store.createRefund(
            {
              paymentIntent: paymentIntentId,
              charge: null,
              amount: amount ?? null,
              reason: reason ?? null,
              metadata: {},
            },
            helperOrigin(),
          ),
        ),
      ),
    createDispute: (paymentIntentId, disputeOptions = {}) =>
      plain(() =>
        copy(
          store.createDispute(
            paymentIntentId,
            disputeOptions.amount ?? null,
            disputeOptions.reason ?? 'fraudulent',
          ),
        ),
      ),
    authenticatePaymentIntent: (id, succeed = true) =>
      plain(() => copy(store.authenticatePaymentIntent(id, succeed, NO_REQUEST))),
  };
}
