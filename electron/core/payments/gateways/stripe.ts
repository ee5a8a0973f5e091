import Stripe from 'stripe';
import {
  GatewayRequestError,
  GatewayUnavailableError,
  type CardDetails,
  type CardGateway,
  type ChargeResult,
  type GatewayEvent,
} from './gateway';

export interface StripeGatewayOptions {
  secretKey: string;
  /** Any Stripe-compatible server (the test stand-in, stripe-mock): `RECUR_STRIPE_URL`. */
  apiUrl?: string | null;
  timeoutMs?: number;
}

/** `sk_test_…` / `rk_test_…` are test mode; `…_live_…` live. Anything else is not a secret key. */
export function keyMode(secretKey: string): 'test' | 'live' | null {
  const m = /^(sk|rk)_(test|live)_[A-Za-z0-9]+$/.exec(secretKey.trim());
  return m ? (m[2] as 'test' | 'live') : null;
}

const isUnavailable = (e: unknown) =>
  e instanceof Stripe.errors.StripeConnectionError ||
  e instanceof Stripe.errors.StripeAPIError ||
  e instanceof Stripe.errors.StripeRateLimitError ||
  (e instanceof Stripe.errors.StripeError && (e.statusCode ?? 0) >= 500);

/** Translates what stripe-node throws into the port's two kinds of trouble. */
function translate(e: unknown): never {
  if (isUnavailable(e)) throw new GatewayUnavailableError('Stripe could not be reached.', e);
  if (e instanceof Stripe.errors.StripeAuthenticationError) {
    throw new GatewayRequestError(
      'Stripe refused the secret key. Check it in Settings → Payments.',
      'authentication',
    );
  }
  if (e instanceof Stripe.errors.StripeError) throw new GatewayRequestError(e.message, e.code ?? null);
  throw e;
}

function cardOf(pm: Stripe.PaymentMethod | string | null | undefined): CardDetails | null {
  if (!pm || typeof pm === 'string' || !pm.card) return null;
  return {
    gatewayId: pm.id,
    brand: pm.card.brand,
    last4: pm.card.last4,
    expMonth: pm.card.exp_month,
    expYear: pm.card.exp_year,
  };
}

