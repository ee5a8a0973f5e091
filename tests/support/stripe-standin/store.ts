/**
 * The stand-in's account: every object, and the rules Stripe applies to them. No HTTP here — the
 * server (server.ts) maps requests onto these operations, and the test helpers call them directly.
 */
import { randomBytes } from 'node:crypto';
import { cardByToken, TEST_CARDS, type TestCard } from './cards';
import { docUrl, invalid, noSuch, StandinError, type StripeErrorBody } from './errors';
import type {
  ChargeObject,
  CheckoutSessionObject,
  CustomerObject,
  DeletedCustomerObject,
  DisputeObject,
  EventObject,
  LastError,
  ListObject,
  Metadata,
  PaymentIntentObject,
  PaymentMethodObject,
  RefundObject,
  RequestRef,
  SetupIntentObject,
  StripeObject,
} from './objects';

/** Who caused a change: the API request (id, idempotency key) or nobody (dashboard, card network). */
export interface Origin {
  request: RequestRef;
  livemode: boolean;
}

export const NO_REQUEST: Origin = { request: { id: null, idempotency_key: null }, livemode: false };

export interface StoreConfig {
  /** Milliseconds since the epoch. */
  now: () => number;
  /** The server's own address, for Checkout URLs and 3-D Secure pages. */
  baseUrl: () => string;
  apiVersion: string;
  statementDescriptor: string;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[(bytes[i] as number) % ALPHABET.length];
  return out;
}

/** Smallest chargeable amounts Stripe enforces for the common settlement currencies. */
const MINIMUM_AMOUNT: Record<string, number> = {
  usd: 50,
  eur: 50,
  gbp: 30,
  cad: 50,
  aud: 50,
  nzd: 50,
  chf: 50,
  sgd: 50,
  dkk: 250,
  nok: 300,
  sek: 300,
  jpy: 50,
  mxn: 1000,
};
const ZERO_DECIMAL = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
]);

export function formatMoney(amount: number, currency: string): string {
  const value = ZERO_DECIMAL.has(currency) ? amount : amount / 100;
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() }).format(
      value,
    );
  } catch {
    return `${value.toFixed(2)} ${currency.toUpperCase()}`;
  }
}

function minimumAmountMessage(currency: string, minimum: number): string {
  return `Amount must be at least ${formatMoney(minimum, currency)} ${currency}`;
}

const snapshot = <T>(value: T): T => structuredClone(value);

export interface CustomerInput {
  email?: string | null;
  name?: string | null;
  phone?: string | null;
  description?: string | null;
  metadata?: Metadata | null;
  paymentMethod?: string;
  defaultPaymentMethod?: string | null;
}

export interface CheckoutInput {
  customer: string | null;
  customerEmail: string | null;
  currency: string | null;
  paymentMethodTypes: string[];
  successUrl: string | null;
  cancelUrl: string | null;
  clientReferenceId: string | null;
  metadata: Metadata;
  setupMetadata: Metadata;
  setupDescription: string | null;
  expiresAt: number | null;
  locale: string | null;
  /** Payment mode: what the page collects; null for setup mode. */
  payment: { amount: number; description: string | null; intentMetadata: Metadata } | null;
}

export interface PaymentIntentInput {
  amount: number;
  currency: string;
  customer: string | null;
  paymentMethod: string | null;
  confirm: boolean;
  offSession: boolean;
  errorOnRequiresAction: boolean;
  description: string | null;
  metadata: Metadata;
  statementDescriptorSuffix: string | null;
  receiptEmail: string | null;
  setupFutureUsage: string | null;
  returnUrl: string | null;
}

export interface ConfirmInput {
  paymentMethod: string | null;
  offSession: boolean;
  errorOnRequiresAction: boolean;
  returnUrl: string | null;
}

export interface RefundInput {
  paymentIntent: string | null;
  charge: string | null;
  amount: number | null;
  reason: string | null;
  metadata: Metadata;
}

export interface EventFilter {
  types: string[] | null;
  type: string | null;
  created: RangeFilter | null;
}

export interface RangeFilter {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  eq?: number;
}

export interface PageParams {
  limit: number;
  startingAfter: string | null;
  endingBefore: string | null;
}

export class StandinStore {
  readonly customers = new Map<string, CustomerObject>();
  readonly deletedCustomers = new Set<string>();
  readonly paymentMethods = new Map<string, PaymentMethodObject>();
  readonly setupIntents = new Map<string, SetupIntentObject>();
  readonly checkoutSessions = new Map<string, CheckoutSessionObject>();
  readonly sessionPayments = new Map<string, NonNullable<CheckoutInput['payment']>>();
  readonly paymentIntents = new Map<string, PaymentIntentObject>();
  readonly charges = new Map<string, ChargeObject>();
  readonly refunds = new Map<string, RefundObject>();
  readonly disputes = new Map<string, DisputeObject>();
  readonly events = new Map<string, EventObject>();
  /** Which test card each PaymentMethod behaves as. */
  readonly cardOf = new Map<string, TestCard>();
  /** PaymentMethods that were detached: Stripe refuses to use them again. */
  readonly detached = new Set<string>();
  /** Creation order, to break ties between objects created in the same second. */
  private readonly seq = new Map<string, number>();
  private counter = 0;

  constructor(private readonly config: StoreConfig) {}

  /** Unix seconds, like every `created` in the API. */
  seconds(): number {
    return Math.floor(this.config.now() / 1000);
  }

