/**
 * The `/v1` routes: parameter checking the way Stripe does it (unknown parameters are refused,
 * integers and booleans are validated), then the store's operations, then `expand`.
 */
import { invalid, missingParam, StandinError, unknownParam } from './errors';
import type { Param, ParamMap } from './form';
import type { ListObject, Metadata } from './objects';
import {
  inRange,
  mergeMetadata,
  paginate,
  type Origin,
  type PageParams,
  type RangeFilter,
  type StandinStore,
} from './store';

export interface AccountInfo {
  id: string;
  name: string;
  email: string;
  country: string;
  defaultCurrency: string;
  statementDescriptor: string;
}

export interface ApiContext {
  store: StandinStore;
  origin: Origin;
  params: ParamMap;
  account: AccountInfo;
}

interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  pattern: RegExp;
  /** Accepted top-level parameters (besides `expand`). */
  allowed: readonly string[];
  handle(ctx: ApiContext, ids: string[]): unknown;
}

// ── parameter helpers ────────────────────────────────────────────────────────

function allow(params: ParamMap, allowed: readonly string[]): void {
  for (const key of Object.keys(params)) {
    if (key !== 'expand' && !allowed.includes(key)) throw unknownParam(key);
  }
}

function str(p: ParamMap, key: string, label = key): string | undefined {
  const v = p[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw invalid(`Invalid string: ${JSON.stringify(v)}`, label);
  return v;
}

/** A string parameter where `''` means "unset" (null). */
function nullable(p: ParamMap, key: string, label = key): string | null | undefined {
  const v = str(p, key, label);
  if (v === undefined) return undefined;
  return v === '' ? null : v;
}

function required(p: ParamMap, key: string): string {
  const v = str(p, key);
  if (v === undefined || v === '') throw missingParam(key);
  return v;
}

function int(p: ParamMap, key: string, label = key): number | undefined {
  const v = str(p, key, label);
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v)) throw invalid(`Invalid integer: ${v}`, label, 'parameter_invalid_integer');
  return Number(v);
}

function positiveInt(p: ParamMap, key: string): number | undefined {
  const v = int(p, key);
  if (v !== undefined && v <= 0) throw invalid(`Invalid positive integer`, key, 'parameter_invalid_integer');
  return v;
}

function bool(p: ParamMap, key: string): boolean | undefined {
  const v = str(p, key);
  if (v === undefined) return undefined;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw invalid(`Invalid boolean: ${v}`, key);
}

function oneOf<T extends string>(p: ParamMap, key: string, values: readonly T[]): T | undefined {
  const v = str(p, key);
  if (v === undefined) return undefined;
  if (!(values as readonly string[]).includes(v)) {
    throw invalid(`Invalid ${key}: must be one of ${values.join(', ')}`, key);
  }
  return v as T;
}

function map(p: ParamMap, key: string): ParamMap | undefined {
  const v = p[key];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw invalid(`Invalid object`, key);
  return v;
}

function list(p: ParamMap, key: string): string[] | undefined {
  const v: Param | undefined = p[key];
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v === '' ? [] : [v];
  const items = Array.isArray(v) ? v : Object.values(v);
  return items.map((item) => {
    if (typeof item !== 'string') throw invalid(`Invalid array`, key);
    return item;
  });
}

/** Payment mode: the total of `line_items[n][price_data][unit_amount] × quantity` and the intent's metadata. */
function paymentOf(p: ParamMap): { amount: number; description: string | null; intentMetadata: Metadata } {
  const raw = p.line_items;
  const items =
    raw === undefined ? [] : Array.isArray(raw) ? raw : typeof raw === 'object' ? Object.values(raw) : [];
  if (!items.length) throw missingParam('line_items');
  let amount = 0;
  let description: string | null = null;
  for (const item of items) {
    if (typeof item !== 'object' || Array.isArray(item)) throw invalid('Invalid object', 'line_items');
    const price = map(item, 'price_data');
    if (!price) throw missingParam('line_items[0][price_data]');
    const unit = int(price, 'unit_amount', 'line_items[0][price_data][unit_amount]') ?? 0;
    const qty = int(item, 'quantity', 'line_items[0][quantity]') ?? 1;
    amount += unit * qty;
    description ??= str(map(price, 'product_data') ?? {}, 'name') || null;
  }
  const intentData = map(p, 'payment_intent_data') ?? {};
  return { amount, description, intentMetadata: createMetadata(intentData) };
}

