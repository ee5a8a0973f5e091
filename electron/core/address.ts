import type { Address } from '../../shared/contract';

/** The address columns members and the business share. */
export interface AddressColumns {
  addressLine1: string | null;
  addressLine2: string | null;
  city: string | null;
  region: string | null;
  postalCode: string | null;
  country: string | null;
}

export const addressOf = (row: AddressColumns): Address => ({
  line1: row.addressLine1 ?? undefined,
  line2: row.addressLine2 ?? undefined,
  city: row.city ?? undefined,
  region: row.region ?? undefined,
  postalCode: row.postalCode ?? undefined,
  country: row.country ?? undefined,
});

/** Column values for an address as sent (absent parts are cleared). */
export const addressColumns = (a: Address): AddressColumns => ({
  addressLine1: a.line1 ?? null,
  addressLine2: a.line2 ?? null,
  city: a.city ?? null,
  region: a.region ?? null,
  postalCode: a.postalCode ?? null,
  country: a.country ?? null,
});