  private id(prefix: string, length = 24): string {
    const id = `${prefix}${randomToken(length)}`;
    this.seq.set(id, ++this.counter);
    return id;
  }

  order(id: string): number {
    return this.seq.get(id) ?? 0;
  }

  private emit(
    type: string,
    object: StripeObject,
    origin: Origin,
    previous?: Record<string, unknown>,
  ): EventObject {
    const event: EventObject = {
      id: this.id('evt_1'),
      object: 'event',
      api_version: this.config.apiVersion,
      created: this.seconds(),
      data: previous
        ? { object: snapshot(object), previous_attributes: previous }
        : { object: snapshot(object) },
      livemode: origin.livemode,
      pending_webhooks: 0,
      request: { ...origin.request },
      type,
    };
    this.events.set(event.id, event);
    return event;
  }

  // ── lookups ────────────────────────────────────────────────────────────────

  customer(id: string, param = 'id'): CustomerObject {
    const c = this.customers.get(id);
    if (!c) throw noSuch('customer', id, param);
    return c;
  }

  customerOrDeleted(id: string): CustomerObject | DeletedCustomerObject {
    if (this.deletedCustomers.has(id)) return { id, object: 'customer', deleted: true };
    return this.customer(id);
  }

  paymentMethod(id: string, param = 'id'): PaymentMethodObject {
    const pm = this.paymentMethods.get(id);
    if (!pm) throw noSuch('PaymentMethod', id, param);
    return pm;
  }

  setupIntent(id: string, param = 'id'): SetupIntentObject {
    const si = this.setupIntents.get(id);
    if (!si) throw noSuch('setupintent', id, param);
    return si;
  }

  checkoutSession(id: string, param = 'id'): CheckoutSessionObject {
    const cs = this.checkoutSessions.get(id);
    if (!cs) throw noSuch('checkout.session', id, param);
    return cs;
  }

  paymentIntent(id: string, param = 'id'): PaymentIntentObject {
    const pi = this.paymentIntents.get(id);
    if (!pi) throw noSuch('payment_intent', id, param);
    return pi;
  }

  charge(id: string, param = 'id'): ChargeObject {
    const ch = this.charges.get(id);
    if (!ch) throw noSuch('charge', id, param);
    return ch;
  }

  refund(id: string, param = 'id'): RefundObject {
    const re = this.refunds.get(id);
    if (!re) throw noSuch('refund', id, param);
    return re;
  }

  dispute(id: string, param = 'id'): DisputeObject {
    const dp = this.disputes.get(id);
    if (!dp) throw noSuch('dispute', id, param);
    return dp;
  }

  event(id: string, param = 'id'): EventObject {
    const ev = this.events.get(id);
    if (!ev) throw noSuch('event', id, param);
    return ev;
  }

  /** Resolves any id to its object (for `expand`), or undefined. */
  lookup(id: string): StripeObject | DeletedCustomerObject | undefined {
    if (id.startsWith('cus_'))
      return this.deletedCustomers.has(id) ? this.customerOrDeleted(id) : this.customers.get(id);
    if (id.startsWith('pm_')) return this.paymentMethods.get(id);
    if (id.startsWith('seti_')) return this.setupIntents.get(id);
    if (id.startsWith('cs_')) return this.checkoutSessions.get(id);
    if (id.startsWith('pi_')) return this.paymentIntents.get(id);
    if (id.startsWith('ch_') || id.startsWith('py_')) return this.charges.get(id);
    if (id.startsWith('re_')) return this.refunds.get(id);
    if (id.startsWith('dp_') || id.startsWith('du_')) return this.disputes.get(id);
    return undefined;
  }

  // ── customers ──────────────────────────────────────────────────────────────

  createCustomer(input: CustomerInput, origin: Origin): CustomerObject {
    const customer: CustomerObject = {
      id: `cus_${randomToken(14)}`,
      object: 'customer',
      address: null,
      balance: 0,
      created: this.seconds(),
      currency: null,
      default_source: null,
      delinquent: false,
      description: input.description ?? null,
      discount: null,
      email: input.email ?? null,
      invoice_prefix: randomToken(8).toUpperCase(),
      invoice_settings: {
        custom_fields: null,
        default_payment_method: null,
        footer: null,
        rendering_options: null,
      },
      livemode: origin.livemode,
      metadata: input.metadata ?? {},
      name: input.name ?? null,
      next_invoice_sequence: 1,
      phone: input.phone ?? null,
      preferred_locales: [],
      shipping: null,
      tax_exempt: 'none',
      test_clock: null,
    };
    this.seq.set(customer.id, ++this.counter);
    let pm: PaymentMethodObject | null = null;
    if (input.paymentMethod) {
      pm = this.usablePaymentMethod(input.paymentMethod, 'payment_method', origin);
      if (pm.customer)
        throw invalid(
          `The payment method you provided has already been attached to a customer.`,
          'payment_method',
        );
    }
    // Stripe accepts the default being the payment method attached by this same call (even a test token).
    const defaultPm = input.defaultPaymentMethod;
    if (defaultPm && (!pm || (defaultPm !== pm.id && defaultPm !== input.paymentMethod))) {
      throw invalid(this.notAttachedMessage(defaultPm), 'invoice_settings[default_payment_method]');
    }
    this.customers.set(customer.id, customer);
    if (pm && defaultPm) customer.invoice_settings.default_payment_method = pm.id;
    this.emit('customer.created', customer, origin);
    if (pm) this.attach(pm, customer.id, origin);
    return customer;
  }