function currency(p: ParamMap, key = 'currency'): string | undefined {
  const v = str(p, key);
  if (v === undefined) return undefined;
  const c = v.toLowerCase();
  if (!/^[a-z]{3}$/.test(c)) throw invalid(`Invalid currency: ${v}.`, key);
  return c;
}

/** `metadata[k]=v`; `metadata=` (empty) means "clear" → null. */
function metadata(p: ParamMap, key = 'metadata'): Metadata | null | undefined {
  const v = p[key];
  if (v === undefined) return undefined;
  if (v === '') return null;
  if (typeof v !== 'object') throw invalid('Invalid hash', key);
  const out: Metadata = {};
  // Keys that are all digits (`metadata[0]=…`) were read as a list; they are still a hash.
  const entries = Object.entries(v);
  if (entries.length > 50) throw invalid('Metadata can have up to 50 keys.', key);
  for (const [k, value] of entries) {
    if (typeof value !== 'string') throw invalid('Metadata values must be strings.', `${key}[${k}]`);
    if (k.length > 40) throw invalid(`Metadata keys can be up to 40 characters long.`, `${key}[${k}]`);
    if (value.length > 500)
      throw invalid(`Metadata values can be up to 500 characters long.`, `${key}[${k}]`);
    out[k] = value;
  }
  return out;
}

function createMetadata(p: ParamMap, key = 'metadata'): Metadata {
  const m = metadata(p, key);
  if (!m) return {};
  for (const [k, v] of Object.entries(m)) if (v === '') delete m[k];
  return m;
}

function range(p: ParamMap, key: string): RangeFilter | null {
  const v = p[key];
  if (v === undefined) return null;
  if (typeof v === 'string') return { eq: int(p, key) as number };
  if (Array.isArray(v)) throw invalid('Invalid integer', key);
  const r: RangeFilter = {};
  for (const op of Object.keys(v)) {
    if (op !== 'gt' && op !== 'gte' && op !== 'lt' && op !== 'lte') throw unknownParam(`${key}[${op}]`);
    r[op] = int(v, op, `${key}[${op}]`) as number;
  }
  return r;
}

const PAGE = ['limit', 'starting_after', 'ending_before'] as const;

function page(p: ParamMap): PageParams {
  const limit = int(p, 'limit') ?? 10;
  if (limit < 1) throw invalid('This value must be greater than or equal to 1.', 'limit');
  if (limit > 100) throw invalid('This value must be less than or equal to 100.', 'limit');
  const startingAfter = str(p, 'starting_after') || null;
  const endingBefore = str(p, 'ending_before') || null;
  if (startingAfter && endingBefore) {
    throw invalid('You may only specify one of these parameters: starting_after, ending_before.');
  }
  return { limit, startingAfter, endingBefore };
}

function checkUrl(value: string | null | undefined, key: string): void {
  if (!value) return;
  try {
    new URL(value.split('{CHECKOUT_SESSION_ID}').join('cs_test'));
  } catch {
    throw invalid('Not a valid URL', key, 'url_invalid');
  }
}

