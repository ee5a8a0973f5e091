/**
 * Stripe's test payment methods (https://docs.stripe.com/testing), as far as Recur needs them.
 * A PaymentMethod made from one of these tokens — passed directly as `payment_method`, or saved
 * through a Checkout Session — keeps behaving like that card on every later charge.
 */

export type CardOutcome =
  | { kind: 'succeed' }
  /** A decline: 402 `card_error` with this `code` / `decline_code` / message. */
  | { kind: 'decline'; code: string; declineCode: string; message: string; param?: string }
  /** 3-D Secure on every payment: `requires_action` on-session, `authentication_required` off-session. */
  | { kind: 'authenticate' };

export interface TestCard {
  token: string;
  number: string;
  brand: 'visa' | 'mastercard' | 'amex';
  last4: string;
  country: string;
  funding: 'credit' | 'debit';
  expMonth: number;
  expYear: number;
  label: string;
  outcome: CardOutcome;
}

const GENERIC = 'Your card was declined.';

function card(
  token: string,
  number: string,
  label: string,
  outcome: CardOutcome,
  extra: Partial<Pick<TestCard, 'brand' | 'country' | 'funding'>> = {},
): TestCard {
  return {
    token,
    number,
    brand: extra.brand ?? 'visa',
    last4: number.slice(-4),
    country: extra.country ?? 'US',
    funding: extra.funding ?? 'credit',
    expMonth: 12,
    expYear: 2034,
    label,
    outcome,
  };
}

const decline = (code: string, declineCode: string, message: string, param?: string): CardOutcome =>
  param
    ? { kind: 'decline', code, declineCode, message, param }
    : { kind: 'decline', code, declineCode, message };

export const TEST_CARDS: readonly TestCard[] = [
  card('pm_card_visa', '4242424242424242', 'Visa — succeeds', { kind: 'succeed' }),
  card(
    'pm_card_visa_debit',
    '4000056655665556',
    'Visa debit — succeeds',
    { kind: 'succeed' },
    { funding: 'debit' },
  ),
  card(
    'pm_card_mastercard',
    '5555555555554444',
    'Mastercard — succeeds',
    { kind: 'succeed' },
    { brand: 'mastercard' },
  ),
  card(
    'pm_card_amex',
    '378282246310005',
    'American Express — succeeds',
    { kind: 'succeed' },
    { brand: 'amex' },
  ),
  card('pm_card_gb', '4000008260000000', 'Visa (GB) — succeeds', { kind: 'succeed' }, { country: 'GB' }),
  card(
    'pm_card_authenticationRequiredOnSetup',
    '4000002500003155',
    '3-D Secure on setup only — later off-session charges succeed',
    { kind: 'succeed' },
  ),
  card('pm_card_chargeDeclined', '4000000000000002', 'Declined (generic_decline)', {
    ...decline('card_declined', 'generic_decline', GENERIC),
  }),
  card('pm_card_chargeCustomerFail', '4000000000000341', 'Attaches, then charges are declined', {
    ...decline('card_declined', 'generic_decline', GENERIC),
  }),
  card(
    'pm_card_chargeDeclinedInsufficientFunds',
    '4000000000009995',
    'Declined (insufficient_funds)',
    decline('card_declined', 'insufficient_funds', 'Your card has insufficient funds.'),
  ),
  card(
    'pm_card_chargeDeclinedLostCard',
    '4000000000009987',
    'Declined (lost_card)',
    decline('card_declined', 'lost_card', GENERIC),
  ),
  card(
    'pm_card_chargeDeclinedStolenCard',
    '4000000000009979',
    'Declined (stolen_card)',
    decline('card_declined', 'stolen_card', GENERIC),
  ),
  card(
    'pm_card_chargeDeclinedExpiredCard',
    '4000000000000069',
    'Declined (expired_card)',
    decline('expired_card', 'expired_card', 'Your card has expired.', 'exp_month'),
  ),
  card(
    'pm_card_chargeDeclinedIncorrectCvc',
    '4000000000000127',
    'Declined (incorrect_cvc)',
    decline('incorrect_cvc', 'incorrect_cvc', "Your card's security code is incorrect.", 'cvc'),
  ),
  card(
    'pm_card_chargeDeclinedProcessingError',
    '4000000000000119',
    'Declined (processing_error)',
    decline(
      'processing_error',
      'processing_error',
      'An error occurred while processing your card. Try again in a little bit.',
    ),
  ),
  card('pm_card_authenticationRequired', '4000002760003184', '3-D Secure on every payment', {
    kind: 'authenticate',
  }),
];

export function cardByToken(token: string): TestCard | undefined {
  return TEST_CARDS.find((c) => c.token === token);
}

export function cardByNumber(number: string): TestCard | undefined {
  const digits = number.replace(/\D/g, '');
  return TEST_CARDS.find((c) => c.number === digits);
}