  private notAttachedMessage(pm: string): string {
    return `The customer does not have a payment method with the ID ${pm}. The payment method must be attached to the customer.`;
  }

  updateCustomer(
    id: string,
    input: CustomerInput,
    metadataUpdate: Metadata | null | undefined,
    origin: Origin,
  ): CustomerObject {
    const customer = this.customer(id);
    if (input.defaultPaymentMethod) {
      const pm = this.paymentMethods.get(input.defaultPaymentMethod);
      if (!pm || pm.customer !== customer.id) {
        throw invalid(
          this.notAttachedMessage(input.defaultPaymentMethod),
          'invoice_settings[default_payment_method]',
        );
      }
    }
    const previous: Record<string, unknown> = {};
    const set = <K extends keyof CustomerObject>(key: K, value: CustomerObject[K]): void => {
      if (JSON.stringify(customer[key]) === JSON.stringify(value)) return;
      previous[key] = snapshot(customer[key]);
      customer[key] = value;
    };
    if (input.email !== undefined) set('email', input.email);
    if (input.name !== undefined) set('name', input.name);
    if (input.phone !== undefined) set('phone', input.phone);
    if (input.description !== undefined) set('description', input.description);
    if (metadataUpdate !== undefined) set('metadata', mergeMetadata(customer.metadata, metadataUpdate));
    if (input.defaultPaymentMethod !== undefined) {
      set('invoice_settings', {
        ...customer.invoice_settings,
        default_payment_method: input.defaultPaymentMethod,
      });
    }
    if (Object.keys(previous).length > 0) this.emit('customer.updated', customer, origin, previous);
    return customer;
  }

  deleteCustomer(id: string, origin: Origin): DeletedCustomerObject {
    const customer = this.customer(id);
    for (const pm of this.paymentMethods.values()) {
      if (pm.customer === id) {
        pm.customer = null;
        this.detached.add(pm.id);
      }
    }
    this.customers.delete(id);
    this.deletedCustomers.add(id);
    this.emit('customer.deleted', customer, origin);
    return { id, object: 'customer', deleted: true };
  }

  // ── payment methods ────────────────────────────────────────────────────────

  /** A new PaymentMethod that behaves as the given test card. */
  createCardPaymentMethod(
    card: TestCard,
    origin: Origin,
    billing: { email?: string | null; name?: string | null } = {},
  ): PaymentMethodObject {
    const pm: PaymentMethodObject = {
      id: this.id('pm_1'),
      object: 'payment_method',
      allow_redisplay: 'unspecified',
      billing_details: {
        address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
        email: billing.email ?? null,
        name: billing.name ?? null,
        phone: null,
        tax_id: null,
      },
      card: {
        brand: card.brand,
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
        country: card.country,
        display_brand: card.brand === 'amex' ? 'american_express' : card.brand,
        exp_month: card.expMonth,
        exp_year: card.expYear,
        fingerprint: fingerprintOf(card),
        funding: card.funding,
        generated_from: null,
        last4: card.last4,
        networks: { available: [card.brand], preferred: null },
        regulated_status: 'unregulated',
        three_d_secure_usage: { supported: true },
        wallet: null,
      },
      created: this.seconds(),
      customer: null,
      livemode: origin.livemode,
      metadata: {},
      type: 'card',
    };
    this.paymentMethods.set(pm.id, pm);
    this.cardOf.set(pm.id, card);
    return pm;
  }

  /** A PaymentMethod id or a test token (`pm_card_visa`, which makes a fresh PaymentMethod). */
  usablePaymentMethod(idOrToken: string, param: string, origin: Origin): PaymentMethodObject {
    const card = cardByToken(idOrToken);
    if (card) return this.createCardPaymentMethod(card, origin);
    const pm = this.paymentMethod(idOrToken, param);
    this.assertReusable(pm, param);
    return pm;
  }

  private assertReusable(pm: PaymentMethodObject, param: string): void {
    if (this.detached.has(pm.id)) {
      throw invalid(
        'The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a connected account without Customer attachment, or was detached from a Customer. It may not be used again. To use a PaymentMethod multiple times, you must attach it to a Customer first.',
        param,
      );
    }
  }

  attach(pm: PaymentMethodObject, customerId: string, origin: Origin): PaymentMethodObject {
    this.customer(customerId, 'customer');
    if (pm.customer === customerId) return pm;
    if (pm.customer)
      throw invalid(`The payment method you provided has already been attached to a customer.`, 'customer');
    this.assertReusable(pm, 'id');
    pm.customer = customerId;
    this.emit('payment_method.attached', pm, origin);
    return pm;
  }

  attachById(idOrToken: string, customerId: string, origin: Origin): PaymentMethodObject {
    const pm = this.usablePaymentMethod(idOrToken, 'id', origin);
    return this.attach(pm, customerId, origin);
  }

  detach(id: string, origin: Origin): PaymentMethodObject {
    const pm = this.paymentMethod(id);
    if (!pm.customer) {
      throw invalid(
        'The payment method you provided is not attached to a customer so detachment is impossible.',
        undefined,
        'payment_method_unexpected_state',
      );
    }
    const customer = this.customers.get(pm.customer);
    const previous = { customer: pm.customer };
    pm.customer = null;
    this.detached.add(pm.id);
    if (customer && customer.invoice_settings.default_payment_method === pm.id) {
      customer.invoice_settings = { ...customer.invoice_settings, default_payment_method: null };
      this.emit('customer.updated', customer, origin, {
        invoice_settings: { default_payment_method: pm.id },
      });
    }
    this.emit('payment_method.detached', pm, origin, previous);
    return pm;
  }

