/**
 * What a decline means, in words a front desk can say to a member (DESIGN §5: "a plain-language
 * reason"). Keyed by Stripe's decline code first, then its error code.
 */
const DECLINES: Record<string, string> = {
  insufficient_funds: 'The bank declined: not enough funds.',
  generic_decline:
    'The bank declined the card without giving a reason. The member should call their bank or use another card.',
  do_not_honor:
    'The bank declined the card without giving a reason. The member should call their bank or use another card.',
  lost_card: 'The bank declined: the card was reported lost.',
  stolen_card: 'The bank declined: the card was reported stolen.',
  expired_card: 'The card has expired. Ask the member for a new card.',
  incorrect_cvc: 'The card’s security code was wrong.',
  processing_error: 'The bank had a problem processing the card. Try again in a little while.',
  card_velocity_exceeded:
    'The card’s limit was reached. The member should use another card or call their bank.',
  authentication_required: 'The bank wants the member to confirm this payment; they have been sent a link.',
  card_not_supported: 'This card does not support this kind of payment.',
  currency_not_supported: 'This card cannot pay in this currency.',
};

export function plainDeclineReason(
  code: string | null,
  declineCode: string | null,
  fallback: string,
): string {
  return (
    (declineCode && DECLINES[declineCode]) ||
    (code && DECLINES[code]) ||
    `The payment did not go through: ${fallback}`
  );
}
