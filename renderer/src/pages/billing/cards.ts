import type { PaymentMethod } from '../../../../shared/contract';

const BRANDS: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  diners: 'Diners Club',
  jcb: 'JCB',
  unionpay: 'UnionPay',
  cartes_bancaires: 'Cartes Bancaires',
};

/** Stripe's brand id as people say it: "visa" → "Visa". */
export function brandName(brand: string): string {
  return BRANDS[brand.toLowerCase()] ?? (brand ? brand[0]!.toUpperCase() + brand.slice(1) : 'Card');
}

/** "Visa •••• 4242": how a card is named everywhere (the member recognises the last four digits). */
export const cardName = (c: Pick<PaymentMethod, 'brand' | 'last4'>) =>
  `${brandName(c.brand)} •••• ${c.last4}`;

/** "12/2027": the expiry as printed on the card. */
export const cardExpiry = (c: Pick<PaymentMethod, 'expMonth' | 'expYear'>) =>
  `${String(c.expMonth).padStart(2, '0')}/${c.expYear}`;

/**
 * A member's saved cards live under 'members': the core reports card captures, new defaults and
 * removals as member changes, so app/coreEvents refreshes them.
 */
export const cardKeys = {
  list: (memberId: number) => ['members', 'cards', memberId] as const,
  setup: (setupId: number) => ['members', 'cardSetup', setupId] as const,
};