  paymentMethodsOf(customerId: string): PaymentMethodObject[] {
    return newestFirst(
      [...this.paymentMethods.values()].filter((pm) => pm.customer === customerId),
      (pm) => pm.created,
      (pm) => this.order(pm.id),
    );
  }

  // ── Checkout Sessions (setup mode, and payment mode for bringing a member back on-session) ──

  createCheckoutSession(input: CheckoutInput, origin: Origin): CheckoutSessionObject {
    const created = this.seconds();
    if (input.customer) this.customer(input.customer, 'customer');
    const expiresAt = input.expiresAt ?? created + 24 * 3600;
    if (input.expiresAt !== null) {
      if (expiresAt < created + 30 * 60 || expiresAt > created + 24 * 3600) {
        throw invalid(
          'The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.',
          'expires_at',
          'parameter_invalid_integer',
        );
      }
    }
    const setupIntent: SetupIntentObject | null = input.payment
      ? null
      : {
          id: this.id('seti_1'),
          object: 'setup_intent',
          application: null,
          automatic_payment_methods: null,
          cancellation_reason: null,
          client_secret: '',
          created,
          customer: input.customer,
          description: input.setupDescription,
          flow_directions: null,
          last_setup_error: null,
          latest_attempt: null,
          livemode: origin.livemode,
          mandate: null,
          metadata: input.setupMetadata,
          next_action: null,
          on_behalf_of: null,
          payment_method: null,
          payment_method_configuration_details: null,
          payment_method_options: {
            card: { mandate_options: null, network: null, request_three_d_secure: 'automatic' },
          },
          payment_method_types: input.paymentMethodTypes,
          single_use_mandate: null,
          status: 'requires_payment_method',
          usage: 'off_session',
        };
    if (setupIntent) setupIntent.client_secret = `${setupIntent.id}_secret_${randomToken(24)}`;
    const id = `cs_test_a1${randomToken(58)}`;
    this.seq.set(id, ++this.counter);
    const session: CheckoutSessionObject = {
      id,
      object: 'checkout.session',
      after_expiration: null,
      allow_promotion_codes: null,
      amount_subtotal: input.payment?.amount ?? null,
      amount_total: input.payment?.amount ?? null,
      automatic_tax: { enabled: false, liability: null, provider: null, status: null },
      billing_address_collection: null,
      cancel_url: input.cancelUrl,
      client_reference_id: input.clientReferenceId,
      client_secret: null,
      consent: null,
      consent_collection: null,
      created,
      currency: input.currency,
      custom_fields: [],
      custom_text: {
        after_submit: null,
        shipping_address: null,
        submit: null,
        terms_of_service_acceptance: null,
      },
      customer: input.customer,
      customer_creation: null,
      customer_details: null,
      customer_email: input.customerEmail,
      expires_at: expiresAt,
      invoice: null,
      invoice_creation: null,
      livemode: origin.livemode,
      locale: input.locale,
      metadata: input.metadata,
      mode: input.payment ? 'payment' : 'setup',
      payment_intent: null,
      payment_link: null,
      payment_method_collection: 'always',
      payment_method_options: {},
      payment_method_types: input.paymentMethodTypes,
      payment_status: input.payment ? 'unpaid' : 'no_payment_required',
      setup_intent: setupIntent?.id ?? null,
      shipping_address_collection: null,
      shipping_cost: null,
      shipping_options: [],
      status: 'open',
      submit_type: null,
      subscription: null,
      success_url: input.successUrl,
      total_details: null,
      ui_mode: 'hosted',
      url: `${this.config.baseUrl()}/pay/${id}`,
    };
    if (setupIntent) this.setupIntents.set(setupIntent.id, setupIntent);
    if (input.payment) this.sessionPayments.set(session.id, input.payment);
    this.checkoutSessions.set(session.id, session);
    if (setupIntent) this.emit('setup_intent.created', setupIntent, origin);
    return session;
  }

  /** The customer saved a card on the Checkout page. */
  completeCheckoutSession(id: string, card: TestCard, origin: Origin): CheckoutSessionObject {
    this.sweepExpiredSessions();
    const session = this.checkoutSession(id);
    if (session.status !== 'open') {
      throw invalid(
        `This Checkout Session is ${session.status} and can no longer be completed.`,
        undefined,
        'checkout_session_not_open',
      );
    }
    const customer = session.customer ? this.customers.get(session.customer) : undefined;
    const email = customer?.email ?? session.customer_email;
    const pm = this.createCardPaymentMethod(card, origin, { email, name: customer?.name ?? null });
    if (customer) this.attach(pm, customer.id, origin);
    const payment = this.sessionPayments.get(session.id);
    if (payment) {
      // On the page the member is present, so 3-D Secure is done there; a decline throws, and the
      // session stays open for another card, as on Stripe.
      let pi = this.createPaymentIntent(
        {
          amount: payment.amount,
          currency: session.currency ?? 'usd',
          customer: session.customer,
          paymentMethod: pm.id,
          confirm: true,
          offSession: false,
          errorOnRequiresAction: false,
          description: payment.description,
          metadata: payment.intentMetadata,
          statementDescriptorSuffix: null,
          receiptEmail: null,
          setupFutureUsage: null,
          returnUrl: null,
        },
        origin,
      );
      if (pi.status === 'requires_action') pi = this.authenticatePaymentIntent(pi.id, true, origin);
      session.payment_intent = pi.id;
      session.payment_status = 'paid';
    }
    if (session.setup_intent) {
      const si = this.setupIntent(session.setup_intent);
      si.status = 'succeeded';
      si.payment_method = pm.id;
      si.latest_attempt = `setatt_${randomToken(24)}`;
      this.emit('setup_intent.succeeded', si, origin);
    }
    session.status = 'complete';
    session.url = null;
    session.customer_details = {
      address: null,
      email,
      name: customer?.name ?? null,
      phone: null,
      tax_exempt: 'none',
      tax_ids: null,
    };
    this.emit('checkout.session.completed', session, origin);
    return session;
  }