export function createStripeGateway(options: StripeGatewayOptions): CardGateway {
  const mode = keyMode(options.secretKey);
  if (!mode)
    throw new GatewayRequestError('That is not a Stripe secret key (it starts with sk_test_ or sk_live_).');
  const target = options.apiUrl ? new URL(options.apiUrl) : null;
  const stripe = new Stripe(options.secretKey, {
    timeout: options.timeoutMs ?? 20_000,
    // Retries reuse our idempotency key, so a retried charge is still the same charge.
    maxNetworkRetries: 1,
    telemetry: false,
    ...(target
      ? {
          host: target.hostname,
          port: target.port || (target.protocol === 'https:' ? 443 : 80),
          protocol: target.protocol === 'https:' ? 'https' : 'http',
        }
      : {}),
  });

  return {
    name: 'stripe',
    mode,

    async testConnection() {
      try {
        const account = await stripe.accounts.retrieve();
        return {
          account:
            account.settings?.dashboard?.display_name ?? account.business_profile?.name ?? account.id ?? null,
        };
      } catch (e) {
        return translate(e);
      }
    },

    async createCustomer(input, idempotencyKey) {
      try {
        const customer = await stripe.customers.create(
          {
            name: input.name,
            ...(input.email ? { email: input.email } : {}),
            metadata: { recur_member_id: String(input.memberId) },
          },
          { idempotencyKey },
        );
        return customer.id;
      } catch (e) {
        return translate(e);
      }
    },

    async startCardSetup(input, idempotencyKey) {
      try {
        const session = await stripe.checkout.sessions.create(
          {
            mode: 'setup',
            customer: input.customerId,
            currency: input.currency.toLowerCase(),
            payment_method_types: ['card'],
            success_url: input.successUrl,
            cancel_url: input.cancelUrl,
            metadata: { recur_member_id: String(input.memberId) },
          },
          { idempotencyKey },
        );
        if (!session.url) throw new GatewayRequestError('Stripe did not return a link for adding the card.');
        return { sessionId: session.id, url: session.url, expiresAt: new Date(session.expires_at * 1000) };
      } catch (e) {
        return translate(e);
      }
    },

    async getCardSetup(sessionId) {
      try {
        const session = await stripe.checkout.sessions.retrieve(sessionId, {
          expand: ['setup_intent.payment_method'],
        });
        const status =
          session.status === 'complete' ? 'complete' : session.status === 'expired' ? 'expired' : 'open';
        const intent = session.setup_intent;
        const card = intent && typeof intent !== 'string' ? cardOf(intent.payment_method) : null;
        return { status, card };
      } catch (e) {
        return translate(e);
      }
    },

    async startPaymentLink(input, idempotencyKey) {
      try {
        const session = await stripe.checkout.sessions.create(
          {
            mode: 'payment',
            customer: input.customerId,
            line_items: [
              {
                quantity: 1,
                price_data: {
                  currency: input.currency.toLowerCase(),
                  unit_amount: input.amount,
                  product_data: { name: input.description },
                },
              },
            ],
            payment_intent_data: { metadata: input.metadata },
            success_url: input.successUrl,
            cancel_url: input.cancelUrl,
            metadata: input.metadata,
          },
          { idempotencyKey },
        );
        if (!session.url) throw new GatewayRequestError('Stripe did not return a payment link.');
        return { sessionId: session.id, url: session.url, expiresAt: new Date(session.expires_at * 1000) };
      } catch (e) {
        return translate(e);
      }
    },

    async getPaymentLink(sessionId) {
      try {
        const session = await stripe.checkout.sessions.retrieve(sessionId);
        const status =
          session.status === 'complete' && session.payment_status === 'paid'
            ? 'complete'
            : session.status === 'expired'
              ? 'expired'
              : 'open';
        const intent = session.payment_intent;
        return { status, gatewayPaymentId: typeof intent === 'string' ? intent : (intent?.id ?? null) };
      } catch (e) {
        return translate(e);
      }
    },

    async expirePaymentLink(sessionId) {
      try {
        await stripe.checkout.sessions.expire(sessionId);
      } catch (e) {
        return translate(e);
      }
    },

    async detachCard(gatewayId) {
      try {
        await stripe.paymentMethods.detach(gatewayId);
      } catch (e) {
        return translate(e);
      }
    },

    async charge(input, idempotencyKey): Promise<ChargeResult> {
      try {
        const intent = await stripe.paymentIntents.create(
          {
            amount: input.amount,
            currency: input.currency.toLowerCase(),
            customer: input.customerId,
            payment_method: input.paymentMethodId,
            off_session: true,
            confirm: true,
            description: input.description,
            metadata: input.metadata,
            ...(input.statementDescriptor ? { statement_descriptor_suffix: input.statementDescriptor } : {}),
          },
          { idempotencyKey },
        );
        if (intent.status === 'succeeded' || intent.status === 'processing')
          return { status: 'succeeded', gatewayId: intent.id };
        if (intent.status === 'requires_action') return { status: 'requires_action', gatewayId: intent.id };
        const err = intent.last_payment_error;
        return {
          status: 'failed',
          gatewayId: intent.id,
          code: err?.code ?? 'payment_failed',
          declineCode: err?.decline_code ?? null,
          message: err?.message ?? 'The payment did not go through.',
        };
      } catch (e) {
        if (e instanceof Stripe.errors.StripeCardError) {
          // Off-session charges that need the member's confirmation come back as this card error.
          if (e.code === 'authentication_required' && e.payment_intent) {
            return { status: 'requires_action', gatewayId: e.payment_intent.id };
          }
          return {
            status: 'failed',
            gatewayId: e.payment_intent?.id ?? null,
            code: e.code ?? 'card_declined',
            declineCode: e.decline_code ?? null,
            message: e.message,
          };
        }
        return translate(e);
      }
    },

    async refund(input, idempotencyKey) {
      try {
        const refund = await stripe.refunds.create(
          { payment_intent: input.gatewayPaymentId, amount: input.amount, metadata: input.metadata },
          { idempotencyKey },
        );
        if (refund.status === 'succeeded') return { status: 'succeeded', gatewayId: refund.id };
        if (refund.status === 'failed' || refund.status === 'canceled') {
          return {
            status: 'failed',
            gatewayId: refund.id,
            message: refund.failure_reason ?? 'The refund failed.',
          };
        }
        return { status: 'pending', gatewayId: refund.id };
      } catch (e) {
        return translate(e);
      }
    },

    async eventsSince(since) {
      try {
        const events: GatewayEvent[] = [];
        for await (const e of stripe.events.list({
          created: { gte: Math.floor(since.getTime() / 1000) },
          limit: 100,
        })) {
          events.push({
            id: e.id,
            type: e.type,
            created: new Date(e.created * 1000),
            object: e.data.object as unknown as Record<string, unknown>,
          });
        }
        // Stripe lists newest first; reconciliation applies them in the order they happened.
        return events.reverse();
      } catch (e) {
        return translate(e);
      }
    },
  };
}