function statementDescriptorSuffix(p: ParamMap): string | null {
  const v = nullable(p, 'statement_descriptor_suffix');
  if (!v) return null;
  if (/[<>\\'"*]/.test(v)) {
    throw invalid(
      'The statement descriptor suffix contains one or more prohibited characters: <, >, \\, \', ", *.',
      'statement_descriptor_suffix',
    );
  }
  if (!/[a-zA-Z]/.test(v))
    throw invalid(
      'The statement descriptor suffix must contain at least one letter.',
      'statement_descriptor_suffix',
    );
  // Past 22 characters together with the account's prefix, the card statement shows it cut short
  // (`calculated_statement_descriptor`); the parameter itself may not exceed 22.
  if (v.length > 22) {
    throw invalid(
      'The statement descriptor suffix can be at most 22 characters long.',
      'statement_descriptor_suffix',
    );
  }
  return v;
}

function offSession(p: ParamMap): boolean | undefined {
  const v = str(p, 'off_session');
  if (v === undefined) return undefined;
  if (v === 'true' || v === 'one_off' || v === 'recurring') return true;
  if (v === 'false') return false;
  throw invalid(`Invalid off_session: must be one of true, false, one_off, recurring`, 'off_session');
}

function cardOnly(types: string[] | undefined, key: string): string[] {
  if (!types || types.length === 0) return ['card'];
  for (const t of types) {
    if (t !== 'card')
      throw invalid(`The Stripe stand-in only implements card payment methods, not ${t}.`, key);
  }
  return types;
}

// ── routes ───────────────────────────────────────────────────────────────────

const ID = '([A-Za-z0-9_]+)';
const route = (
  method: Route['method'],
  path: string,
  allowed: readonly string[],
  handle: Route['handle'],
): Route => ({ method, pattern: new RegExp(`^${path.replace(/:id/g, ID)}$`), allowed, handle });

const CUSTOMER_FIELDS = [
  'email',
  'name',
  'phone',
  'description',
  'metadata',
  'invoice_settings',
  'preferred_locales',
  'address',
  'shipping',
  'tax_exempt',
  'invoice_prefix',
  'validate',
];

function invoiceDefault(p: ParamMap): string | null | undefined {
  const settings = map(p, 'invoice_settings');
  if (!settings) return undefined;
  for (const key of Object.keys(settings)) {
    if (!['default_payment_method', 'custom_fields', 'footer', 'rendering_options'].includes(key)) {
      throw unknownParam(`invoice_settings[${key}]`);
    }
  }
  return nullable(settings, 'default_payment_method', 'invoice_settings[default_payment_method]');
}

function list$<T extends { id: string }>(items: T[], p: ParamMap, url: string, kind: string): ListObject<T> {
  return paginate(items, page(p), url, kind);
}

const ROUTES: Route[] = [
  // Customers
  route('POST', '/v1/customers', [...CUSTOMER_FIELDS, 'payment_method'], ({ store, params: p, origin }) =>
    store.createCustomer(
      {
        email: nullable(p, 'email'),
        name: nullable(p, 'name'),
        phone: nullable(p, 'phone'),
        description: nullable(p, 'description'),
        metadata: createMetadata(p),
        paymentMethod: str(p, 'payment_method'),
        defaultPaymentMethod: invoiceDefault(p),
      },
      origin,
    ),
  ),
  route('GET', '/v1/customers', ['email', 'created', ...PAGE], ({ store, params: p }) => {
    const email = str(p, 'email');
    const created = range(p, 'created');
    const items = [...store.customers.values()]
      .filter((c) => (email === undefined || c.email === email) && (!created || inRange(c.created, created)))
      .sort((a, b) => b.created - a.created || store.order(b.id) - store.order(a.id));
    return list$(items, p, '/v1/customers', 'customer');
  }),
  route('GET', '/v1/customers/:id', [], ({ store }, [id]) => store.customerOrDeleted(id as string)),
  route('POST', '/v1/customers/:id', CUSTOMER_FIELDS, ({ store, params: p, origin }, [id]) =>
    store.updateCustomer(
      id as string,
      {
        email: nullable(p, 'email'),
        name: nullable(p, 'name'),
        phone: nullable(p, 'phone'),
        description: nullable(p, 'description'),
        defaultPaymentMethod: invoiceDefault(p),
      },
      metadata(p),
      origin,
    ),
  ),
  route('DELETE', '/v1/customers/:id', [], ({ store, origin }, [id]) =>
    store.deleteCustomer(id as string, origin),
  ),
  route(
    'GET',
    '/v1/customers/:id/payment_methods',
    ['type', 'allow_redisplay', ...PAGE],
    ({ store, params: p }, [id]) => {
      store.customer(id as string);
      const type = str(p, 'type');
      const items = type && type !== 'card' ? [] : store.paymentMethodsOf(id as string);
      return list$(items, p, `/v1/customers/${id}/payment_methods`, 'payment_method');
    },
  ),
  route('GET', '/v1/customers/:id/payment_methods/:id', [], ({ store }, [customer, pmId]) => {
    store.customer(customer as string);
    const pm = store.paymentMethod(pmId as string);
    if (pm.customer !== customer) throw noSuchPm(pmId as string);
    return pm;
  }),

  // PaymentMethods
  route(
    'GET',
    '/v1/payment_methods',
    ['customer', 'type', 'allow_redisplay', ...PAGE],
    ({ store, params: p }) => {
      const customer = str(p, 'customer');
      const type = str(p, 'type');
      if (customer) store.customer(customer, 'customer');
      const items = type && type !== 'card' ? [] : customer ? store.paymentMethodsOf(customer) : [];
      return list$(items, p, '/v1/payment_methods', 'payment_method');
    },
  ),
  route('GET', '/v1/payment_methods/:id', [], ({ store, origin }, [id]) =>
    id?.startsWith('pm_card_')
      ? store.usablePaymentMethod(id, 'id', origin)
      : store.paymentMethod(id as string),
  ),
  route('POST', '/v1/payment_methods/:id/attach', ['customer'], ({ store, params: p, origin }, [id]) =>
    store.attachById(id as string, required(p, 'customer'), origin),
  ),
  route('POST', '/v1/payment_methods/:id/detach', [], ({ store, origin }, [id]) =>
    store.detach(id as string, origin),
  ),

  // Checkout Sessions, setup mode
  route(
    'POST',
    '/v1/checkout/sessions',
    [
      'mode',
      'customer',
      'customer_email',
      'currency',
      'payment_method_types',
      'success_url',
      'cancel_url',
      'return_url',
      'metadata',
      'client_reference_id',
      'expires_at',
      'setup_intent_data',
      'locale',
      'ui_mode',
      'payment_method_options',
      'billing_address_collection',
      'custom_text',
      'consent_collection',
      'line_items',
      'payment_intent_data',
    ],
    ({ store, params: p, origin }) => {
      const mode = str(p, 'mode');
      if (!mode) throw missingParam('mode');
      if (mode !== 'setup' && mode !== 'payment') {
        throw invalid(
          `The Stripe stand-in only implements Checkout in setup and payment mode, not mode=${mode}.`,
          'mode',
        );
      }
      const payment = mode === 'payment' ? paymentOf(p) : null;
      const uiMode = str(p, 'ui_mode');
      if (uiMode !== undefined && uiMode !== 'hosted') {
        throw invalid(
          `The Stripe stand-in only implements the hosted Checkout page, not ui_mode=${uiMode}.`,
          'ui_mode',
        );
      }
      const types = list(p, 'payment_method_types');
      const cur = currency(p);
      if (!payment && !cur && (!types || types.length === 0)) {
        throw invalid(
          'You must provide `currency` when creating a setup mode Checkout Session without `payment_method_types`.',
          'currency',
        );
      }
      const customer = str(p, 'customer') || null;
      const customerEmail = str(p, 'customer_email') || null;
      if (customer && customerEmail) {
        throw invalid(
          'You may only specify one of these parameters: customer, customer_email.',
          'customer_email',
        );
      }
      const successUrl = str(p, 'success_url') || null;
      const cancelUrl = str(p, 'cancel_url') || null;
      checkUrl(successUrl, 'success_url');
      checkUrl(cancelUrl, 'cancel_url');
      const setupData = map(p, 'setup_intent_data') ?? {};
      for (const key of Object.keys(setupData)) {
        if (!['metadata', 'description', 'on_behalf_of'].includes(key))
          throw unknownParam(`setup_intent_data[${key}]`);
      }
      return store.createCheckoutSession(
        {
          customer,
          customerEmail,
          currency: cur ?? null,
          paymentMethodTypes: cardOnly(types, 'payment_method_types'),
          successUrl,
          cancelUrl,
          clientReferenceId: str(p, 'client_reference_id') || null,
          metadata: createMetadata(p),
          setupMetadata: createMetadata(setupData),
          setupDescription: str(setupData, 'description', 'setup_intent_data[description]') || null,
          expiresAt: int(p, 'expires_at') ?? null,
          locale: str(p, 'locale') || null,
          payment,
        },
        origin,
      );
    },
  ),
  route(
    'GET',
    '/v1/checkout/sessions',
    ['customer', 'status', 'created', ...PAGE],
    ({ store, params: p }) => {
      const customer = str(p, 'customer');
      const status = str(p, 'status');
      const created = range(p, 'created');
      const items = [...store.checkoutSessions.values()]
        .filter(
          (s) =>
            (customer === undefined || s.customer === customer) &&
            (status === undefined || s.status === status) &&
            (!created || inRange(s.created, created)),
        )
        .sort((a, b) => b.created - a.created || store.order(b.id) - store.order(a.id));
      return list$(items, p, '/v1/checkout/sessions', 'checkout.session');
    },
  ),
  route('GET', '/v1/checkout/sessions/:id', [], ({ store }, [id]) => store.checkoutSession(id as string)),
  route('POST', '/v1/checkout/sessions/:id/expire', [], ({ store, origin }, [id]) =>
    store.expireCheckoutSession(id as string, origin),
  ),

  // SetupIntents
  route('GET', '/v1/setup_intents/:id', ['client_secret'], ({ store }, [id]) =>
    store.setupIntent(id as string),
  ),
  route(
    'GET',
    '/v1/setup_intents',
    ['customer', 'payment_method', 'created', ...PAGE],
    ({ store, params: p }) => {
      const customer = str(p, 'customer');
      const pm = str(p, 'payment_method');
      const items = [...store.setupIntents.values()]
        .filter(
          (s) =>
            (customer === undefined || s.customer === customer) &&
            (pm === undefined || s.payment_method === pm),
        )
        .sort((a, b) => b.created - a.created || store.order(b.id) - store.order(a.id));
      return list$(items, p, '/v1/setup_intents', 'setupintent');
    },
  ),

  // PaymentIntents
  route(
    'POST',
    '/v1/payment_intents',
    [
      'amount',
      'currency',
      'customer',
      'payment_method',
      'payment_method_types',
      'off_session',
      'confirm',
      'description',
      'metadata',
      'statement_descriptor_suffix',
      'receipt_email',
      'setup_future_usage',
      'capture_method',
      'confirmation_method',
      'error_on_requires_action',
      'return_url',
      'automatic_payment_methods',
      'payment_method_options',
      'mandate_data',
      'use_stripe_sdk',
    ],
    ({ store, params: p, origin }) => {
      const amount = int(p, 'amount');
      if (amount === undefined) throw missingParam('amount');
      const cur = currency(p);
      if (!cur) throw missingParam('currency');
      const confirm = bool(p, 'confirm') ?? false;
      const off = offSession(p);
      if (off !== undefined && !confirm) {
        throw invalid('The `off_session` parameter can only be passed when `confirm=true`.', 'off_session');
      }
      const capture = str(p, 'capture_method');
      if (capture !== undefined && capture !== 'automatic' && capture !== 'automatic_async') {
        throw invalid(
          `The Stripe stand-in only implements automatic capture, not capture_method=${capture}.`,
          'capture_method',
        );
      }
      cardOnly(list(p, 'payment_method_types'), 'payment_method_types');
      return store.createPaymentIntent(
        {
          amount,
          currency: cur,
          customer: str(p, 'customer') || null,
          paymentMethod: str(p, 'payment_method') || null,
          confirm,
          offSession: off ?? false,
          errorOnRequiresAction: bool(p, 'error_on_requires_action') ?? false,
          description: nullable(p, 'description') ?? null,
          metadata: createMetadata(p),
          statementDescriptorSuffix: statementDescriptorSuffix(p),
          receiptEmail: nullable(p, 'receipt_email') ?? null,
          setupFutureUsage: oneOf(p, 'setup_future_usage', ['off_session', 'on_session'] as const) ?? null,
          returnUrl: str(p, 'return_url') || null,
        },
        origin,
      );
    },
  ),
  route('GET', '/v1/payment_intents', ['customer', 'created', ...PAGE], ({ store, params: p }) =>
    list$(
      store.listPaymentIntents(str(p, 'customer') || null, range(p, 'created')),
      p,
      '/v1/payment_intents',
      'payment_intent',
    ),
  ),
  route('GET', '/v1/payment_intents/:id', ['client_secret'], ({ store }, [id]) =>
    store.paymentIntent(id as string),
  ),
  route(
    'POST',
    '/v1/payment_intents/:id',
    ['description', 'metadata', 'receipt_email', 'statement_descriptor_suffix'],
    ({ store, params: p }, [id]) => {
      const pi = store.paymentIntent(id as string);
      if (
        p.statement_descriptor_suffix !== undefined &&
        (pi.status === 'succeeded' || pi.status === 'canceled')
      ) {
        throw invalid(
          `You cannot update statement_descriptor_suffix on a PaymentIntent with a status of ${pi.status}.`,
          'statement_descriptor_suffix',
        );
      }
      const description = nullable(p, 'description');
      if (description !== undefined) pi.description = description;
      const receipt = nullable(p, 'receipt_email');
      if (receipt !== undefined) pi.receipt_email = receipt;
      if (p.statement_descriptor_suffix !== undefined)
        pi.statement_descriptor_suffix = statementDescriptorSuffix(p);
      const m = metadata(p);
      if (m !== undefined) pi.metadata = mergeMetadata(pi.metadata, m);
      return pi;
    },
  ),
  route(
    'POST',
    '/v1/payment_intents/:id/confirm',
    [
      'payment_method',
      'off_session',
      'error_on_requires_action',
      'return_url',
      'payment_method_options',
      'mandate_data',
      'use_stripe_sdk',
      'receipt_email',
    ],
    ({ store, params: p, origin }, [id]) =>
      store.confirmPaymentIntent(
        id as string,
        {
          paymentMethod: str(p, 'payment_method') || null,
          offSession: offSession(p) ?? false,
          errorOnRequiresAction: bool(p, 'error_on_requires_action') ?? false,
          returnUrl: str(p, 'return_url') || null,
        },
        origin,
      ),
  ),
  route(
    'POST',
    '/v1/payment_intents/:id/cancel',
    ['cancellation_reason'],
    ({ store, params: p, origin }, [id]) =>
      store.cancelPaymentIntent(
        id as string,
        oneOf(p, 'cancellation_reason', [
          'duplicate',
          'fraudulent',
          'requested_by_customer',
          'abandoned',
        ] as const) ?? null,
        origin,
      ),
  ),

  // Charges (read-only)
  route('GET', '/v1/charges/:id', [], ({ store }, [id]) => store.charge(id as string)),
  route('GET', '/v1/charges', ['customer', 'payment_intent', 'created', ...PAGE], ({ store, params: p }) => {
    const customer = str(p, 'customer');
    const pi = str(p, 'payment_intent');
    const created = range(p, 'created');
    const items = [...store.charges.values()]
      .filter(
        (c) =>
          (customer === undefined || c.customer === customer) &&
          (pi === undefined || c.payment_intent === pi) &&
          (!created || inRange(c.created, created)),
      )
      .sort((a, b) => b.created - a.created || store.order(b.id) - store.order(a.id));
    return list$(items, p, '/v1/charges', 'charge');
  }),

  // Refunds
  route(
    'POST',
    '/v1/refunds',
    [
      'payment_intent',
      'charge',
      'amount',
      'reason',
      'metadata',
      'instructions_email',
      'refund_application_fee',
      'reverse_transfer',
    ],
    ({ store, params: p, origin }) =>
      store.createRefund(
        {
          paymentIntent: str(p, 'payment_intent') || null,
          charge: str(p, 'charge') || null,
          amount: positiveInt(p, 'amount') ?? null,
          reason: oneOf(p, 'reason', ['duplicate', 'fraudulent', 'requested_by_customer'] as const) ?? null,
          metadata: createMetadata(p),
        },
        origin,
      ),
  ),
  route('GET', '/v1/refunds', ['payment_intent', 'charge', 'created', ...PAGE], ({ store, params: p }) =>
    list$(
      store.listRefunds(str(p, 'payment_intent') || null, str(p, 'charge') || null, range(p, 'created')),
      p,
      '/v1/refunds',
      'refund',
    ),
  ),
  route('GET', '/v1/refunds/:id', [], ({ store }, [id]) => store.refund(id as string)),

  // Disputes (read-only; made by the createDispute helper)
  route('GET', '/v1/disputes/:id', [], ({ store }, [id]) => store.dispute(id as string)),
  route('GET', '/v1/disputes', ['charge', 'payment_intent', 'created', ...PAGE], ({ store, params: p }) => {
    const charge = str(p, 'charge');
    const pi = str(p, 'payment_intent');
    const items = [...store.disputes.values()]
      .filter(
        (d) => (charge === undefined || d.charge === charge) && (pi === undefined || d.payment_intent === pi),
      )
      .sort((a, b) => b.created - a.created || store.order(b.id) - store.order(a.id));
    return list$(items, p, '/v1/disputes', 'dispute');
  }),

  // Events
  route(
    'GET',
    '/v1/events',
    ['created', 'type', 'types', 'delivery_success', ...PAGE],
    ({ store, params: p }) => {
      const type = str(p, 'type') || null;
      const types = list(p, 'types') ?? null;
      if (type && types) throw invalid('You may only specify one of these parameters: type, types.');
      if (types && types.length > 20) throw invalid('You may pass at most 20 event types.', 'types');
      return list$(store.listEvents({ type, types, created: range(p, 'created') }), p, '/v1/events', 'event');
    },
  ),
  route('GET', '/v1/events/:id', [], ({ store }, [id]) => store.event(id as string)),

  // "Test connection"
  route('GET', '/v1/balance', [], ({ store, origin, account }) => {
    const byCurrency = new Map<string, number>();
    for (const c of store.charges.values()) {
      if (c.status !== 'succeeded') continue;
      byCurrency.set(c.currency, (byCurrency.get(c.currency) ?? 0) + c.amount_captured - c.amount_refunded);
    }
    if (byCurrency.size === 0) byCurrency.set(account.defaultCurrency, 0);
    const entries = [...byCurrency].map(([cur, amount]) => ({
      amount,
      currency: cur,
      source_types: { card: amount },
    }));
    return {
      object: 'balance',
      available: entries,
      livemode: origin.livemode,
      pending: entries.map((e) => ({ ...e, amount: 0, source_types: { card: 0 } })),
    };
  }),
  route('GET', '/v1/account', [], ({ account }) => accountObject(account)),
  route('GET', '/v1/accounts/:id', [], ({ account }, [id]) => {
    if (id !== account.id)
      throw new StandinError(404, {
        type: 'invalid_request_error',
        message: `No such account: '${id}'`,
        code: 'resource_missing',
        param: 'account',
      });
    return accountObject(account);
  }),
];

function accountObject(account: AccountInfo): Record<string, unknown> {
  return {
    id: account.id,
    object: 'account',
    business_profile: { name: account.name, support_email: account.email, url: null },
    business_type: 'company',
    capabilities: { card_payments: 'active', transfers: 'active' },
    charges_enabled: true,
    country: account.country,
    created: 1700000000,
    default_currency: account.defaultCurrency,
    details_submitted: true,
    email: account.email,
    metadata: {},
    payouts_enabled: true,
    settings: {
      dashboard: { display_name: account.name, timezone: 'Etc/UTC' },
      payments: { statement_descriptor: account.statementDescriptor },
    },
    type: 'standard',
  };
}

function noSuchPm(id: string): StandinError {
  return new StandinError(404, {
    type: 'invalid_request_error',
    message: `No such PaymentMethod: '${id}'`,
    code: 'resource_missing',
    param: 'payment_method',
  });
}

export interface Matched {
  route: Route;
  ids: string[];
}

/** The route for a request, or a Stripe-style 404 "Unrecognized request URL". */
export function match(method: string, path: string): Matched {
  for (const r of ROUTES) {
    if (r.method !== method) continue;
    const m = r.pattern.exec(path);
    if (m) return { route: r, ids: m.slice(1) };
  }
  throw new StandinError(404, {
    type: 'invalid_request_error',
    message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  });
}

export function run(matched: Matched, ctx: ApiContext): unknown {
  allow(ctx.params, matched.route.allowed);
  const expand = list(ctx.params, 'expand') ?? [];
  const result = structuredClone(matched.route.handle(ctx, matched.ids));
  for (const path of expand) expandPath(result, path.split('.'), ctx.store, path);
  return result;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Replaces id strings along `a.b.c` with the objects they name (lists: `data.x`). */
function expandPath(value: unknown, segments: string[], store: StandinStore, full: string): void {
  if (segments.length === 0 || !isRecord(value)) return;
  const [head, ...rest] = segments as [string, ...string[]];
  if (!(head in value)) throw invalid(`This property cannot be expanded (${full}).`, 'expand');
  const field = value[head];
  if (head === 'data' && Array.isArray(field) && value.object === 'list') {
    for (const item of field) expandPath(item, rest, store, full);
    return;
  }
  if (field === null) return;
  if (typeof field === 'string') {
    const target = store.lookup(field);
    if (!target) throw invalid(`This property cannot be expanded (${full}).`, 'expand');
    value[head] = structuredClone(target);
  } else if (!isRecord(field)) {
    throw invalid(`This property cannot be expanded (${full}).`, 'expand');
  }
  expandPath(value[head], rest, store, full);
}