  expireCheckoutSession(id: string, origin: Origin): CheckoutSessionObject {
    this.sweepExpiredSessions();
    const session = this.checkoutSession(id);
    if (session.status !== 'open') {
      throw invalid(
        `Only Checkout Sessions with a status of \`open\` can be expired. This session has a status of \`${session.status}\`.`,
      );
    }
    this.expire(session, origin);
    return session;
  }

  private expire(session: CheckoutSessionObject, origin: Origin): void {
    session.status = 'expired';
    session.url = null;
    if (session.setup_intent) {
      const si = this.setupIntents.get(session.setup_intent);
      if (si && si.status !== 'succeeded') {
        si.status = 'canceled';
        si.cancellation_reason = 'abandoned';
        this.emit('setup_intent.canceled', si, origin);
      }
    }
    this.emit('checkout.session.expired', session, origin);
  }

  /** Sessions past `expires_at` expire on their own, as on Stripe. */
  sweepExpiredSessions(): void {
    const now = this.seconds();
    for (const session of this.checkoutSessions.values()) {
      if (session.status === 'open' && now >= session.expires_at) this.expire(session, NO_REQUEST);
    }
  }

  // ── PaymentIntents ─────────────────────────────────────────────────────────

  createPaymentIntent(input: PaymentIntentInput, origin: Origin): PaymentIntentObject {
    const minimum = MINIMUM_AMOUNT[input.currency] ?? 1;
    if (input.amount < minimum) {
      throw invalid(minimumAmountMessage(input.currency, minimum), 'amount', 'amount_too_small');
    }
    if (input.amount > 99999999) {
      throw invalid('Amount must be no more than $999,999.99', 'amount', 'amount_too_large');
    }
    if (input.customer) this.customer(input.customer, 'customer');
    let pm: PaymentMethodObject | null = null;
    if (input.paymentMethod) {
      pm = this.usablePaymentMethod(input.paymentMethod, 'payment_method', origin);
      this.checkOwnership(pm, input.customer);
    }
    if (input.confirm && !pm) {
      throw invalid(
        "You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the PaymentIntent with a payment method, pass `payment_method` when creating it.",
        'payment_method',
        'payment_intent_unexpected_state',
      );
    }
    const id = this.id('pi_3');
    const pi: PaymentIntentObject = {
      id,
      object: 'payment_intent',
      amount: input.amount,
      amount_capturable: 0,
      amount_details: { tip: {} },
      amount_received: 0,
      application: null,
      application_fee_amount: null,
      automatic_payment_methods: null,
      canceled_at: null,
      cancellation_reason: null,
      capture_method: 'automatic',
      client_secret: `${id}_secret_${randomToken(25)}`,
      confirmation_method: 'automatic',
      created: this.seconds(),
      currency: input.currency,
      customer: input.customer,
      description: input.description,
      excluded_payment_method_types: null,
      last_payment_error: null,
      latest_charge: null,
      livemode: origin.livemode,
      metadata: input.metadata,
      next_action: null,
      on_behalf_of: null,
      payment_method: pm ? pm.id : null,
      payment_method_configuration_details: null,
      payment_method_options: {
        card: {
          installments: null,
          mandate_options: null,
          network: null,
          request_three_d_secure: 'automatic',
        },
      },
      payment_method_types: ['card'],
      processing: null,
      receipt_email: input.receiptEmail,
      review: null,
      setup_future_usage: input.setupFutureUsage,
      shipping: null,
      source: null,
      statement_descriptor: null,
      statement_descriptor_suffix: input.statementDescriptorSuffix,
      status: pm ? 'requires_confirmation' : 'requires_payment_method',
      transfer_data: null,
      transfer_group: null,
    };
    this.paymentIntents.set(pi.id, pi);
    this.emit('payment_intent.created', pi, origin);
    if (input.confirm && pm) {
      this.attempt(
        pi,
        pm,
        {
          offSession: input.offSession,
          errorOnRequiresAction: input.errorOnRequiresAction,
          returnUrl: input.returnUrl,
        },
        origin,
      );
    }
    return pi;
  }

  private checkOwnership(pm: PaymentMethodObject, customer: string | null): void {
    if (pm.customer && !customer) {
      throw invalid(
        `The PaymentMethod provided (${pm.id}) belongs to a Customer, but you did not provide the Customer. Please include the Customer in the \`customer\` parameter on the PaymentIntent.`,
        'payment_method',
      );
    }
    if (pm.customer && customer && pm.customer !== customer) {
      throw invalid(
        `The provided PaymentMethod (${pm.id}) belongs to a different Customer (${pm.customer}) than the one on this PaymentIntent (${customer}).`,
        'payment_method',
      );
    }
  }

