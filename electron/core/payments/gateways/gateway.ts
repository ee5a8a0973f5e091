/**
 * The card gateway port (DESIGN §7). The core depends on this interface only; the Stripe
 * implementation (stripe.ts) is built by the host (Electron main or the headless server) from the
 * secret key and handed in. Desk payments need no gateway: they are recorded directly.
 */

export interface CardDetails {
  gatewayId: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

export type ChargeResult =
  | { status: 'succeeded'; gatewayId: string }
  /** A definite no from the bank: recorded as failed with its codes. */
  | { status: 'failed'; gatewayId: string | null; code: string; declineCode: string | null; message: string }
  /** The bank wants the member to confirm (SCA): they get a link. */
  | { status: 'requires_action'; gatewayId: string };

export type RefundResult =
  | { status: 'succeeded'; gatewayId: string }
  | { status: 'pending'; gatewayId: string }
  | { status: 'failed'; gatewayId: string | null; message: string };

export interface GatewayEvent {
  id: string;
  type: string;
  created: Date;
  /** The object the event is about, as the gateway sent it. */
  object: Record<string, unknown>;
}

/**
 * The gateway could not be reached or answered with a server error: nothing is known about the
 * request, so nothing may be recorded as failed; it is repeated later with the same key.
 */
export class GatewayUnavailableError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'GatewayUnavailableError';
  }
}

/** The gateway refused the request itself (bad key, bad parameters): a fault to show, not retry. */
export class GatewayRequestError extends Error {
  constructor(
    message: string,
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = 'GatewayRequestError';
  }
}

export interface CardGateway {
  readonly name: 'stripe';
  readonly mode: 'test' | 'live';
  testConnection(): Promise<{ account: string | null }>;
  createCustomer(
    input: { memberId: number; name: string; email: string | null },
    idempotencyKey: string,
  ): Promise<string>;
  startCardSetup(
    input: { customerId: string; memberId: number; currency: string; successUrl: string; cancelUrl: string },
    idempotencyKey: string,
  ): Promise<{ sessionId: string; url: string; expiresAt: Date }>;
  getCardSetup(
    sessionId: string,
  ): Promise<{ status: 'open' | 'complete' | 'expired'; card: CardDetails | null }>;
  detachCard(gatewayId: string): Promise<void>;
  /** A page where the member pays `amount` themselves (their bank's confirmation included). */
  startPaymentLink(
    input: {
      customerId: string;
      amount: number;
      currency: string;
      description: string;
      successUrl: string;
      cancelUrl: string;
      metadata: Record<string, string>;
    },
    idempotencyKey: string,
  ): Promise<{ sessionId: string; url: string; expiresAt: Date }>;
  getPaymentLink(
    sessionId: string,
  ): Promise<{ status: 'open' | 'complete' | 'expired'; gatewayPaymentId: string | null }>;
  /** Closes an open payment page early (a newer one replaces it); refused when it is not open. */
  expirePaymentLink(sessionId: string): Promise<void>;
  charge(
    input: {
      customerId: string;
      paymentMethodId: string;
      amount: number;
      currency: string;
      description: string;
      statementDescriptor: string | null;
      metadata: Record<string, string>;
    },
    idempotencyKey: string,
  ): Promise<ChargeResult>;
  refund(
    input: { gatewayPaymentId: string; amount: number; metadata: Record<string, string> },
    idempotencyKey: string,
  ): Promise<RefundResult>;
  /** Events since `since`, oldest first, for reconciliation (up to 30 days back at Stripe). */
  eventsSince(since: Date): Promise<GatewayEvent[]>;
}