  confirmPaymentIntent(id: string, input: ConfirmInput, origin: Origin): PaymentIntentObject {
    const pi = this.paymentIntent(id);
    if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(pi.status)) {
      const state =
        pi.status === 'succeeded'
          ? 'it has already succeeded after being previously confirmed'
          : `it has a status of ${pi.status}`;
      throw this.unexpectedState(pi, `You cannot confirm this PaymentIntent because ${state}.`);
    }
    let pm: PaymentMethodObject | null = null;
    if (input.paymentMethod) {
      pm = this.usablePaymentMethod(input.paymentMethod, 'payment_method', origin);
      this.checkOwnership(pm, pi.customer);
    } else if (pi.payment_method) {
      pm = this.paymentMethod(pi.payment_method, 'payment_method');
    }
    if (!pm) {
      throw invalid(
        "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
        undefined,
        'payment_intent_unexpected_state',
      );
    }
    pi.payment_method = pm.id;
    this.attempt(pi, pm, input, origin);
    return pi;
  }

  cancelPaymentIntent(id: string, reason: string | null, origin: Origin): PaymentIntentObject {
    const pi = this.paymentIntent(id);
    if (pi.status === 'succeeded' || pi.status === 'canceled') {
      throw this.unexpectedState(
        pi,
        `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`,
      );
    }
    pi.status = 'canceled';
    pi.canceled_at = this.seconds();
    pi.cancellation_reason = reason;
    pi.next_action = null;
    this.emit('payment_intent.canceled', pi, origin);
    return pi;
  }

  private unexpectedState(pi: PaymentIntentObject, message: string): StandinError {
    const err = invalid(message, undefined, 'payment_intent_unexpected_state');
    err.body.payment_intent = snapshot(pi);
    return err;
  }

  /**
   * One payment attempt with a card: a charge that succeeds, or a decline (402 with the
   * PaymentIntent inside the error), or 3-D Secure (requires_action on-session; an
   * `authentication_required` decline off-session).
   */
  private attempt(
    pi: PaymentIntentObject,
    pm: PaymentMethodObject,
    how: { offSession: boolean; errorOnRequiresAction: boolean; returnUrl: string | null },
    origin: Origin,
  ): void {
    const card = this.cardOf.get(pm.id) ?? (TEST_CARDS[0] as TestCard);
    const outcome = card.outcome;
    if (outcome.kind === 'succeed') {
      this.succeed(pi, pm, origin);
      return;
    }
    if (outcome.kind === 'authenticate' && !how.offSession && !how.errorOnRequiresAction) {
      pi.status = 'requires_action';
      pi.payment_method = pm.id;
      const url = `${this.config.baseUrl()}/authenticate/${pi.id}`;
      pi.next_action = how.returnUrl
        ? { type: 'redirect_to_url', redirect_to_url: { return_url: how.returnUrl, url } }
        : { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: url } };
      this.emit('payment_intent.requires_action', pi, origin);
      return;
    }
    const failure =
      outcome.kind === 'decline'
        ? {
            code: outcome.code,
            declineCode: outcome.declineCode,
            message: outcome.message,
            param: outcome.param,
          }
        : {
            code: 'authentication_required',
            declineCode: 'authentication_required',
            message: 'Your card was declined. This transaction requires authentication.',
            param: undefined,
          };
    const charge = this.createCharge(pi, pm, origin, failure);
    const lastError: LastError = {
      type: 'card_error',
      code: failure.code,
      decline_code: failure.declineCode,
      message: failure.message,
      doc_url: docUrl(failure.code),
      charge: charge.id,
      payment_method: snapshot(pm),
    };
    if (failure.param) lastError.param = failure.param;
    pi.status = 'requires_payment_method';
    pi.payment_method = null;
    pi.next_action = null;
    pi.latest_charge = charge.id;
    pi.last_payment_error = lastError;
    this.emit('charge.failed', charge, origin);
    this.emit('payment_intent.payment_failed', pi, origin);
    const body: StripeErrorBody = { ...snapshot(lastError), payment_intent: snapshot(pi) };
    body.request_log_url = `${this.config.baseUrl()}/logs/${origin.request.id ?? ''}`;
    throw new StandinError(402, body);
  }

  private succeed(pi: PaymentIntentObject, pm: PaymentMethodObject, origin: Origin): void {
    const charge = this.createCharge(pi, pm, origin, null);
    pi.status = 'succeeded';
    pi.payment_method = pm.id;
    pi.amount_received = pi.amount;
    pi.latest_charge = charge.id;
    pi.last_payment_error = null;
    pi.next_action = null;
    this.emit('charge.succeeded', charge, origin);
    this.emit('payment_intent.succeeded', pi, origin);
  }

  /** The customer finished (or failed) 3-D Secure for a PaymentIntent in `requires_action`. */
  authenticatePaymentIntent(id: string, succeed: boolean, origin: Origin): PaymentIntentObject {
    const pi = this.paymentIntent(id);
    if (pi.status !== 'requires_action' || !pi.payment_method) {
      throw this.unexpectedState(
        pi,
        `This PaymentIntent has a status of ${pi.status}; there is nothing to authenticate.`,
      );
    }
    const pm = this.paymentMethod(pi.payment_method);
    if (succeed) {
      this.succeed(pi, pm, origin);
      return pi;
    }
    pi.status = 'requires_payment_method';
    pi.payment_method = null;
    pi.next_action = null;
    pi.last_payment_error = {
      type: 'invalid_request_error',
      code: 'payment_intent_authentication_failure',
      message:
        'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.',
      doc_url: docUrl('payment_intent_authentication_failure'),
      payment_method: snapshot(pm),
    };
    this.emit('payment_intent.payment_failed', pi, origin);
    return pi;
  }

  private createCharge(
    pi: PaymentIntentObject,
    pm: PaymentMethodObject,
    origin: Origin,
    failure: { code: string; declineCode: string; message: string } | null,
  ): ChargeObject {
    const id = this.id('ch_3');
    const suffix = pi.statement_descriptor_suffix;
    const charge: ChargeObject = {
      id,
      object: 'charge',
      amount: pi.amount,
      amount_captured: failure ? 0 : pi.amount,
      amount_refunded: 0,
      application: null,
      application_fee: null,
      application_fee_amount: null,
      balance_transaction: failure ? null : `txn_3${randomToken(24)}`,
      billing_details: snapshot(pm.billing_details),
      calculated_statement_descriptor: suffix
        ? `${this.config.statementDescriptor}* ${suffix}`.slice(0, 22)
        : this.config.statementDescriptor,
      captured: !failure,
      created: this.seconds(),
      currency: pi.currency,
      customer: pi.customer,
      description: pi.description,
      disputed: false,
      failure_balance_transaction: null,
      failure_code: failure ? failure.code : null,
      failure_message: failure ? failure.message : null,
      fraud_details: {},
      livemode: origin.livemode,
      metadata: { ...pi.metadata },
      on_behalf_of: null,
      outcome: failure
        ? {
            advice_code: null,
            network_advice_code: null,
            network_decline_code: null,
            network_status: 'declined_by_network',
            reason: failure.declineCode,
            risk_level: 'normal',
            risk_score: 20,
            seller_message: 'The bank did not return any further details with this decline.',
            type: 'issuer_declined',
          }
        : {
            advice_code: null,
            network_advice_code: null,
            network_decline_code: null,
            network_status: 'approved_by_network',
            reason: null,
            risk_level: 'normal',
            risk_score: 20,
            seller_message: 'Payment complete.',
            type: 'authorized',
          },
      paid: !failure,
      payment_intent: pi.id,
      payment_method: pm.id,
      payment_method_details: {
        card: {
          amount_authorized: failure ? null : pi.amount,
          brand: pm.card.brand,
          checks: snapshot(pm.card.checks),
          country: pm.card.country,
          exp_month: pm.card.exp_month,
          exp_year: pm.card.exp_year,
          fingerprint: pm.card.fingerprint,
          funding: pm.card.funding,
          last4: pm.card.last4,
          network: pm.card.brand,
          three_d_secure: null,
          wallet: null,
        },
        type: 'card',
      },
      receipt_email: pi.receipt_email,
      receipt_number: null,
      receipt_url: `${this.config.baseUrl()}/receipts/${id}`,
      refunded: false,
      review: null,
      shipping: null,
      source: null,
      source_transfer: null,
      statement_descriptor: null,
      statement_descriptor_suffix: suffix,
      status: failure ? 'failed' : 'succeeded',
      transfer_data: null,
      transfer_group: null,
    };
    this.charges.set(charge.id, charge);
    return charge;
  }

  listPaymentIntents(customer: string | null, created: RangeFilter | null): PaymentIntentObject[] {
    return newestFirst(
      [...this.paymentIntents.values()].filter(
        (pi) => (customer === null || pi.customer === customer) && inRange(pi.created, created),
      ),
      (pi) => pi.created,
      (pi) => this.order(pi.id),
    );
  }

  // ── refunds and disputes ───────────────────────────────────────────────────

  createRefund(input: RefundInput, origin: Origin): RefundObject {
    let charge: ChargeObject;
    let paymentIntent: PaymentIntentObject;
    if (input.paymentIntent) {
      paymentIntent = this.paymentIntent(input.paymentIntent, 'payment_intent');
      if (input.charge && input.charge !== paymentIntent.latest_charge) {
        throw invalid(
          `The charge ${input.charge} does not belong to the PaymentIntent ${paymentIntent.id}.`,
          'charge',
        );
      }
      if (paymentIntent.status !== 'succeeded' || !paymentIntent.latest_charge) {
        throw invalid(
          `This PaymentIntent (${paymentIntent.id}) does not have a successful charge to refund.`,
          'payment_intent',
        );
      }
      charge = this.charge(paymentIntent.latest_charge, 'payment_intent');
    } else if (input.charge) {
      charge = this.charge(input.charge, 'charge');
      paymentIntent = this.paymentIntent(charge.payment_intent, 'charge');
      if (charge.status !== 'succeeded')
        throw invalid(`Charge ${charge.id} has not succeeded and cannot be refunded.`, 'charge');
    } else {
      throw invalid(
        'One of the following params should be provided for this request: payment_intent or charge.',
      );
    }
    if (charge.disputed) {
      throw invalid(
        `Charge ${charge.id} has been charged back; cannot issue a refund.`,
        undefined,
        'charge_disputed',
      );
    }
    const remaining = charge.amount_captured - charge.amount_refunded;
    if (remaining <= 0) {
      throw invalid(`Charge ${charge.id} has already been refunded.`, undefined, 'charge_already_refunded');
    }
    const amount = input.amount ?? remaining;
    if (amount > remaining) {
      throw invalid(
        `Refund amount (${formatMoney(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatMoney(remaining, charge.currency)})`,
        'amount',
      );
    }
    const refund: RefundObject = {
      id: this.id('re_3'),
      object: 'refund',
      amount,
      balance_transaction: `txn_3${randomToken(24)}`,
      charge: charge.id,
      created: this.seconds(),
      currency: charge.currency,
      destination_details: {
        card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' },
        type: 'card',
      },
      metadata: input.metadata,
      payment_intent: paymentIntent.id,
      reason: input.reason,
      receipt_number: null,
      source_transfer_reversal: null,
      status: 'succeeded',
      transfer_reversal: null,
    };
    this.refunds.set(refund.id, refund);
    const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded >= charge.amount_captured;
    if (!charge.refunded) delete (previous as Partial<typeof previous>).refunded;
    this.emit('refund.created', refund, origin);
    this.emit('charge.refunded', charge, origin, previous);
    return refund;
  }

  listRefunds(
    paymentIntent: string | null,
    charge: string | null,
    created: RangeFilter | null,
  ): RefundObject[] {
    return newestFirst(
      [...this.refunds.values()].filter(
        (r) =>
          (paymentIntent === null || r.payment_intent === paymentIntent) &&
          (charge === null || r.charge === charge) &&
          inRange(r.created, created),
      ),
      (r) => r.created,
      (r) => this.order(r.id),
    );
  }

  createDispute(paymentIntentId: string, amount: number | null, reason: string): DisputeObject {
    const pi = this.paymentIntent(paymentIntentId, 'payment_intent');
    if (pi.status !== 'succeeded' || !pi.latest_charge) {
      throw invalid(`PaymentIntent ${pi.id} has no successful charge to dispute.`, 'payment_intent');
    }
    const charge = this.charge(pi.latest_charge);
    if (charge.disputed) throw invalid(`Charge ${charge.id} is already disputed.`, 'charge');
    const created = this.seconds();
    const dispute: DisputeObject = {
      id: this.id('dp_1'),
      object: 'dispute',
      amount: amount ?? charge.amount_captured - charge.amount_refunded,
      balance_transactions: [],
      charge: charge.id,
      created,
      currency: charge.currency,
      evidence_details: {
        due_by: created + 7 * 24 * 3600,
        has_evidence: false,
        past_due: false,
        submission_count: 0,
      },
      is_charge_refundable: false,
      livemode: charge.livemode,
      metadata: {},
      payment_intent: pi.id,
      reason,
      status: 'needs_response',
    };
    this.disputes.set(dispute.id, dispute);
    charge.disputed = true;
    this.emit('charge.dispute.created', dispute, NO_REQUEST);
    return dispute;
  }

  // ── events ─────────────────────────────────────────────────────────────────

  listEvents(filter: EventFilter): EventObject[] {
    const matches = (type: string): boolean => {
      if (filter.types) return filter.types.includes(type);
      if (filter.type) {
        if (!filter.type.includes('*')) return type === filter.type;
        const re = new RegExp(`^${filter.type.split('*').map(escapeRegExp).join('.*')}$`);
        return re.test(type);
      }
      return true;
    };
    return newestFirst(
      [...this.events.values()].filter((e) => matches(e.type) && inRange(e.created, filter.created)),
      (e) => e.created,
      (e) => this.order(e.id),
    );
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function fingerprintOf(card: TestCard): string {
  let h = 0;
  for (const ch of card.number) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `fp${h.toString(36)}${card.last4}`.slice(0, 16).padEnd(16, 'X');
}

/** Stripe's metadata update: `''` for a key removes it; an empty `metadata` clears all. */
export function mergeMetadata(current: Metadata, update: Metadata | null): Metadata {
  if (update === null) return {};
  const next = { ...current };
  for (const [k, v] of Object.entries(update)) {
    if (v === '') delete next[k];
    else next[k] = v;
  }
  return next;
}

export function inRange(value: number, range: RangeFilter | null): boolean {
  if (!range) return true;
  if (range.eq !== undefined && value !== range.eq) return false;
  if (range.gt !== undefined && !(value > range.gt)) return false;
  if (range.gte !== undefined && !(value >= range.gte)) return false;
  if (range.lt !== undefined && !(value < range.lt)) return false;
  if (range.lte !== undefined && !(value <= range.lte)) return false;
  return true;
}

export function newestFirst<T>(items: T[], created: (t: T) => number, order: (t: T) => number): T[] {
  return items.sort((a, b) => created(b) - created(a) || order(b) - order(a));
}

/** Stripe's cursor pagination over a newest-first list. */
export function paginate<T extends { id: string }>(
  items: T[],
  page: PageParams,
  url: string,
  kind: string,
): ListObject<T> {
  let start = 0;
  let end = items.length;
  if (page.startingAfter) {
    const i = items.findIndex((x) => x.id === page.startingAfter);
    if (i < 0) throw noSuch(kind, page.startingAfter, 'starting_after');
    start = i + 1;
  }
  if (page.endingBefore) {
    const i = items.findIndex((x) => x.id === page.endingBefore);
    if (i < 0) throw noSuch(kind, page.endingBefore, 'ending_before');
    end = i;
    start = Math.max(0, end - page.limit);
  }
  const window = items.slice(start, end);
  const data = window.slice(0, page.limit);
  const hasMore = page.endingBefore ? start > 0 : window.length > page.limit;
  return { object: 'list', data: snapshot(data), has_more: hasMore, url };
}
